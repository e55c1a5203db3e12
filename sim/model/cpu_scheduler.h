#pragma once
// The OS side: cores and the round-robin scheduler.
//
// round_robin: runnable threads wait in one FIFO ready queue (a global run
// queue, as the textbook picture; Linux keeps one per core and balances them).
// A free core takes the head of the queue; the lowest-numbered free core goes
// first. A running thread is preempted after `quantum` if others are waiting,
// and goes to the tail; if nobody waits it gets a fresh quantum. A thread that
// blocks leaves its core at once.
//
// The end of a quantum is an event only when it matters: the simulation asks
// for one when a compute would run past the end of its thread's slice, so
// short computes and blocking threads cost no timer events.

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/ring_queue.h"
#include "engine/time.h"
#include "model/free_cores.h"
#include "model/observer.h"

namespace gilsim {

class CpuScheduler {
 public:
  static constexpr ThreadIndex kIdle = UINT32_MAX;

  CpuScheduler(std::uint32_t cores, Time quantum);

  Time quantum() const { return quantum_; }
  std::uint32_t core_count() const { return static_cast<std::uint32_t>(running_.size()); }
  ThreadIndex running_on(CoreIndex core) const { return running_[core]; }
  // Bumped whenever a core changes thread, so a stale quantum-end event can be told apart.
  std::uint32_t core_generation(CoreIndex core) const { return generation_[core]; }
  bool has_ready() const { return !ready_.empty(); }

  void make_ready(ThreadIndex thread) { ready_.push_back(thread); }

  // A free core and the ready thread it should run next, if both exist; the
  // thread is taken off the queue and placed on the core.
  struct Placement {
    CoreIndex core;
    ThreadIndex thread;
  };
  std::optional<Placement> place_next(Time now);

  Time slice_end(CoreIndex core) const { return slice_end_[core]; }
  void renew_slice(CoreIndex core, Time now) { slice_end_[core] = quantum_ > kTimeMax - now ? kTimeMax : now + quantum_; }
  // True once per slice: the caller then schedules the quantum-end event.
  bool arm_quantum_end(CoreIndex core) {
    if (armed_generation_[core] == generation_[core] + 1) return false;
    armed_generation_[core] = generation_[core] + 1;
    return true;
  }
  void disarm_quantum_end(CoreIndex core) { armed_generation_[core] = 0; }

  void leave_core(CoreIndex core);

 private:
  Time quantum_;
  std::vector<ThreadIndex> running_;
  std::vector<std::uint32_t> generation_;
  std::vector<std::uint32_t> armed_generation_;  // generation + 1 while a quantum-end event is pending
  std::vector<Time> slice_end_;
  FreeCores free_cores_;
  RingQueue<ThreadIndex> ready_;
};

}  // namespace gilsim
