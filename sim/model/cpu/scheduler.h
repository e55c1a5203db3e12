#pragma once
// The OS side: cores and the scheduling policies (docs/scheduling.md has the
// model and where it simplifies Linux).
//
// One global run queue, not one per core: every policy then has exactly one
// "next thread" for a free core, a free core is never idle while a thread that
// may use it waits (no load balancer to model or to get wrong), and the
// results do not depend on a balancing heuristic. Linux keeps a run queue per
// core and balances them every few milliseconds; the global queue is what that
// balancing aims at.
//
// Affinity splits the queue by the set of cores a thread may use: threads with
// the same `cpus` share one queue (class 0 is "any core"), so a free core looks
// at the heads of the few queues that may use it, never at every ready thread.
// Without affinity there is one class and the round_robin/fifo path is the
// plain FIFO ring it always was.
//
// Which idle core: the thread's previous core if it is idle (its caches are
// warm there; Linux's select_idle_sibling tries prev first too), else the
// lowest-numbered idle core; but with affinity, if the next waiter to be
// placed is pinned, the lowest free core it may use is kept for it (core_for),
// so a thread that could run anywhere does not take the only core a pinned
// waiter may use while another core idles. Linux would also weigh cache domains and SMT
// siblings; a machine here has neither, so that is all there is to spread.
//
// - fifo: FIFO queue; a thread keeps its core until it blocks or finishes.
// - round_robin: FIFO queue; a running thread is preempted after `quantum` if a
//   thread that may use its core waits (and has no idle core to go to), and
//   goes to the tail.
// - priority: highest priority first, FIFO within a level; a thread that wakes
//   preempts the lowest-priority running thread below it (which goes back to
//   the head of its level, as POSIX says; with aging its rank restarts, so it
//   goes behind its level's waiters); `quantum` rotates a level. With
//   `aging`, a waiting thread gains one level per `aging` waited (exactly, not
//   in steps), so its rank is priority x aging - ready_since: a static key.
// - cfs: least vruntime first; vruntime += run time x 1024 / weight(nice).
//   Slices share the latency period by weight (among the threads competing
//   for the same cores: a pinned thread's affinity class); a woken thread is placed at
//   max(vruntime, min_vruntime - latency/2) and preempts the thread on its
//   last core if that one's vruntime is ahead by more than wakeup_granularity.
//
// The end of a slice is an event only when it matters: the simulation asks
// for one when a compute would run past the end of its thread's slice, so
// short computes and blocking threads cost no timer events.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/ring_queue.h"
#include "engine/time.h"
#include "model/cpu/free_cores.h"
#include "model/cpu/running_vruntimes.h"
#include "model/observer.h"
#include "model/scenario.h"

namespace gilsim {

// Linux's factor for its scheduler tunables: 1 + log2(min(cores, 8)), log2 rounded down.
std::int64_t cfs_factor(std::uint32_t cores);
// cfs's settings for a run on `cores` cores: the scenario's where it sets
// them, else latency 6 ms x factor, min_granularity 0.75 ms x factor (at most
// the latency) and wakeup_granularity 1 ms x factor.
struct CfsTunables {
  Time latency;
  Time min_granularity;
  Time wakeup_granularity;
};
CfsTunables cfs_tunables(const SchedulerSpec& spec, std::uint32_t cores);
// The kernel's sched_prio_to_weight: nice 0 is 1024, each step about 1.25x.
std::uint32_t nice_weight(std::int32_t nice);

class CpuScheduler {
 public:
  static constexpr ThreadIndex kIdle = UINT32_MAX;

  CpuScheduler(std::uint32_t cores, const SchedulerSpec& spec, std::size_t threads);

  // Per-thread settings, before the run. Only called for what a scenario uses.
  void set_priority(ThreadIndex t, std::int32_t priority);
  void set_nice(ThreadIndex t, std::int32_t nice);
  // `cpus` sorted, not all cores; threads with equal sets share a class.
  void set_affinity(ThreadIndex t, const std::vector<std::uint32_t>& cpus);
  bool restricted(ThreadIndex t) const { return !class_of_.empty() && class_of_[t] != 0; }
  bool allows(ThreadIndex t, CoreIndex core) const;

