#pragma once
// The model: threads running their scripts on the cores of one machine, under
// the OS scheduler and, per process, a CPython-like GIL.
//
// A thread runs Python-level steps (compute, print, start, join, loops) only
// while it is on a core and, in a process with a GIL, holds that GIL. Blocking
// steps (sleep, io, join, start) leave the core at once and release the GIL;
// afterwards the thread must be scheduled and take the GIL again before its
// next step. Native compute (`"gil": false`) releases the GIL for its duration
// and takes it back when done.
//
// gil.model picks the lock of every process with a GIL: cpython3 (below and
// gil.h), cpython2 (old_gil.h; simulation_old_gil.cc) or none (no process has
// a GIL; see Roster).
//
// cpython3 GIL rules (see gil.h for the lock itself):
// - A thread on a core that finds the GIL held leaves its core and waits, with
//   its own timer of one switch interval. When the timer fires and the GIL has
//   not changed hands during the whole wait, the waiter sets the drop request;
//   either way it waits another full interval (CPython's take_gil loop).
//   The GIL works out which waiter's timeout is the first that can ask, so
//   each process has one pending timeout event, not one per waiter (gil.h).
// - The holder drops the GIL at once if it is running on a core, or as soon as
//   the OS runs it again if it is in the ready queue; the dropper leaves its
//   core and queues for the GIL behind the existing waiters.
// - A waiter handed the GIL holds it at once but becomes runnable only
//   `handoff_latency` later (the OS has to wake it); 0 = at once.
// - A thread "begins running" when it first holds the GIL on a core (first runs
//   on a core, without a GIL); that is when Thread.start() returns to its caller.
//
// Synchronisation primitives and devices: see sync.h. A thread blocked on a
// primitive (lock_wait, event_wait, queue_wait) or queued for a device has
// left its core and released the GIL, like any blocking step.
//
// Ties: all events of one instant are handled in (time, kind, insertion
// sequence) order (see EventKind), then free cores take ready threads. Threads that start at time 0 enter
// the ready queue in declaration order.

#include <cstdint>
#include <memory_resource>
#include <optional>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "model/cpu_scheduler.h"
#include "model/gil.h"
#include "model/observer.h"
#include "model/old_gil.h"
#include "model/program.h"
#include "model/roster.h"
#include "model/sync.h"

namespace gilsim {

struct Outcome {
  Time end = 0;  // when the last thread finished (or the run stopped)
  RunStop stop = RunStop::drained;
  std::optional<std::string> deadlock;  // set when unfinished threads can never proceed
  // The first error of the simulated program (a forbidden release), if any:
  // "program error at 3.000 ms: app/t1: release(L): RuntimeError: release unlocked lock".
  std::optional<std::string> program_error;
  std::uint64_t events = 0;             // events handled by the engine
  std::uint64_t state_changes = 0;      // thread state changes: the unit of work in docs/performance.md
};

class Simulation {
 public:
  Simulation(const Roster& roster, Observer& observer);
  Outcome run(const RunLimits& limits = {});

  // The engine's handler interface. At equal times events are handled in this
  // order (their kind is their priority): work that completes at t completes
  // before anything else happens at t; threads that wake at t are in the ready
  // queue before a quantum ending at t decides whether to preempt.
  // A context switch that ends at t ends before threads woken at t queue; a
  // device's channel frees (device_done) after the wakes of that instant.
  enum class EventKind : std::uint8_t { compute_done, switch_done, wake, device_done, gil_timeout, quantum_end };
  struct EventPayload {
    std::uint32_t target;      // thread; core for quantum_end; process for gil_timeout
    std::uint32_t generation;  // stale if it differs from the target's
  };
  void handle(const EventPayload& event, std::uint8_t kind);
  void settle();
  std::uint64_t work() const { return steps_; }
  bool halted() const { return halted_; }
  // Entries (live and stale) in primitive s's waiter queue: memory that must
  // not grow with the run (tests).
  std::size_t waiter_entries(SyncIndex s) const { return syncs_[s].waiters.size(); }

 private:
  static constexpr std::uint32_t kNone = UINT32_MAX;
  enum class Activity : std::uint8_t { none, compute, native };

