#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include "model/cpu/running_vruntimes.h"

using namespace gilsim;

namespace {

struct Running {
  bool on = false;
  std::int64_t v = 0;
  Time since = 0;
  std::uint32_t weight = 1024;
};

// What the scheduler computed before: every core, one by one.
std::optional<std::int64_t> scan(const std::vector<Running>& cores, Time now) {
  std::optional<std::int64_t> best;
  for (const Running& r : cores) {
    if (!r.on) continue;
    using Wide = RunningVruntimes::Wide;
    Wide v = r.v + static_cast<Wide>(now - r.since) * 1024 / r.weight;
    auto value = static_cast<std::int64_t>(std::min<Wide>(v, INT64_MAX));
    best = best ? std::min(*best, value) : value;
  }
  return best;
}

}  // namespace

TEST_CASE("RunningVruntimes: the least vruntime equals a scan of every core (10,000 random changes)") {
  const std::uint32_t weights[] = {1024, 1024, 15, 88761, 820, 1277};
  std::mt19937_64 random(18);
  const std::uint32_t cores = 64;
  std::vector<Running> truth(cores);
  RunningVruntimes heap(cores);
  Time now = 0;
  for (int step = 0; step < 10000; ++step) {
    now += static_cast<Time>(random() % 5000);
    auto core = static_cast<CoreIndex>(random() % cores);
    if (random() % 3 == 0) {
      truth[core].on = false;
      heap.erase(core);
    } else {
      Running& r = truth[core];
      r = {true, static_cast<std::int64_t>(random() % 1'000'000), now - static_cast<Time>(random() % 1000),
           weights[random() % 6]};
      heap.set(core, r.v, r.since, r.weight);
    }
    Time later = now + static_cast<Time>(random() % 100'000);
    REQUIRE(heap.least(later) == scan(truth, later));
  }
}

TEST_CASE("RunningVruntimes: centuries at nice 19 saturate instead of overflowing") {
  RunningVruntimes heap(2);
  heap.set(0, 0, 0, 15);  // nice 19: vruntime grows 68 times faster than time
  CHECK(heap.least(kTimeMax) == std::optional<std::int64_t>(INT64_MAX));
  heap.set(1, 5, 0, 1024);
  CHECK(heap.least(1000) == std::optional<std::int64_t>(1005));
  heap.erase(0);
  heap.erase(1);
  CHECK_FALSE(heap.least(1000).has_value());
}
