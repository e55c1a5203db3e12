#pragma once
// A progress bar for long comparisons, on a terminal only: it appears once
// the work has taken a second, redraws in place with \r, and ends with a
// newline. Wall-clock time is used here and nowhere in any output file.

#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <string>

namespace gilsim {

class ProgressBar {
 public:
  using Clock = std::chrono::steady_clock;
  // `enabled` false: the bar never draws (not a terminal, or --quiet).
  // `width`: the terminal's columns; the bar's line stays shorter, so it never wraps.
  ProgressBar(std::ostream& terminal, std::size_t total, bool enabled, Clock::time_point start = Clock::now(),
              std::size_t width = 80);

  void update(std::size_t done) { update(done, Clock::now()); }
  // As update(done), at a given time: for tests.
  void update(std::size_t done, Clock::time_point now);

  // One line of the bar, without \r: "[#####-----] 8/16 simulations, 1.2 s elapsed, about 1.2 s left",
  // at most width - 1 columns: the bar narrows, then the estimate, the
  // elapsed time and the bar itself go.
  static std::string line(std::size_t done, std::size_t total, double elapsed_seconds, std::size_t width = 80);

 private:
  std::ostream& terminal_;
  std::size_t total_;
  bool enabled_;
  bool drawn_ = false;
  bool finished_ = false;
  Clock::time_point start_;
  Clock::time_point last_draw_;
  std::size_t last_width_ = 0;
  std::size_t width_;
};

}  // namespace gilsim