  // One cache line per thread: at a million threads nearly every event touches
  // a line no other recent event has.
  struct alignas(64) ThreadRun {
    Time remaining = 0;  // of the current compute
    Time run_since = 0;  // when the current compute segment last resumed
    std::uint32_t script = 0;  // index into scripts_
    std::uint32_t pc = 0;
    std::uint32_t generation = 0;
    std::uint32_t loop_base = 0;  // first loop counter in loop_counters_
    ProcessIndex process = 0;
    CoreIndex core = kNone;
    ThreadIndex starter = kNone;       // blocked in start() until this thread begins
    ThreadIndex first_joiner = kNone;  // intrusive list of threads joining this one
    ThreadIndex next_joiner = kNone;
    Activity activity = Activity::none;
    bool holds_gil = false;
    bool begun = false;
    bool switching = false;  // its core is switching to it (scheduler.context_switch); `core` is set
    // A bounded queue handed it an item while it waited in get; the item takes
    // room until it runs again (sync.h). A byte of what was padding: checked
    // on every step, it must sit in the line the step loop already reads.
    bool collecting = false;
    CoreIndex last_core = CpuScheduler::kIdle;  // where it last ran: an idle one is preferred
  };
  static_assert(sizeof(ThreadRun) == 64, "a thread's state fits one cache line");

  void apply_os_settings();
  void place_ready();
  void dispatch(ThreadIndex t);
  void run_on_core(ThreadIndex t);
  void start_compute(ThreadIndex t);
  void arm_quantum_end(CoreIndex core, Time remaining);
  void block(ThreadIndex t, ThreadState state, std::uint32_t detail);
  void finish(ThreadIndex t);
  // `woke`: from a blocked (or new) state, not preempted; only woken threads may preempt.
  void make_ready(ThreadIndex t, bool woke = true,
                  CpuScheduler::Enqueue where = CpuScheduler::Enqueue::tail);
  // `preempted`: it goes back to the ready queue rather than blocking or finishing.
  void take_off_core(ThreadIndex t, bool preempted = false);
  void spawn(ProcessIndex p);
  void process_finished(ProcessIndex p);
  void release_gil(ThreadIndex t, bool forced);
  void wait_for_gil(ThreadIndex t);
  void rearm_gil_timer(ProcessIndex p);
  void forced_drop(ThreadIndex holder);
  void on_gil_timeout(ProcessIndex p);
  // cpython2 (simulation_old_gil.cc).
  bool try_old_gil(ThreadIndex t);  // false: t failed and left its core
  void take_old_gil(ThreadIndex t);
  void release_old_gil(ThreadIndex t);
  void wake_after_signal(std::optional<ThreadIndex> signalled);
  void start_old_gil_segment(ThreadIndex t);
  bool end_old_gil_segment(ThreadIndex t);  // true when the compute is done
  void replan_old_gil_holder(ProcessIndex p);
  // The kind of an event is its priority: see EventKind.
  void schedule_after(Time delay, EventKind kind, EventPayload event) {
    engine_.schedule_after(delay, event, static_cast<std::uint8_t>(kind));
  }
  void on_quantum_end(CoreIndex core);
  void set_state(ThreadIndex t, ThreadState state, std::uint32_t detail = 0);
  std::string render_print(ThreadIndex t, const PrintTemplate& tpl) const;
  std::string describe_deadlock() const;
  std::string describe_wait(ThreadIndex t, bool name_holder, const std::vector<std::vector<ThreadIndex>>& holders) const;
  ThreadIndex waits_for(ThreadIndex t, const std::vector<std::vector<ThreadIndex>>& holders) const;
  // A step's duration; "$work" is the last item's, stretched for Python compute
  // in a free-threaded process (single_thread_overhead, carried in `count`).
  Time duration_of(ThreadIndex t, const Instruction& in) const {
    if (!in.uses_work) return in.duration;
    return in.op == Op::compute && in.count != 0 ? apply_overhead(work_[t], in.count) : work_[t];
  }

