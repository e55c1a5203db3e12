#include "model/sync/release_refusal.h"

#include "model/roster.h"

namespace gilsim {

std::string python_exception(const ProgramError& error, const Roster& roster) {
  switch (error.refusal) {
    case ReleaseRefusal::lock_unlocked: return "RuntimeError: release unlocked lock";
    case ReleaseRefusal::lock_held_by_other:
      return "RuntimeError: release of a lock held by " + roster.full_name(error.owner);
    case ReleaseRefusal::rlock_not_owned: return "RuntimeError: cannot release un-acquired lock";
    case ReleaseRefusal::semaphore_over_limit: return "ValueError: Semaphore released too many times";
    case ReleaseRefusal::submit_after_shutdown: return "RuntimeError: cannot schedule new futures after shutdown";
    case ReleaseRefusal::none: break;
  }
  return "";
}

}  // namespace gilsim
