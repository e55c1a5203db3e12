#pragma once
// How a run that did not simply complete is said in words: a deadlock (the
// wait-for cycles, then the threads stuck behind them) and a forbidden
// release. One sentence each, used by every report and by the command line.

#include <string>

#include "model/deadlock.h"
#include "model/roster.h"
#include "model/sync/release_refusal.h"

namespace gilsim {

// "deadlock at 12.000 ms: app/t1 holds L1 and waits for L2 (held by app/t2); app/t2 holds L2 and waits for L1"
std::string deadlock_text(const Roster& roster, const Deadlock& deadlock);
// "program error at 3.000 ms: app/t1: release(L): RuntimeError: release unlocked lock"
std::string program_error_text(const Roster& roster, const ProgramError& error);

}  // namespace gilsim