  // Synchronisation (sync.cc). Each returns false when the thread left its core.
  SyncIndex sync_of(const ThreadRun& th, const Instruction& in) const {
    return roster_.processes()[th.process].first_sync + in.index;
  }
  bool run_sync_step(ThreadIndex t, const Instruction& in);
  bool acquire(ThreadIndex t, SyncIndex s);
  bool release(ThreadIndex t, SyncIndex s);
  void hand_over(SyncIndex s);
  bool event_wait(ThreadIndex t, SyncIndex s, const Instruction& in);
  void event_set(ThreadIndex t, SyncIndex s);
  void event_wait_timed_out(ThreadIndex t);
  bool put(ThreadIndex t, SyncIndex s, Time work);
  bool get(ThreadIndex t, SyncIndex s);
  void take_item(ThreadIndex t, SyncIndex s);
  void deliver(ThreadIndex t, SyncIndex s, Time work);
  void collect_item(ThreadIndex t);
  void admit_putter(SyncIndex s);
  bool device_io(ThreadIndex t, const Instruction& in);
  void begin_device_io(ThreadIndex t, DeviceIndex d, Time duration);
  void on_device_done(ThreadIndex t);
  void wait_on(ThreadIndex t, ThreadState state, SyncIndex s);
  void program_error(ThreadIndex t, SyncIndex s, const std::string& python_error);
  void drop_hold(ThreadIndex t, SyncIndex s);
  bool has_gil(const ThreadRun& th) const { return roster_.processes()[th.process].gil; }

  const Roster& roster_;
  Observer& observer_;
  Time switch_interval_;
  Engine<EventPayload> engine_;
  CpuScheduler cpu_;
  std::vector<Script> scripts_;  // one per thread spec, shared by all copies
  const Script& script_of(const ThreadRun& th) const { return scripts_[th.script]; }
  std::vector<ThreadRun> threads_;
  ThreadStates states_{0};  // every thread's state: the observers get each change whole
  ThreadState state_of(ThreadIndex t) const { return states_.state(t); }
  std::vector<std::int64_t> loop_counters_;
  std::pmr::unsynchronized_pool_resource gil_pool_;  // nodes of the GILs' waiter sets
  std::vector<Gil> gils_;                 // per process
  std::vector<std::uint32_t> gil_timer_generation_;  // per process: stale timeouts differ
  Time handoff_latency_ = 0;
  // cpython2 only (empty otherwise): the locks, per process, and per thread
  // whether it is among its lock's waiters.
  bool old_gil_ = false;
  Time wakeup_latency_ = 0;
  std::vector<OldGil> old_gils_;
  std::vector<std::uint8_t> old_gil_waiter_;
  std::vector<std::uint32_t> alive_;      // per process: threading.active_count()
  std::vector<std::uint32_t> unfinished_in_;  // per process: threads not finished
  std::vector<std::vector<ThreadIndex>> process_waiters_;  // per process, only if a script has a wait step
  // Preemptive policies: threads woken since the last settle (with their
  // generation then: a thread placed and preempted since is no longer a waker),
  // and those whose victim was mid-switch, to ask again at the next settle.
  std::vector<std::pair<ThreadIndex, std::uint32_t>> woken_;
  std::vector<std::pair<ThreadIndex, std::uint32_t>> deferred_wakes_;
  Time context_switch_ = 0;
  Time timer_slack_ = 0;
  std::vector<SyncState> syncs_;          // per primitive (SyncIndex)
  std::vector<DeviceState> devices_;      // per device
  // Per thread, only when the scenario has queues: the work of the last item got ($work).
  std::vector<Time> work_;
  // Per thread, only when it has locks, rlocks or semaphores: what it holds, in
  // the order it took them (the deadlock report names them).
  std::vector<std::vector<SyncIndex>> held_;
  std::optional<std::string> program_error_;
  std::uint64_t unfinished_ = 0;
  std::uint64_t state_changes_ = 0;
  std::uint64_t steps_ = 0;  // instructions executed (they take no time of their own)
  std::uint64_t step_limit_ = UINT64_MAX;
  bool halted_ = false;
  Time last_change_ = 0;
};

}  // namespace gilsim
