#include <doctest/doctest.h>

#include <atomic>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "compare/progress.h"
#include "compare/render.h"
#include "compare/runner.h"
#include "compare/summary.h"

namespace gilsim {
namespace {

TEST_CASE("run_jobs: every job once, results by index, progress ends at the total") {
  for (unsigned workers : {1u, 2u, 8u}) {
    std::vector<std::size_t> result(1000, 0);
    std::atomic<int> calls{0};
    std::size_t last_progress = 0;
    run_jobs(
        result.size(), workers,
        [&](std::size_t i) {
          result[i] = i * i;
          ++calls;
        },
        [&](std::size_t done) { last_progress = done; });
    CHECK(calls == 1000);
    bool all = true;
    for (std::size_t i = 0; i < result.size(); ++i) all = all && result[i] == i * i;
    CHECK(all);
    CHECK(last_progress == 1000);
  }
}

TEST_CASE("run_jobs: the error of the lowest failing index, whatever the timing") {
  for (unsigned workers : {1u, 4u}) {
    std::atomic<int> calls{0};
    CHECK_THROWS_WITH_AS(run_jobs(
                             50, workers,
                             [&](std::size_t i) {
                               ++calls;
                               if (i == 7 || i == 30) throw std::runtime_error("job " + std::to_string(i));
                             },
                             [](std::size_t) {}),
                         "job 7", std::runtime_error);
    CHECK(calls == 50);
  }
  CHECK_NOTHROW(run_jobs(0, 4, [](std::size_t) { throw std::runtime_error("never"); }, [](std::size_t) {}));
}

TEST_CASE("progress bar: only when enabled, only after a second, ends with a newline") {
  using namespace std::chrono_literals;
  ProgressBar::Clock::time_point start{};
  std::ostringstream quiet;
  ProgressBar off(quiet, 10, false, start);
  off.update(3, start + 5s);
  off.update(10, start + 6s);
  CHECK(quiet.str().empty());

  std::ostringstream fast;
  ProgressBar quick(fast, 10, true, start);
  quick.update(5, start + 500ms);
  quick.update(10, start + 900ms);
  CHECK(fast.str().empty());  // done within a second: nothing to see

  std::ostringstream slow;
  ProgressBar bar(slow, 10, true, start);
  bar.update(2, start + 500ms);
  CHECK(slow.str().empty());
  bar.update(4, start + 2s);
  // 79 columns in an 80-column terminal: the bar takes what the words leave.
  const std::string first = "\r[##########-----------------] 4/10 simulations, 2.0 s elapsed, about 3.0 s left";
  CHECK(slow.str() == first);
  CHECK(first.size() == 80);
  bar.update(5, start + 2050ms);  // too soon to redraw
  CHECK(slow.str().size() == first.size());
  bar.update(10, start + 4s);
  CHECK(slow.str().substr(slow.str().rfind('\r')) ==
        "\r[##############################] 10/10 simulations, 4.0 s elapsed              \n");
  bar.update(10, start + 5s);  // finished: stays quiet
  CHECK(slow.str().back() == '\n');
}

TEST_CASE("progress bar: its line always fits the terminal, dropping what does not fit") {
  for (std::size_t width : {20u, 30u, 40u, 50u, 60u, 80u, 120u, 200u}) {
    CAPTURE(width);
    for (std::size_t done : {0u, 1u, 733u, 1000u}) {
      const std::string line = ProgressBar::line(done, 1000, 12345.6, width);
      CHECK(line.size() < width);  // the last column stays free
      CHECK(line.find(std::to_string(done) + "/1000") != std::string::npos);
    }
  }
  CHECK(ProgressBar::line(500, 1000, 10, 200) ==
        "[###############---------------] 500/1000 simulations, 10.0 s elapsed, about 10.0 s left");
  CHECK(ProgressBar::line(500, 1000, 10, 50) == "[#####-----] 500/1000 simulations, 10.0 s elapsed");
  CHECK(ProgressBar::line(500, 1000, 10, 25) == "500/1000 simulations");
}

TEST_CASE("text helpers: word wrapping that counts characters, core lists as ranges") {
  CHECK(wrap_words("aa bb cc dd", 5) == "aa bb\ncc dd\n");
  CHECK(wrap_words("4.00× 4.00× 4.00×", 11) == "4.00× 4.00×\n4.00×\n");
  CHECK(wrap_words("", 10).empty());
  CHECK(core_list_text({1, 2, 3, 4, 8, 16}) == "1-4, 8, 16");
  CHECK(core_list_text({1, 2, 4}) == "1, 2, 4");
  CHECK(core_list_text({8, 7, 6}) == "8, 7, 6");
  CHECK(times(3.899) == "3.90×");
  CHECK(percent(0.974) == "97%");
}

}  // namespace
}  // namespace gilsim
