#include "model/simulation.h"

#include <algorithm>
#include <cassert>
#include <stdexcept>

namespace gilsim {

Simulation::Simulation(const Roster& roster, Observer& observer)
    : roster_(roster),
      observer_(observer),
      switch_interval_(roster.scenario().gil.switch_interval),
      cpu_(roster.cores(), roster.scenario().scheduler, roster.threads().size()),
      gil_timer_generation_(roster.processes().size(), 0),
      handoff_latency_(roster.scenario().gil.handoff_latency),
      old_gil_(roster.scenario().gil.model == GilModel::cpython2),
      wakeup_latency_(roster.scenario().gil.wakeup_latency),
      alive_(roster.processes().size(), 0),
      context_switch_(roster.scenario().scheduler.context_switch),
      timer_slack_(roster.scenario().timer_slack) {
  const Scenario& scenario = roster.scenario();
  const GilSpec& gil = scenario.gil;
  unfinished_in_.reserve(roster.processes().size());
  for (const ProcessInfo& info : roster.processes()) unfinished_in_.push_back(info.thread_count);
  std::vector<std::uint32_t> first_script;  // per process spec
  for (const ProcessSpec& process : scenario.processes) {
    std::vector<std::uint32_t> counts;
    for (const ThreadSpec& thread : process.threads) counts.push_back(thread.count.value_or(1));
    first_script.push_back(static_cast<std::uint32_t>(scripts_.size()));
    bool free_threaded = !process.gil || gil.model == GilModel::none;
    std::int64_t overhead = free_threaded ? gil.single_thread_overhead : kOverheadUnit;
    for (const ThreadSpec& thread : process.threads)
      scripts_.push_back(compile_script(thread.steps, counts, overhead, scenario.processes));
  }
  if (old_gil_) {
    old_gils_.assign(roster.processes().size(), OldGil(gil));
    old_gil_waiter_.assign(roster.threads().size(), 0);
  } else {
    gils_.reserve(roster.processes().size());
    // A waiter's timed wait (pthread_cond_timedwait in take_gil) is a timer
    // too: each lasts the interval plus the slack, back to back, so the GIL's
    // timeout arithmetic stays exact with that period.
    Time period = timer_slack_ > kTimeMax - switch_interval_ ? kTimeMax : switch_interval_ + timer_slack_;
    for (std::size_t p = 0; p < roster.processes().size(); ++p) gils_.emplace_back(period, &gil_pool_);
  }
  threads_.resize(roster.threads().size());
  states_ = ThreadStates(threads_.size());
  std::size_t counters = 0;
  for (ThreadIndex t = 0; t < threads_.size(); ++t) {
    const ThreadInfo& info = roster.threads()[t];
    ThreadRun& th = threads_[t];
    th.process = info.process;
    th.script = first_script[roster.processes()[info.process].spec] + info.spec;
    th.loop_base = static_cast<std::uint32_t>(counters);
    counters += scripts_[th.script].loop_slots;
  }
  loop_counters_.resize(counters);
  unfinished_ = threads_.size();

  bool queues = false;
  bool lockables = false;
  syncs_.resize(roster.syncs().size());
  for (SyncIndex s = 0; s < syncs_.size(); ++s) {
    const SyncSpec& spec = roster.sync_spec(s);
    SyncState& state = syncs_[s];
    state.kind = spec.kind;
    state.value = spec.value;
    state.limit = spec.value;
    state.bounded = spec.bounded;
    queues = queues || spec.kind == SyncKind::queue;
    lockables = lockables || spec.kind == SyncKind::lock || spec.kind == SyncKind::rlock ||
                spec.kind == SyncKind::semaphore;
  }
  if (queues) work_.resize(threads_.size(), 0);
  if (lockables) held_.resize(threads_.size());
  for (const DeviceSpec& device : scenario.devices) devices_.push_back({device.channels, 0, {}});
  for (const Script& script : scripts_)
    for (const Instruction& in : script.code)
      if (in.op == Op::wait && process_waiters_.empty()) process_waiters_.resize(roster.processes().size());
  apply_os_settings();
}

// Priorities, nice values and affinity: a thread's own, else its process's.
// Only what the policy uses is handed to the scheduler, so side tables exist
// only when a scenario needs them.
void Simulation::apply_os_settings() {
  const Scenario& scenario = roster_.scenario();
  for (ThreadIndex t = 0; t < threads_.size(); ++t) {
    const ThreadInfo& info = roster_.threads()[t];
    const ProcessSpec& process = scenario.processes[roster_.processes()[info.process].spec];
    const OsSettings& own = process.threads[info.spec].os;
    std::optional<std::int32_t> priority = own.priority ? own.priority : process.os.priority;
    std::optional<std::int32_t> nice = own.nice ? own.nice : process.os.nice;
    const std::vector<std::uint32_t>& cpus = own.cpus.empty() ? process.os.cpus : own.cpus;
    if (priority && *priority != 0 && cpu_.policy() == SchedulerPolicy::priority) cpu_.set_priority(t, *priority);
    if (nice && *nice != 0 && cpu_.policy() == SchedulerPolicy::cfs) cpu_.set_nice(t, *nice);
    if (!cpus.empty() && cpus.size() < roster_.cores()) cpu_.set_affinity(t, cpus);
  }
}

Outcome Simulation::run(const RunLimits& limits) {
  // Threads that no start step names start with their process, in declaration order.
  for (ThreadIndex t = 0; t < threads_.size(); ++t) {
    const ThreadInfo& info = roster_.threads()[t];
    const ProcessInfo& process = roster_.processes()[info.process];
    const ProcessSpec& spec = roster_.scenario().processes[process.spec];
    if (!spec.spawned_by_step && !spec.threads[info.spec].started_by_step) make_ready(t);
  }
  step_limit_ = limits.max_events;
  settle();
  Outcome outcome;
  outcome.stop = halted_ ? RunStop::event_limit : engine_.run(*this, limits);
  outcome.events = engine_.handled();
  outcome.state_changes = state_changes_;
  if (halted_) outcome.stop = RunStop::event_limit;
  // A run stopped by a limit ends where the engine stopped: a long compute changes no state.
  outcome.end = outcome.stop == RunStop::drained ? last_change_ : std::max(last_change_, engine_.now());
  outcome.program_error = program_error_;
  // Threads that never started (their starter died of a program error before
  // its start or spawn step) are not blocked: only live ones make a deadlock.
  bool blocked = std::any_of(alive_.begin(), alive_.end(), [](std::uint32_t n) { return n > 0; });
  if (outcome.stop == RunStop::drained && unfinished_ > 0 && blocked) {
    outcome.deadlock = describe_deadlock();
    observer_.on_deadlock(outcome.end, *outcome.deadlock);
  }
  observer_.on_end(outcome.end, states_);
  return outcome;
}

void Simulation::handle(const EventPayload& event, std::uint8_t priority) {
  auto kind = static_cast<EventKind>(priority);
  if (kind == EventKind::quantum_end) {
    if (cpu_.core_generation(event.target) == event.generation) on_quantum_end(event.target);
    return;
  }
  if (kind == EventKind::gil_timeout) {
    if (gil_timer_generation_[event.target] == event.generation) on_gil_timeout(event.target);
    return;
  }
  ThreadIndex t = event.target;
  ThreadRun& th = threads_[t];
  if (th.generation != event.generation) return;  // cancelled
  switch (kind) {
    case EventKind::switch_done:
      th.switching = false;
      cpu_.set_switching(th.core, false);
      cpu_.begin_slice(th.core, engine_.now());
      dispatch(t);
      break;
    case EventKind::compute_done:
      if (old_gil_ && th.holds_gil && th.activity == Activity::compute && !end_old_gil_segment(t)) break;
      th.remaining = 0;
      th.activity = Activity::none;
      ++th.pc;
      run_on_core(t);
      break;
    case EventKind::wake:
      if (state_of(t) == ThreadState::event_wait) {  // a timed wait ran out
        make_ready(t);
        event_wait_timed_out(t);
      } else {
        make_ready(t);
      }
      break;
    case EventKind::device_done: on_device_done(t); break;
    case EventKind::gil_timeout: break;
    case EventKind::quantum_end: break;
  }
}

// Free cores take ready threads; then, under priority and cfs, each thread
// woken at this instant may preempt a running one (which goes back to the
// queue) and the freed core takes the best waiter.
// A woken thread whose victim's core is mid context switch waits for the
// switch to end (a switch, once begun, completes) and then preempts: it stays
// in `deferred_wakes_` and is asked about again at every instant until then.
void Simulation::settle() {
  place_ready();
  if (woken_.empty()) return;
  for (std::size_t i = 0; i < woken_.size() && !halted_; ++i) {  // placing may wake more: woken_ grows
    auto [t, generation] = woken_[i];
    const ThreadRun& th = threads_[t];
    if (state_of(t) != ThreadState::ready || th.switching || th.generation != generation) continue;
    std::optional<CoreIndex> core = cpu_.preemption_target(t, th.last_core, engine_.now());
    if (!core) continue;
    ThreadIndex victim = cpu_.running_on(*core);
    if (threads_[victim].switching) {
      deferred_wakes_.push_back(woken_[i]);
      continue;
    }
    take_off_core(victim, true);
    // POSIX: a thread preempted by a higher priority goes to the head of its level.
    make_ready(victim, false, CpuScheduler::Enqueue::head);
    place_ready();
  }
  woken_.clear();
  woken_.swap(deferred_wakes_);
}

// Free cores take ready threads until one or the other runs out.
void Simulation::place_ready() {
  while (!halted_) {
    auto placement = cpu_.place_next(engine_.now(), [this](ThreadIndex t) { return threads_[t].last_core; });
    if (!placement) break;
    ThreadIndex t = placement->thread;
    ThreadRun& th = threads_[t];
    th.core = th.last_core = placement->core;
    if (context_switch_ > 0 && cpu_.last_on(placement->core) != t) {
      // The core spends the switch before the thread runs; the thread is still ready meanwhile.
      th.switching = true;
      cpu_.set_switching(placement->core, true);
      observer_.on_core_overhead(engine_.now(), placement->core, t, context_switch_);
      schedule_after(context_switch_, EventKind::switch_done, {t, th.generation});
      continue;
    }
    dispatch(t);
  }
}

void Simulation::dispatch(ThreadIndex t) {
  ThreadRun& th = threads_[t];
  th.run_since = engine_.now();  // a paused compute resumes only in start_compute
  set_state(t, ThreadState::running, th.core);
  run_on_core(t);
}

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
    if (old_gil_ && has_gil(th)) {
      if (!th.holds_gil && !try_old_gil(t)) return;
    } else if (has_gil(th)) {
      Gil& gil = gils_[th.process];
      if (!th.holds_gil) {
        if (gil.held()) return wait_for_gil(t);
        gil.take(t, engine_.now());
        th.holds_gil = true;
        observer_.on_gil_acquire(engine_.now(), th.process, t, false);
      } else if (gil.drop_requested()) {
        return forced_drop(t);
      }
    }
    if (th.collecting) collect_item(t);  // it returns from get
    if (!th.begun) {
      th.begun = true;
      if (th.starter != kNone) {
        make_ready(th.starter);
        th.starter = kNone;
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
      case Op::native:
        if (th.holds_gil) release_gil(t, false);
        th.activity = Activity::native;
        th.remaining = duration_of(t, in);
        return start_compute(t);
      case Op::sleep:
      case Op::io: {
        ++th.pc;
        block(t, in.op == Op::sleep ? ThreadState::sleep : ThreadState::io, 0);
        Time duration = duration_of(t, in);
        if (in.op == Op::sleep) duration = timer_slack_ > kTimeMax - duration ? kTimeMax : duration + timer_slack_;
        schedule_after(duration, EventKind::wake, {t, th.generation});
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
        if (syncs_[sync_of(th, in)].items.empty()) {
          th.pc = in.jump;  // get_nowait raised Empty: the loop ends
          continue;
        }
        take_item(t, sync_of(th, in));
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
      case Op::start: {
        ThreadIndex target = roster_.thread_index(th.process, in.thread_spec, in.copy);
        ++th.pc;
        block(t, ThreadState::start, target);
        threads_[target].starter = t;
        make_ready(target);
        return;
      }
      case Op::join: {
        ThreadIndex target = roster_.thread_index(th.process, in.thread_spec, in.copy);
        ++th.pc;
        if (state_of(target) == ThreadState::finished) continue;  // returns at once, GIL kept
        th.next_joiner = threads_[target].first_joiner;
        threads_[target].first_joiner = t;
        block(t, ThreadState::join, target);
        return;
      }
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

// Begins (or resumes) the current compute on the thread's core.
void Simulation::start_compute(ThreadIndex t) {
  ThreadRun& th = threads_[t];
  if (old_gil_ && th.holds_gil && th.activity == Activity::compute) return start_old_gil_segment(t);
  Time now = engine_.now();
  th.run_since = now;
  schedule_after(th.remaining, EventKind::compute_done, {t, th.generation});
  arm_quantum_end(th.core, th.remaining);
}

// The slice matters only if the compute would outlast it.
void Simulation::arm_quantum_end(CoreIndex core, Time remaining) {
  Time now = engine_.now();
  Time slice_end = cpu_.slice_end(core);
  bool outlasts = remaining > slice_end - now;
  if (outlasts && cpu_.arm_quantum_end(core))
    schedule_after(slice_end - now, EventKind::quantum_end, {core, cpu_.core_generation(core)});
}

void Simulation::block(ThreadIndex t, ThreadState state, std::uint32_t detail) {
  take_off_core(t);
  set_state(t, state, detail);
  if (threads_[t].holds_gil) release_gil(t, false);
}

void Simulation::finish(ThreadIndex t) {
  ThreadRun& th = threads_[t];
  take_off_core(t);
  set_state(t, ThreadState::finished);
  if (th.holds_gil) release_gil(t, false);
  --alive_[th.process];
  --unfinished_;
  if (--unfinished_in_[th.process] == 0) process_finished(th.process);
  ThreadIndex joiner = th.first_joiner;
  th.first_joiner = kNone;
  // Joiners were pushed on the front of the list; wake them in the order they began to wait.
  std::vector<ThreadIndex> joiners;
  for (; joiner != kNone; joiner = threads_[joiner].next_joiner) joiners.push_back(joiner);
  for (auto it = joiners.rbegin(); it != joiners.rend(); ++it) make_ready(*it);
}

// The threads of process p that start with it (its main thread and those no
// start step names), in declaration order.
void Simulation::spawn(ProcessIndex p) {
  const ProcessInfo& info = roster_.processes()[p];
  const ProcessSpec& spec = roster_.scenario().processes[info.spec];
  for (ThreadIndex t = info.first_thread; t < info.first_thread + info.thread_count; ++t)
    if (!spec.threads[roster_.threads()[t].spec].started_by_step) make_ready(t);
}

void Simulation::process_finished(ProcessIndex p) {
  if (process_waiters_.empty()) return;
  std::vector<ThreadIndex> waiters = std::move(process_waiters_[p]);
  for (ThreadIndex t : waiters) make_ready(t);
}

void Simulation::make_ready(ThreadIndex t, bool woke, CpuScheduler::Enqueue where) {
  ThreadRun& th = threads_[t];
  if (state_of(t) == ThreadState::not_started) ++alive_[th.process];
  ++th.generation;
  set_state(t, ThreadState::ready);
  cpu_.make_ready(t, engine_.now(), woke, where);
  if (woke && cpu_.preemptive()) woken_.push_back({t, th.generation});
}

// The thread leaves its core: its compute (if any) pauses, pending events die.
void Simulation::take_off_core(ThreadIndex t, bool preempted) {
  ThreadRun& th = threads_[t];
  if (th.core == kNone) return;
  if (th.activity != Activity::none) {
    Time elapsed = engine_.now() - th.run_since;
    // An old-GIL holder's segment begins with a check's overhead, which is no progress.
    if (old_gil_ && th.holds_gil && th.activity == Activity::compute) elapsed = old_gils_[th.process].progress(elapsed);
    th.remaining -= elapsed;
  }
  ++th.generation;
  cpu_.leave_core(th.core, engine_.now(), preempted);
  th.core = kNone;
}

void Simulation::release_gil(ThreadIndex t, bool forced) {
  if (old_gil_) return release_old_gil(t);
  ThreadRun& th = threads_[t];
  assert(th.holds_gil);
  th.holds_gil = false;
  observer_.on_gil_release(engine_.now(), th.process, t);
  std::optional<ThreadIndex> next = gils_[th.process].release(engine_.now());
  if (!next) return;
  assert(*next != t && "FORCE_SWITCHING: the dropper never gets the GIL straight back");
  threads_[*next].holds_gil = true;
  observer_.on_gil_acquire(engine_.now(), th.process, *next, forced);
  // It holds the GIL while the OS wakes it and while it waits for a core.
  if (handoff_latency_ == 0)
    make_ready(*next);
  else
    schedule_after(handoff_latency_, EventKind::wake, {*next, threads_[*next].generation});
  rearm_gil_timer(th.process);
}

void Simulation::wait_for_gil(ThreadIndex t) {
  take_off_core(t);
  set_state(t, ThreadState::gil_wait);
  gils_[threads_[t].process].add_waiter(t, engine_.now());
  rearm_gil_timer(threads_[t].process);
}

// One pending timeout per GIL: the first one that can ask for a drop (gil.h).
void Simulation::rearm_gil_timer(ProcessIndex p) {
  std::uint32_t generation = ++gil_timer_generation_[p];
  if (auto request = gils_[p].next_drop_request()) {
    assert(request->at >= engine_.now());
    schedule_after(request->at - engine_.now(), EventKind::gil_timeout, {p, generation});
  }
}

// The holder saw the drop request: it gives the GIL to the longest waiter and
// queues behind the others (FORCE_SWITCHING).
void Simulation::forced_drop(ThreadIndex holder) {
  ThreadRun& th = threads_[holder];
  take_off_core(holder);
  set_state(holder, ThreadState::gil_wait);
  release_gil(holder, true);
  gils_[th.process].add_waiter(holder, engine_.now());
  rearm_gil_timer(th.process);
}

void Simulation::on_gil_timeout(ProcessIndex p) {
  Gil& gil = gils_[p];
  std::optional<Gil::DropRequest> request = gil.next_drop_request();
  assert(request && request->at == engine_.now() && gil.held());
  if (gil.request_drop()) observer_.on_gil_drop_request(engine_.now(), p, request->requester);
  ThreadIndex holder = gil.holder();
  if (state_of(holder) == ThreadState::running) forced_drop(holder);
  // Otherwise the holder drops as soon as the OS runs it again (run_on_core).
}

void Simulation::on_quantum_end(CoreIndex core) {
  cpu_.disarm_quantum_end(core);
  ThreadIndex t = cpu_.running_on(core);
  if (!cpu_.should_yield(core, engine_.now())) {  // nobody (better) waits: a fresh slice
    cpu_.begin_slice(core, engine_.now());
    const ThreadRun& th = threads_[t];
    arm_quantum_end(core, th.remaining - (engine_.now() - th.run_since));
    return;
  }
  take_off_core(t, true);
  make_ready(t, false);  // to the tail of the queue, keeping the GIL if it holds it
}

void Simulation::set_state(ThreadIndex t, ThreadState state, std::uint32_t detail) {
  ++state_changes_;
  last_change_ = engine_.now();
  observer_.on_thread_state(states_.change(t, state, detail, engine_.now()));
}

}  // namespace gilsim
