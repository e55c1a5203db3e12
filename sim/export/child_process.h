#pragma once
// Runs a program as verify needs it: fork and exec (no shell), its stdout and
// stderr read through pipes, stopped when it runs past a deadline. The child
// leads a process group of its own so that a timeout kills what it started
// too (multiprocessing's children), and it dies with gilsim (PR_SET_PDEATHSIG).

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gilsim {

struct ChildResult {
  std::string exec_error;  // non-empty: the program could not be started ("python3: No such file or directory")
  bool timed_out = false;  // stopped at the deadline (with SIGKILL, its process group too)
  int exit_code = -1;      // when it exited
  int signal = 0;          // when a signal ended it
  std::string out;         // everything it wrote to stdout
  std::string err;         // the last kMaxStderr bytes it wrote to stderr
  double seconds = 0;      // wall time from fork to its end
  bool ok() const { return exec_error.empty() && !timed_out && signal == 0 && exit_code == 0; }
  // "exited with code 1", "was killed by signal 9 (Killed)", "did not finish within 12.5 s", ...
  std::string describe() const;
};

inline constexpr std::size_t kMaxStderr = 64 * 1024;

// argv[0] is looked up in PATH, as a shell would. `on_stderr`, if given, sees
// each piece of stderr as it arrives (calibrate shows the program's progress).
ChildResult run_child(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                      const std::function<void(std::string_view)>& on_stderr = {});

}  // namespace gilsim
