// The simulation's thread mechanics: building the run, the engine's events,
// placing ready threads on cores, and moving a thread between the scheduler's
// states. The steps a thread runs are in steps.cc; what the GIL model and the
// primitives decide is carried out in simulation_gil.cc and sync_steps.cc.
#include "model/simulation.h"

#include <algorithm>
#include <cassert>

#include "model/gil/registry.h"

namespace gilsim {

Simulation::Simulation(const Roster& roster, Observer& observer)
    : roster_(roster),
      observer_(observer),
      cpu_(roster.cores(), roster.scenario().scheduler, roster.threads().size()),
      gil_(make_gil_rules(roster.scenario().gil, roster.scenario().timer_slack, roster.processes().size(),
                          roster.threads().size())),
      segmented_(gil_ && gil_->segments_compute()),
      gil_timer_generation_(roster.processes().size(), 0),
      syncs_(roster, observer, roster.threads().size(),
             [this](ThreadIndex t, std::uint32_t generation) { return threads_[t].generation == generation; }),
      alive_(roster.processes().size(), 0),
      context_switch_(roster.scenario().scheduler.context_switch),
      timer_slack_(roster.scenario().timer_slack),
      io_latency_(roster.scenario().costs.io_latency),
      perturb_(roster.scenario().perturbation),
      wakeup_(roster.scenario().costs.wakeup),
      thread_start_latency_(roster.scenario().costs.thread_start_latency),
      first_thread_start_(roster.scenario().costs.first_thread_start),
      process_flags_(roster.processes().size(), 0),
      forkserver_launch_(roster.scenario().costs.forkserver_launch),
      process_start_latency_(roster.scenario().costs.process_start_latency) {
  const Scenario& scenario = roster.scenario();
  if (perturb_.perturbs()) engine_.queue().scramble_ties(perturb_.tie_salt());  // explore: ties in another order
  unfinished_in_.reserve(roster.processes().size());
  for (const ProcessInfo& info : roster.processes()) unfinished_in_.push_back(info.thread_count);
  // Per process spec: its first thread spec's script, and those of its main
  // thread when it starts others (program.h).
  struct Scripts {
    std::uint32_t first = 0;
    std::uint32_t main = kNone;
    std::uint32_t first_main = kNone;
  };
  std::vector<Scripts> script_of_spec;
  auto add = [this](Script&& script) {
    scripts_.push_back(std::move(script));
    return static_cast<std::uint32_t>(scripts_.size() - 1);
  };
  for (std::uint32_t ps = 0; ps < scenario.processes.size(); ++ps) {
    ProcessScripts compiled = compile_process_scripts(scenario, ps);
    Scripts at{static_cast<std::uint32_t>(scripts_.size())};
    for (Script& script : compiled.threads) add(std::move(script));
    if (compiled.main) at.main = add(std::move(*compiled.main));
    if (compiled.first_main) at.first_main = add(std::move(*compiled.first_main));
    script_of_spec.push_back(at);
  }
  threads_.resize(roster.threads().size());
  waiters_.resize(threads_.size());
  states_ = ThreadStates(threads_.data(), threads_.size(), sizeof(ThreadRun));
  std::size_t counters = 0;
  for (ThreadIndex t = 0; t < threads_.size(); ++t) {
    const ThreadInfo& info = roster.threads()[t];
    ThreadRun& th = threads_[t];
    th.process = info.process;
    th.in_gil_process = roster.processes()[info.process].gil;
    const ProcessInfo& process = roster.processes()[info.process];
    const Scripts& at = script_of_spec[process.spec];
    th.script = at.first + info.spec;
    if (info.spec == 0 && info.copy == 0) {  // a main thread may start others first
      if (process.copy == 0 && at.first_main != kNone)
        th.script = at.first_main;
      else if (at.main != kNone)
        th.script = at.main;
    }
    th.loop_base = static_cast<std::uint32_t>(counters);
    counters += scripts_[th.script].loop_slots;
  }
  loop_counters_.resize(counters);
  build_pools();
  build_mp_queues();
  build_shared_memory();
  system_threads_ = !pools_.empty() || !mp_queues_.empty();
  unfinished_ = threads_.size();
  if (system_threads_) {  // a pool's threads and a queue's feeders count once they start (make_ready)
    for (ThreadIndex t = 0; t < threads_.size(); ++t) {
      if (!is_pool_thread(t)) continue;
      --unfinished_;
      --unfinished_in_[threads_[t].process];
    }
  }

  bool queues = false;
  for (SyncIndex s = 0; s < roster.syncs().size(); ++s) queues = queues || roster.sync_spec(s).kind == SyncKind::queue;
  queues = queues || !mp_queues_.empty();
  if (queues) work_.resize(threads_.size(), 0);
  for (const DeviceSpec& device : scenario.devices) devices_.emplace_back(device.channels);
  for (const Script& script : scripts_)
    for (const Instruction& in : script.code)
      if ((in.op == Op::wait || in.op == Op::pool_wait) && process_waiters_.empty())
        process_waiters_.resize(roster.processes().size());
  apply_os_settings();
}

Simulation::~Simulation() = default;

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
  if (roster_.scenario().start_together) {
    // Threads that no start step names start with their process, in declaration order.
    for (ThreadIndex t = 0; t < threads_.size(); ++t) {
      const ThreadInfo& info = roster_.threads()[t];
      const ProcessInfo& process = roster_.processes()[info.process];
      const ProcessSpec& spec = roster_.scenario().processes[process.spec];
      if (!spec.spawned_by_step && !spec.threads[info.spec].started_by_step) make_ready(t);
    }
  } else {
    // The program's main thread; it spawns and starts the others (program.h).
    make_ready(roster_.processes()[roster_.process_index(program_process(roster_.scenario()), 0)].first_thread);
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
    outcome.deadlock = find_deadlock(last_change_, states_, waiting_on(), syncs_);
    observer_.on_deadlock(*outcome.deadlock);
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
      if (segmented(th)) {  // a segment of the GIL holder's compute ended: the next one, if any
        th.remaining -= gil_->progress(th.process, engine_.now() - th.run_since);
        if (th.remaining != 0) {
          start_compute(t);
          break;
        }
      }
      if (th.activity == Activity::held_native && has_gil(th)) gil_->holder_in_c(th.process, false);
      th.remaining = 0;
      th.activity = Activity::none;
      ++th.pc;
      // A write to a multiprocessing queue's pipe delivers as it returns, without the GIL.
      if (!mp_queues_.empty() && th.pc < script_of(th).code.size() && script_of(th).code[th.pc].op == Op::mpq_written)
        mp_write_ended(t);
      run_on_core(t);
      break;
    case EventKind::wake: {
      bool timed_out = state_of(t) == ThreadState::event_wait;  // a timed Event.wait ran out
      make_ready(t);
      if (timed_out) syncs_.timed_out(sync_of(th, waiting_step(t)));
      break;
    }
    case EventKind::woken: make_ready(t); break;
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
    th.core = placement->core;
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
  bool migrated = th.last_core != CpuScheduler::kIdle && th.last_core != th.core;
  th.last_core = th.core;
  // A C call that was preempted resumes as it was: without the GIL.
  set_state(t, th.activity == Activity::native ? ThreadState::native : ThreadState::running, th.core, migrated);
  run_on_core(t);
}

// Begins (or resumes) the current compute on the thread's core.
void Simulation::start_compute(ThreadIndex t) {
  ThreadRun& th = threads_[t];
  if (segmented(th)) return start_gil_segment(t);
  th.run_since = engine_.now();
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


void Simulation::finish(ThreadIndex t) {
  ThreadRun& th = threads_[t];
  take_off_core(t);
  set_state(t, ThreadState::finished);
  if (th.holds_gil) release_gil(t, false);
  --alive_[th.process];
  --unfinished_;
  if (--unfinished_in_[th.process] == 0) process_finished(th.process);
  if (!mp_queues_.empty()) mp_thread_finished(t);
  ThreadIndex joiner = waiters_[t].first_joiner;
  waiters_[t].first_joiner = kNone;
  // Joiners were pushed on the front of the list; wake them in the order they began to wait.
  std::vector<ThreadIndex> joiners;
  for (; joiner != kNone; joiner = waiters_[joiner].next_joiner) joiners.push_back(joiner);
  for (auto it = joiners.rbegin(); it != joiners.rend(); ++it) wake_later(*it, wakeup_);
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


}  // namespace gilsim
