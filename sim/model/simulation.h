#pragma once
// The model's centre: threads running their compiled scripts (program.h) on
// the cores of one machine. It handles the engine's events and interprets
// each thread's steps; the rules it applies belong to models of their own,
// which it asks for decisions and whose decisions it carries out:
// - the OS scheduler (model/cpu/): which ready thread runs on which core,
//   slices, preemption;
// - the GIL model (model/gil/): who holds each process's GIL, who waits for
//   it, whom a release wakes, when a waiter's timeout is due;
// - the primitives (model/sync/): locks, rlocks, semaphores, events, queues,
//   devices;
// - the deadlock analysis (deadlock.h), when the run can go no further.
//
// What is decided here: what a step does to its thread. Python-level steps
// (compute, print, start, join, loops, the synchronisation steps) run only
// while the thread is on a core and, in a process with a GIL, holds that
// GIL. Blocking steps (sleep, io, join, start, a wait on a primitive) leave
// the core at once and release the GIL; afterwards the thread must be
// scheduled and take the GIL again before its next step. Native compute
// (`"gil": false`) releases the GIL for its duration and takes it back when
// done. A thread "begins running" when it first holds the GIL on a core
// (first runs on a core, without a GIL); that is when Thread.start() returns
// to its caller. Every change of a thread's state goes through ThreadStates
// to the observer.
//
// Ties: all events of one instant are handled in (time, kind, insertion
// sequence) order (see EventKind), then free cores take ready threads.
// Threads that start at time 0 enter the ready queue in declaration order.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/engine.h"
#include "model/cpu/scheduler.h"
#include "model/deadlock.h"
#include "model/gil/gil_rules.h"
#include "model/observer.h"
#include "model/pool/executor.h"
#include "model/program.h"
#include "model/roster.h"
#include "model/sync/device.h"
#include "model/sync/mp_queue.h"
#include "model/sync/sync_table.h"

namespace gilsim {

struct Outcome {
  Time end = 0;  // when the last thread finished (or the run stopped)
  RunStop stop = RunStop::drained;
  std::optional<Deadlock> deadlock;  // set when unfinished threads can never proceed
  // The first error of the simulated program (a forbidden release), if any.
  std::optional<ProgramError> program_error;
  std::uint64_t events = 0;         // events handled by the engine
  std::uint64_t state_changes = 0;  // thread state changes: the unit of work in docs/performance.md
};

class Simulation {
 public:
  Simulation(const Roster& roster, Observer& observer);
  ~Simulation();
  Outcome run(const RunLimits& limits = {});

  // The engine's handler interface. At equal times events are handled in this
  // order (their kind is their priority): work that completes at t completes
  // before anything else happens at t; threads that wake at t are in the ready
  // queue before a quantum ending at t decides whether to preempt.
  // A context switch that ends at t ends before threads woken at t queue; a
  // device's channel frees (device_done) after the wakes of that instant.
  // `woken`: a wake-up the OS delivers late (CostSpec's latencies), not a timeout.
  enum class EventKind : std::uint8_t { compute_done, switch_done, wake, woken, device_done, gil_timeout, quantum_end };
  struct EventPayload {
    std::uint32_t target;      // thread; core for quantum_end; process for gil_timeout
    std::uint32_t generation;  // stale if it differs from the target's
  };
  void handle(const EventPayload& event, std::uint8_t kind);
  void settle();
  std::uint64_t work() const { return steps_; }
  bool halted() const { return halted_; }
  // Entries (live and stale) in event s's waiter queue: memory that must not
  // grow with the run (tests).
  std::size_t waiter_entries(SyncIndex s) const { return syncs_.event_entries(s); }

 private:
  static constexpr std::uint32_t kNone = UINT32_MAX;
  // held_native: C code that keeps the GIL and ignores drop requests ("gil": "hold").
  enum class Activity : std::uint8_t { none, compute, native, held_native };

