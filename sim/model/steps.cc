// The step interpreter: what each instruction of a thread's script does while
// the thread is on a core (program.h has the instructions).
#include "model/simulation.h"

namespace gilsim {

// Thread t is on a core: run its steps until it leaves the core or begins a
// compute that takes time.
void Simulation::run_on_core(ThreadIndex t) {
  ThreadRun& th = threads_[t];
  const std::vector<Instruction>& code = script_of(th).code;
  for (;;) {
    if (halted_) return;
    if (engine_.handled() + ++steps_ > step_limit_) {
      halted_ = true;  // a loop of steps that take no time; the engine stops after this event
      return;
    }
    if (th.activity == Activity::native) return start_compute(t);  // C code resumes without the GIL
    if (th.activity == Activity::held_native) return start_compute(t);  // C code resumes, its GIL kept
    if (has_gil(th)) {
      if (!th.holds_gil) {
        if (!take_gil(t)) return;
      } else if (gil_->drop_requested(th.process)) {
        return forced_drop(t);
      }
    }
    if (th.state() == ThreadState::native) set_state(t, ThreadState::running, th.core);  // back in Python
    if (th.collecting) collect_item(t);  // it returns from get
    if (!th.begun) {
      th.begun = true;
      if (ThreadIndex starter = waiters_[t].starter; starter != kNone) {
        waiters_[t].starter = kNone;
        wake_later(starter, wakeup_);
      }
    }
    if (th.activity == Activity::compute) return start_compute(t);
    if (th.pc == code.size()) return finish(t);

    const Instruction& in = code[th.pc];
    switch (in.op) {
      case Op::compute:
        if (duration_of(t, in) == 0) break;
        th.activity = Activity::compute;
        th.remaining = duration_of(t, in);
        return start_compute(t);
      case Op::held_native:
      case Op::shared_copy: {
        const Time duration = in.op == Op::shared_copy ? shared_copy_time(in) : duration_of(t, in);
        if (duration == 0) break;
        th.activity = Activity::held_native;
        th.remaining = duration;
        if (has_gil(th)) gil_->holder_in_c(th.process, true);
        return start_compute(t);
      }
      case Op::native: {
        Time duration = duration_of(t, in);
        if (in.start_cost == StartCost::forkserver_launch) {
          process_flags_[th.process] |= kForkServer;
          if (duration == 0) break;  // the server runs: no wait, and the GIL kept
        }
        if (th.holds_gil) release_gil(t, false);
        th.activity = Activity::native;
        th.remaining = duration;
        // A call that takes no time (a print's write() at cost 0) shows no state of its own.
        if (th.remaining > 0) set_state(t, ThreadState::native, th.core);
        return start_compute(t);
      }
      case Op::sleep:
      case Op::io: {
        ++th.pc;
        block(t, in.op == Op::sleep ? ThreadState::sleep : ThreadState::io, 0);
        Time duration = duration_of(t, in);
        Time late = in.op == Op::sleep ? timer_slack_ : io_latency_;
        duration = late > kTimeMax - duration ? kTimeMax : duration + late;
        schedule_after(perturb_.wake(duration), EventKind::wake, {t, th.generation});
        return;
      }
      case Op::spawn:
        spawn(roster_.process_index(in.thread_spec, in.copy));
        break;
      case Op::wait: {
        ProcessIndex p = roster_.process_index(in.thread_spec, in.copy);
        ++th.pc;
        if (unfinished_in_[p] == 0) continue;  // finished already: returns at once, GIL kept
        process_waiters_[p].push_back(t);
        block(t, ThreadState::process_wait, p);
        return;
      }
      case Op::drain_begin:
        if (!get_nowait(t, sync_of(th, in))) {
          th.pc = in.jump;  // get_nowait raised Empty: the loop ends
          continue;
        }
        break;
      case Op::drain_end:
        th.pc = in.jump;
        continue;
      case Op::acquire:
      case Op::release:
      case Op::event_set:
      case Op::event_clear:
      case Op::event_wait:
      case Op::put:
      case Op::get:
      case Op::device_io:
        if (!run_sync_step(t, in)) return;
        continue;  // run_sync_step moved the pc
      case Op::pool_submit:
      case Op::pool_start:
      case Op::pool_take:
      case Op::pool_dispatch:
      case Op::pool_task_end:
      case Op::pool_write:
      case Op::pool_give:
      case Op::pool_complete:
      case Op::pool_results:
      case Op::pool_next:
      case Op::pool_loop:
      case Op::pool_shutdown:
      case Op::pool_join:
      case Op::pool_wait:
        if (!run_pool_step(t, in)) return;
        continue;  // run_pool_step moved the pc
      case Op::mpq_reserve:
      case Op::mpq_put:
      case Op::mpq_feed:
      case Op::mpq_send:
      case Op::mpq_write:
      case Op::mpq_written:
      case Op::mpq_get:
      case Op::mpq_unpickle:
      case Op::mpq_got:
        if (!run_mp_step(t, in)) return;
        continue;  // run_mp_step moved the pc
      case Op::start:
        ++th.pc;
        return start_thread(t, roster_.thread_index(th.process, in.thread_spec, in.copy));
      case Op::join:
        ++th.pc;
        if (join_thread(t, roster_.thread_index(th.process, in.thread_spec, in.copy))) continue;
        return;
      case Op::print:
        observer_.on_print(engine_.now(), t, render_print(t, script_of(th).prints[in.index]));
        break;
      case Op::loop_begin:
        loop_counters_[th.loop_base + in.index] = 0;
        if (in.count == 0) {
          th.pc = in.jump;
          continue;
        }
        break;
      case Op::loop_end:
        if (++loop_counters_[th.loop_base + in.index] < in.count) {
          th.pc = in.jump;
          continue;
        }
        break;
    }
    ++th.pc;
  }
}

// Thread.start(): the caller waits until the new thread has begun running,
// which the OS makes runnable thread_start_latency from now.
void Simulation::start_thread(ThreadIndex t, ThreadIndex target) {
  process_flags_[threads_[t].process] |= kThreadStarted;
  block(t, ThreadState::start, target);
  waiters_[target].starter = t;
  wake_later(target, thread_start_latency_);
}

// Thread.join(): returns at once, GIL kept, if the thread has finished.
bool Simulation::join_thread(ThreadIndex t, ThreadIndex target) {
  if (state_of(target) == ThreadState::finished) return true;
  waiters_[t].next_joiner = waiters_[target].first_joiner;
  waiters_[target].first_joiner = t;
  block(t, ThreadState::join, target);
  return false;
}

// Process.start() has returned: the new process's main thread is runnable
// process_start_latency later with fork, at once with forkserver and spawn
// (whose child then boots: StartCost::boot), and starts the threads that no step starts
// (program.h); with start_together they all begin with it, in declaration order.
void Simulation::spawn(ProcessIndex p) {
  const ProcessInfo& info = roster_.processes()[p];
  const ProcessSpec& spec = roster_.scenario().processes[info.spec];
  process_flags_[p] |= kSpawned;
  Time latency = start_method_of(roster_.scenario(), spec) == StartMethod::fork ? process_start_latency_ : 0;
  for (ThreadIndex t = info.first_thread; t < info.first_thread + info.thread_count; ++t) {
    if (t != info.first_thread && (!roster_.scenario().start_together || spec.threads[roster_.threads()[t].spec].started_by_step))
      continue;
    wake_later(t, latency);
  }
}

void Simulation::process_finished(ProcessIndex p) {
  if (process_waiters_.empty()) return;
  std::vector<ThreadIndex> waiters = std::move(process_waiters_[p]);
  for (ThreadIndex t : waiters) wake_later(t, wakeup_);
}

// A print step's text: the program's own output.
std::string Simulation::render_print(ThreadIndex t, const PrintTemplate& tpl) const {
  const ThreadRun& th = threads_[t];
  std::string out;
  for (const PrintTemplate::Part& part : tpl.parts) {
    switch (part.kind) {
      case TextPart::Kind::literal: out += part.literal; break;
      case TextPart::Kind::thread: out += roster_.thread_name(t); break;
      case TextPart::Kind::process: out += roster_.process_name(th.process); break;
      case TextPart::Kind::time: out += format_duration(engine_.now()); break;
      case TextPart::Kind::active_count: out += std::to_string(alive_[th.process]); break;
      case TextPart::Kind::loop_var:
        out += std::to_string(part.from + loop_counters_[th.loop_base + part.slot] * part.step);
        break;
    }
  }
  return out;
}

// What each blocked thread waits for: the joined thread, the awaited
// process, the primitive or the device of the step it waits in.
std::vector<WaitingOn> Simulation::waiting_on() const {
  std::vector<WaitingOn> waits(threads_.size());
  for (ThreadIndex t = 0; t < threads_.size(); ++t) {
    ThreadState state = state_of(t);
    if (state != ThreadState::join && state != ThreadState::process_wait && !is_sync_wait(state)) continue;
    const ThreadRun& th = threads_[t];
    const Instruction& in = waiting_step(t);
    WaitingOn& w = waits[t];
    if (state == ThreadState::join) {
      w.on = roster_.thread_index(th.process, in.thread_spec, in.copy);
    } else if (state == ThreadState::process_wait) {
      ProcessIndex p = roster_.process_index(in.thread_spec, in.copy);
      w.on = p;
      w.process_started = state_of(roster_.processes()[p].first_thread) != ThreadState::not_started;  // its main thread began
    } else if (state == ThreadState::device_wait) {
      w.on = in.device;
    } else if (roster_.syncs()[states_.detail(t)].process == kSharedProcess &&
               is_mp_queue(roster_.sync_spec(states_.detail(t)).kind)) {
      w.on = states_.detail(t);  // a multiprocessing queue: a feeder waits at its pc (maybe 0), the others past their step
      const std::vector<Instruction>& code = script_of(th).code;
      const Op past = th.pc < code.size() && code[th.pc].op == Op::mpq_feed ? Op::mpq_feed : waiting_step(t).op;
      w.queue = past == Op::mpq_feed      ? QueueWait::feed
                : past == Op::mpq_reserve ? QueueWait::put
                : past == Op::mpq_write   ? QueueWait::write
                                          : QueueWait::get;
      w.put = w.queue == QueueWait::put;
    } else if (roster_.sync_spec(states_.detail(t)).pool) {
      w.on = states_.detail(t);  // a pool's queue or futures, as the wait shows it (its step may be behind or at the pc)
    } else {
      w.on = sync_of(th, in);
      w.put = in.op == Op::put;
      w.queue = w.put ? QueueWait::put : QueueWait::get;
    }
  }
  return waits;
}

}  // namespace gilsim