  SchedulerPolicy policy() const { return spec_.policy; }
  std::uint32_t core_count() const { return static_cast<std::uint32_t>(running_.size()); }
  ThreadIndex running_on(CoreIndex core) const { return running_[core]; }
  ThreadIndex last_on(CoreIndex core) const { return last_[core]; }
  // Bumped whenever a core changes thread, so a stale quantum-end event can be told apart.
  std::uint32_t core_generation(CoreIndex core) const { return generation_[core]; }

  enum class Enqueue : std::uint8_t { tail, head };
  // `woke`: it was blocked (or new), not preempted: cfs places its vruntime.
  void make_ready(ThreadIndex thread, Time now, bool woke, Enqueue where = Enqueue::tail) {
    if (simple_) {
      ready_.push_back(thread);
      return;
    }
    enqueue(thread, now, woke, where);
  }

  // A free core and the ready thread it should run next, if both exist; the
  // thread is taken off the queue and placed on the core.
  struct Placement {
    CoreIndex core;
    ThreadIndex thread;
  };
  // `previous(thread)` is the core the thread last ran on (kIdle: none): the
  // caller keeps it beside the thread's other hot data, so the common path
  // touches no per-thread table of its own.
  template <class PreviousCore>
  std::optional<Placement> place_next(Time now, PreviousCore previous) {
    if (simple_) {
      if (ready_.empty() || free_cores_.empty()) return std::nullopt;
      ThreadIndex thread = ready_.pop_front();
      // Its previous core if that is idle (warm caches, as Linux prefers), else the lowest idle one.
      CoreIndex core = previous(thread);
      if (core == kIdle || !free_cores_.contains(core)) core = free_cores_.lowest();
      // occupy() for fifo/round_robin, inline: this is the hot path.
      free_cores_.erase(core);
      --free_count_;
      running_[core] = thread;
      ++generation_[core];
      Time length = spec_.policy == SchedulerPolicy::fifo ? kTimeMax : spec_.quantum;
      slice_end_[core] = length > kTimeMax - now ? kTimeMax : now + length;
      return Placement{core, thread};
    }
    std::optional<Choice> choice = choose();
    if (!choice) return std::nullopt;
    CoreIndex core = core_for(*choice->from, previous(choice->thread), choice->core);
    occupy(core, choice->thread, now);
    return Placement{core, choice->thread};
  }

  // The core whose thread a newly ready thread `t` should preempt (priority and
  // cfs), if any. The caller takes that thread off its core, unless the core
  // is still switching to it: then the caller asks again once the switch ends.
  // priority prefers a victim that is not mid-switch (any core of the lowest
  // level below t's; a scan of the cores only when the usual one is switching).
  // `previous`: the core t last ran on (kIdle: none), where cfs wakes it.
  std::optional<CoreIndex> preemption_target(ThreadIndex t, CoreIndex previous, Time now) const;
  // A core spends a context switch before its new thread runs (preemptive policies only).
  void set_switching(CoreIndex core, bool on) {
    if (!switching_.empty()) switching_[core] = on;
  }
  bool switching(CoreIndex core) const { return !switching_.empty() && switching_[core]; }
  bool preemptive() const { return spec_.policy == SchedulerPolicy::priority || spec_.policy == SchedulerPolicy::cfs; }

  Time slice_end(CoreIndex core) const { return slice_end_[core]; }
  // The thread on `core` starts its slice now (after a context switch, or a renewal).
  void begin_slice(CoreIndex core, Time now);
  // At the end of a slice: should the thread give the core to a waiter?
  // (round_robin: anyone waits for this core; priority: a waiter ranks at least
  // as high; cfs: a waiter has less vruntime.)
  bool should_yield(CoreIndex core, Time now);
  // True once per slice: the caller then schedules the quantum-end event.
  bool arm_quantum_end(CoreIndex core) {
    if (armed_generation_[core] == generation_[core] + 1) return false;
    armed_generation_[core] = generation_[core] + 1;
    return true;
  }
  void disarm_quantum_end(CoreIndex core) { armed_generation_[core] = 0; }

  // `still_runnable`: preempted (back to the queue) rather than blocked or finished.
  void leave_core(CoreIndex core, Time now, bool still_runnable) {
    if (simple_) {
      last_[core] = running_[core];
      running_[core] = kIdle;
      ++generation_[core];
      free_cores_.insert(core);
      ++free_count_;
      return;
    }
    leave_core_general(core, now, still_runnable);
  }