  // One cache line per thread: at a million threads nearly every event touches
  // a line no other recent event has. Its state, since when and detail (the
  // ThreadStates entry) open the line; the first flags sit in its tail padding.
  struct alignas(64) ThreadRun : ThreadStates::Entry {
    Activity activity = Activity::none;
    bool in_gil_process = false;  // its process has a GIL (Roster's ProcessInfo::gil), read on every step
    bool holds_gil = false;
    Time remaining = 0;  // of the current compute
    Time run_since = 0;  // when the current compute segment last resumed
    std::uint32_t script = 0;  // index into scripts_
    std::uint32_t pc = 0;
    std::uint32_t generation = 0;
    std::uint32_t loop_base = 0;  // first loop counter in loop_counters_
    ProcessIndex process = 0;
    CoreIndex core = kNone;
    bool begun = false;
    bool switching = false;  // its core is switching to it (scheduler.context_switch); `core` is set
    // A bounded queue handed it an item while it waited in get; the item takes
    // room until it runs again (sync/queue.h). Checked on every step, it sits
    // in the line the step loop already reads.
    bool collecting = false;
    CoreIndex last_core = CpuScheduler::kIdle;  // where it last ran: an idle one is preferred
  };
  static_assert(sizeof(ThreadRun) == 64, "a thread's state fits one cache line");
  // Who waits on a thread: used only by start, join and finish, so kept apart.
  struct Waiters {
    ThreadIndex starter = kNone;       // blocked in start() until this thread begins
    ThreadIndex first_joiner = kNone;  // intrusive list of threads joining this one
    ThreadIndex next_joiner = kNone;
  };

  // Thread mechanics (simulation.cc).
  void apply_os_settings();
  void place_ready();
  void dispatch(ThreadIndex t);
  void start_compute(ThreadIndex t);
  void arm_quantum_end(CoreIndex core, Time remaining);
  void block(ThreadIndex t, ThreadState state, std::uint32_t detail);
  void finish(ThreadIndex t);
  // `woke`: from a blocked (or new) state, not preempted; only woken threads may preempt.
  void make_ready(ThreadIndex t, bool woke = true, CpuScheduler::Enqueue where = CpuScheduler::Enqueue::tail);
  // `preempted`: it goes back to the ready queue rather than blocking or finishing.
  void take_off_core(ThreadIndex t, bool preempted = false);
  void on_quantum_end(CoreIndex core);
  void set_state(ThreadIndex t, ThreadState state, std::uint32_t detail = 0, bool migrated = false);
  // A blocked (or new) thread becomes runnable `delay` from now: the OS's
  // wake-up. At once when 0. Any pending timeout of its wait is void.
  void wake_later(ThreadIndex t, Time delay);
  ThreadState state_of(ThreadIndex t) const { return threads_[t].state(); }
  // The kind of an event is its priority: see EventKind.
  void schedule_after(Time delay, EventKind kind, EventPayload event) {
    engine_.schedule_after(delay, event, static_cast<std::uint8_t>(kind));
  }

