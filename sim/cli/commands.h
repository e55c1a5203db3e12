#pragma once
// The gilsim command line, as a function so that tests can call it without a
// process. main() only forwards to it.

#include <iosfwd>

namespace gilsim {

// Exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitBadInput = 2;  // bad usage or bad scenario
inline constexpr int kExitDeadlock = 3;  // the simulated program deadlocked
inline constexpr int kExitLimit = 4;     // a --max-events / --max-time limit stopped the run
inline constexpr int kExitProgramError = 5;  // the simulated program made a forbidden release (it ran to the end)
inline constexpr int kExitVerifyMismatch = 6;   // verify: the real runs disagree with the prediction
inline constexpr int kExitVerifyRunFailed = 7;  // verify: the Python program failed, timed out or could not run

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace gilsim
