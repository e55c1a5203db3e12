#pragma once
// A release the simulated program may not make, and the exception Python
// raises for it. The thread dies with that exception, keeping what else it
// holds; the run goes on and ends with the error (exit 5).

#include <cstdint>
#include <string>

#include "engine/time.h"
#include "model/thread_state.h"

namespace gilsim {

enum class ReleaseRefusal : std::uint8_t {
  none,
  lock_unlocked,         // Lock.release of a free lock
  lock_held_by_other,    // Lock.release of a lock another thread holds
  rlock_not_owned,       // RLock.release by a thread that does not own it
  semaphore_over_limit,  // BoundedSemaphore released above its initial value
  // Not a release, but an error of the program all the same:
  submit_after_shutdown,  // Executor.submit after shutdown (`sync`: the executor's work queue)
};

// A forbidden release, as it happened.
struct ProgramError {
  Time at = 0;
  ThreadIndex thread = 0;
  SyncIndex sync = 0;
  ReleaseRefusal refusal = ReleaseRefusal::none;
  ThreadIndex owner = 0;  // lock_held_by_other: the holder
  bool operator==(const ProgramError&) const = default;
};

class Roster;
// Python's exception, as the thread's traceback ends:
// "RuntimeError: release unlocked lock", "ValueError: Semaphore released too many times".
std::string python_exception(const ProgramError& error, const Roster& roster);

}  // namespace gilsim