  // The step interpreter (steps.cc).
  void run_on_core(ThreadIndex t);
  void start_thread(ThreadIndex t, ThreadIndex target);
  bool join_thread(ThreadIndex t, ThreadIndex target);  // false: t waits
  void spawn(ProcessIndex p);
  void process_finished(ProcessIndex p);
  std::string render_print(ThreadIndex t, const PrintTemplate& tpl) const;
  std::vector<WaitingOn> waiting_on() const;  // per thread, for the deadlock analysis
  // A step's duration; "$work" is the last item's, stretched for Python compute
  // in a free-threaded process (single_thread_overhead, carried in `count`).
  Time duration_of(ThreadIndex t, const Instruction& in) const {
    if (in.start_cost != StartCost::none) return start_cost_of(t, in);
    if (!in.uses_work) return in.duration;
    return in.op == Op::compute && in.count != 0 ? apply_overhead(work_[t], in.count) : work_[t];
  }
  // What the process has done before decides: a first Thread.start() costs
  // more, a forkserver start waits for the server only the first time, and
  // only a spawned process boots.
  Time start_cost_of(ThreadIndex t, const Instruction& in) const {
    std::uint8_t done = process_flags_[threads_[t].process];
    switch (in.start_cost) {
      case StartCost::thread_start: return done & kThreadStarted ? in.duration : first_thread_start_;
      case StartCost::forkserver_launch: return done & kForkServer ? 0 : forkserver_launch_;
      case StartCost::boot: return done & kSpawned ? in.duration : 0;
      case StartCost::none: break;
    }
    return in.duration;
  }
  const Script& script_of(const ThreadRun& th) const { return scripts_[th.script]; }
  // The instruction of the step a blocked thread waits in (its pc has moved past it).
  const Instruction& waiting_step(ThreadIndex t) const {
    const ThreadRun& th = threads_[t];
    return script_of(th).code[th.pc - 1];
  }

  // The GIL model's decisions, carried out (simulation_gil.cc).
  bool has_gil(const ThreadRun& th) const { return th.in_gil_process; }
  bool take_gil(ThreadIndex t);  // false: t left its core to wait
  void release_gil(ThreadIndex t, bool forced);
  void forced_drop(ThreadIndex holder);
  void on_gil_timeout(ProcessIndex p);
  void apply(ProcessIndex p, const GilWake& wake);
  void apply(ProcessIndex p, const GilTimer& timer);
  void replan_gil_holder(ProcessIndex p);
  void start_gil_segment(ThreadIndex t);
  bool segmented(const ThreadRun& th) const {
    return segmented_ && th.holds_gil && th.activity == Activity::compute;
  }

  // Synchronisation steps (sync_steps.cc). Each returns false when the thread left its core.
  SyncIndex sync_of(const ThreadRun& th, const Instruction& in) const {
    if (in.index & kSharedSyncBit) return roster_.shared_sync(in.index & ~kSharedSyncBit);
    return roster_.processes()[th.process].first_sync + in.index;
  }
  bool run_sync_step(ThreadIndex t, const Instruction& in);
  void wake_synced();  // the threads the last sync step let go on
  bool get_nowait(ThreadIndex t, SyncIndex s);  // false: the queue was empty
  void collect_item(ThreadIndex t);
  bool device_io(ThreadIndex t, const Instruction& in);
  void begin_device_io(ThreadIndex t, DeviceIndex d, Time duration);
  void on_device_done(ThreadIndex t);
  void program_error(ThreadIndex t, SyncIndex s, const SyncTable::Step& step);

  // concurrent.futures (pool_steps.cc): the executors' decisions carried out.
  // run_pool_step returns false when the thread left its core; it sets the pc.
  struct PoolRun {
    Executor model;
    const ProcessSpec* owner;
    const ExecutorSpec* spec;
    ProcessIndex process;  // the owner
    SyncIndex first_sync;  // the primitives its waits show (PoolSync)
  };
  struct PoolHold {  // the call a pool thread works on
    PoolCall call;
    std::uint32_t ran = 0;  // runs of its task so far (a chunk has several)
    // A submitter's last submit: the worker copy it starts, and whether it was
    // the pool's first (a lazy process pool then starts its manager).
    std::uint32_t start = 0;
    bool launch = false;
    Time taken = 0;         // when the thread took it
    bool woken = false;     // a ProcessPoolExecutor's manager took wake-ups alone, no result
  };
  void build_pools();
  bool run_pool_step(ThreadIndex t, const Instruction& in);
  std::uint32_t executor_of(const ThreadRun& th, const Instruction& in) const {
    return executor_base_[th.process] + in.index;
  }
  void carry_out(std::uint32_t e);  // the executor's wakes and set futures
  void note(const PoolRun& pool, ThreadIndex t, PoolRole taker, SyncOp op);
  enum class PoolCost : std::uint8_t { pickle, unpickle, pipe };
  Time pool_time(const PoolRun& pool, const PoolCall& call, bool result, PoolCost cost) const;
  // What `kind` costs for the call t holds, told to the observers.
  Time pool_cost(std::uint32_t e, ThreadIndex t, PoolCostKind kind);
  Time own_call_time(ExecutorKind kind, PoolRole role) const;  // a pool thread's own Python per call
  Time wakeups_time(std::uint64_t count) const;                // a manager's reading of submits' wake-ups
  bool is_feeder(ThreadIndex t) const;
  bool is_pool_thread(ThreadIndex t) const;  // made by the loader: an executor's, or a queue's feeder