 private:
  struct HeapEntry {
    __extension__ __int128 key;  // smaller first: -rank for priority, vruntime for cfs
    std::int64_t order;          // FIFO among equal keys; negative = at the head
    ThreadIndex thread;
    bool operator<(const HeapEntry& o) const { return key != o.key ? key < o.key : order < o.order; }
  };
  struct ReadyClass {
    std::vector<std::uint32_t> cpus;  // sorted; empty for class 0 (any core)
    RingQueue<ThreadIndex> ring;      // fifo, round_robin
    std::vector<HeapEntry> heap;      // priority, cfs: a min-heap by (key, order)
    std::uint64_t runnable_weight = 0;  // cfs: the class's ready and running threads
    std::uint64_t runnable_count = 0;
    bool empty() const { return ring.empty() && heap.empty(); }
  };

  void occupy(CoreIndex core, ThreadIndex thread, Time now);
  void leave_core_general(CoreIndex core, Time now, bool still_runnable);
  void enqueue(ThreadIndex thread, Time now, bool woke, Enqueue where);
  // The best waiter that has a free core (taken off its queue), its class and
  // the lowest free core that class may use.
  struct Choice {
    ThreadIndex thread;
    const ReadyClass* from;
    CoreIndex core;
  };
  std::optional<Choice> choose();
  CoreIndex core_for(const ReadyClass& c, CoreIndex previous, CoreIndex fallback);
  // The lowest free core of a class, or FreeCores::kNone.
  CoreIndex free_core_of(const ReadyClass& c) const;
  bool class_allows(const ReadyClass& c, CoreIndex core) const;
  // Whether class a's head goes before class b's.
  bool head_before(const ReadyClass& a, const ReadyClass& b) const;
  ThreadIndex pop_head(ReadyClass& c);
  // The best waiter that may use `core`, or null.
  const ReadyClass* best_class_for(CoreIndex core) const;
  std::int32_t priority_of(ThreadIndex t) const { return priority_.empty() ? 0 : priority_[t]; }
  std::uint32_t weight_of(ThreadIndex t) const { return weight_.empty() ? 1024 : weight_[t]; }
  // vruntime of the thread on `core` as of `now`, including its current run.
  std::int64_t current_vruntime(CoreIndex core, Time now) const;
  void account(CoreIndex core, Time now);
  void update_min_vruntime(Time now);
  Time cfs_slice(ThreadIndex t) const;

  SchedulerSpec spec_;
  CfsTunables cfs_{};  // resolved for this machine's cores (cfs only)
  std::size_t thread_count_;
  bool simple_;  // fifo/round_robin and no affinity: one FIFO ring
  std::vector<ThreadIndex> running_;
  std::vector<ThreadIndex> last_;
  std::vector<std::uint32_t> generation_;
  std::vector<std::uint32_t> armed_generation_;  // generation + 1 while a quantum-end event is pending
  std::vector<Time> slice_end_;
  std::vector<std::uint8_t> switching_;  // per core, preemptive policies: mid context switch
  std::vector<Time> dispatched_;  // per core: when its thread's vruntime was last brought up to date
  FreeCores free_cores_;
  std::size_t free_count_;
  RingQueue<ThreadIndex> ready_;    // the simple path's queue
  std::vector<ReadyClass> classes_;  // the general path's queues; [0] = any core
  std::vector<std::uint32_t> class_of_;  // per thread, only with affinity
  std::vector<std::int64_t> ready_order_;  // per thread: FIFO order across classes (ring policies, affinity)
  std::int64_t next_order_ = 0;
  std::int64_t next_head_order_ = -1;
  // priority
  std::vector<std::int32_t> priority_;  // per thread, only if a thread has one
  std::vector<std::int32_t> core_priority_;  // per core: the running thread's
  // Per priority level (0..99), the cores running a thread of that level, made
  // when a level first runs; `levels_running_` has a bit per level with any.
  std::vector<std::unique_ptr<FreeCores>> cores_at_level_;
  std::uint64_t levels_running_[2] = {0, 0};
  // cfs
  std::vector<std::uint32_t> weight_;     // per thread, only if a thread has a nice value
  std::vector<std::int64_t> vruntime_;    // per thread
  std::vector<std::uint8_t> seen_;        // per thread: has been runnable before
  std::int64_t min_vruntime_ = 0;
  RunningVruntimes running_vruntimes_{0};  // the running threads' vruntimes, for min_vruntime
  std::uint64_t runnable_weight_ = 0;     // ready and running threads
  std::uint64_t runnable_count_ = 0;
};

}  // namespace gilsim