  // multiprocessing queues (mp_queue_steps.cc): the queues' decisions
  // (model/sync/mp_queue.h) carried out on threads. run_mp_step returns false
  // when the thread left its core; it sets the pc.
  struct MpBuffer {  // a process's Queue buffer, which its feeder thread drains
    RingQueue<PipeMessage> items;
    ThreadIndex feeder = kNone;
    bool started = false;       // a put started the feeder
    bool feeder_waits = false;  // for an item, or for the process's end
  };
  void build_mp_queues();
  bool run_mp_step(ThreadIndex t, const Instruction& in);
  void carry_out_mp(std::uint32_t q);
  MpBuffer& mp_buffer(ProcessIndex p, std::uint32_t q);
  void mp_thread_finished(ThreadIndex t);  // a feeder may end once only feeders are left
  void mp_write_ended(ThreadIndex t);      // its pc is at the mpq_written after its write
  Time message_time(std::uint64_t bytes, PoolCost cost) const;
  Time write_time(const MpQueue& queue, PipeMessage& message) const;  // marks a streamed message

  const Roster& roster_;
  Observer& observer_;
  Engine<EventPayload> engine_;
  CpuScheduler cpu_;
  std::vector<Script> scripts_;  // one per thread spec, shared by all copies
  std::vector<ThreadRun> threads_;
  std::vector<Waiters> waiters_;  // per thread
  ThreadStates states_{0};  // a view of the entries in threads_: the observers get each change whole
  std::vector<std::int64_t> loop_counters_;
  std::unique_ptr<GilRules> gil_;  // null when no process has a GIL
  bool segmented_ = false;         // the GIL model runs a holder's compute in segments
  std::vector<std::uint32_t> gil_timer_generation_;  // per process: stale timeouts differ
  SyncTable syncs_;
  std::vector<Device> devices_;
  std::vector<std::uint32_t> alive_;          // per process: threading.active_count()
  std::vector<std::uint32_t> unfinished_in_;  // per process: threads not finished
  std::vector<std::vector<ThreadIndex>> process_waiters_;  // per process, only if a script has a wait step
  // Preemptive policies: threads woken since the last settle (with their
  // generation then: a thread placed and preempted since is no longer a waker),
  // and those whose victim was mid-switch, to ask again at the next settle.
  std::vector<std::pair<ThreadIndex, std::uint32_t>> woken_;
  std::vector<std::pair<ThreadIndex, std::uint32_t>> deferred_wakes_;
  Time context_switch_ = 0;
  Time timer_slack_ = 0;
  Time io_latency_ = 0;
  Perturbation perturb_;  // run --seed, explore: jitter of the OS's wake-ups
  Time wakeup_ = 0;  // a thread released by another
  Time thread_start_latency_ = 0;
  Time first_thread_start_ = 0;
  // Per process: what has happened in it that start costs depend on (start_cost_of).
  enum ProcessFlag : std::uint8_t { kThreadStarted = 1, kSpawned = 2, kForkServer = 4 };
  std::vector<std::uint8_t> process_flags_;
  Time forkserver_launch_ = 0;
  Time process_start_latency_ = 0;
  // Per thread, only when the scenario has queues: the work of the last item got ($work).
  std::vector<Time> work_;
  std::vector<PoolRun> pools_;                 // per executor of every process copy, in process order
  std::vector<std::uint32_t> executor_base_;  // per process: its first executor (a pool worker process: its owner's)
  std::vector<PoolHold> pool_holds_;          // per thread, only with executors
  bool system_threads_ = false;  // threads the loader made, which count once started (make_ready)
  std::vector<MpQueue> mp_queues_;  // per queue of the scenario's mp_queues
  // Per shared object of the scenario: the bytes from its start that some access has touched.
  std::vector<std::uint64_t> shared_touched_;
  void build_shared_memory();
  Time shared_copy_time(const Instruction& in);
  std::unordered_map<std::uint64_t, MpBuffer> mp_buffers_;  // by process << 32 | queue: looked up, never iterated
  std::vector<PipeMessage> mp_hands_;        // per thread, only with mp queues: the message it sends or got
  std::vector<Time> mp_kept_work_;           // per thread, only with mp queues: its $work while it sends
  std::vector<std::uint32_t> feeders_live_;  // per process, only with mp queues: feeder threads started, not finished
  std::optional<ProgramError> program_error_;
  std::uint64_t unfinished_ = 0;
  std::uint64_t state_changes_ = 0;
  std::uint64_t steps_ = 0;  // instructions executed (they take no time of their own)
  std::uint64_t step_limit_ = UINT64_MAX;
  bool halted_ = false;
  Time last_change_ = 0;
};

// The thread mechanics every part of the simulation uses, inline: they are
// on the path of every state change (simulation.cc, steps.cc, simulation_gil.cc,
// sync_steps.cc each call them).

inline void Simulation::block(ThreadIndex t, ThreadState state, std::uint32_t detail) {
  take_off_core(t);
  set_state(t, state, detail);
  if (threads_[t].holds_gil) release_gil(t, false);
}

inline void Simulation::make_ready(ThreadIndex t, bool woke, CpuScheduler::Enqueue where) {
  ThreadRun& th = threads_[t];
  if (state_of(t) == ThreadState::not_started) {
    ++alive_[th.process];
    if (system_threads_ && is_pool_thread(t)) {  // a pool's threads count once started (lazily, or never)
      ++unfinished_;
      ++unfinished_in_[th.process];
      if (!mp_queues_.empty() && is_feeder(t)) ++feeders_live_[th.process];
    }
  }
  ++th.generation;
  set_state(t, ThreadState::ready);
  cpu_.make_ready(t, engine_.now(), woke, where);
  if (woke && cpu_.preemptive()) woken_.push_back({t, th.generation});
}

// The thread leaves its core: its compute (if any) pauses, pending events die.
inline void Simulation::take_off_core(ThreadIndex t, bool preempted) {
  ThreadRun& th = threads_[t];
  if (th.core == kNone) return;
  if (th.activity != Activity::none) {
    Time elapsed = engine_.now() - th.run_since;
    // A segment of a GIL holder's compute may begin with overhead, which is no progress.
    if (segmented(th)) elapsed = gil_->progress(th.process, elapsed);
    th.remaining -= elapsed;
  }
  ++th.generation;
  cpu_.leave_core(th.core, engine_.now(), preempted);
  th.core = kNone;
}

inline void Simulation::wake_later(ThreadIndex t, Time delay) {
  delay = perturb_.wake(delay);
  if (delay == 0) return make_ready(t);
  ThreadRun& th = threads_[t];
  ++th.generation;
  schedule_after(delay, EventKind::woken, {t, th.generation});
}

inline void Simulation::set_state(ThreadIndex t, ThreadState state, std::uint32_t detail, bool migrated) {
  ++state_changes_;
  last_change_ = engine_.now();
  observer_.on_thread_state(states_.change(t, state, detail, engine_.now(), migrated));
}

}  // namespace gilsim
