// cfs's tunables as Linux derives them for a machine, and the kernel's nice
// weights; apart from the scheduler so that each file reads in one sitting.

#include <algorithm>
#include <bit>
#include <cassert>

#include "model/cpu/scheduler.h"

namespace gilsim {

std::int64_t cfs_factor(std::uint32_t cores) {
  std::uint32_t n = std::min<std::uint32_t>(cores, 8);
  return 1 + (std::bit_width(n) - 1);
}

CfsTunables cfs_tunables(const SchedulerSpec& spec, std::uint32_t cores) {
  std::int64_t f = cfs_factor(cores);
  CfsTunables t{};
  t.latency = spec.latency.value_or(6 * kMillisecond * f);
  // A default granularity never exceeds the period it divides (a short
  // explicit latency on many cores); an explicit one longer than the latency
  // is an input error (check_core_count in scenario/loader.h).
  t.min_granularity = spec.min_granularity.value_or(std::min<Time>(750 * kMicrosecond * f, t.latency));
  t.wakeup_granularity = spec.wakeup_granularity.value_or(1 * kMillisecond * f);
  return t;
}

std::uint32_t nice_weight(std::int32_t nice) {
  // kernel/sched/core.c, sched_prio_to_weight[40], nice -20 first.
  static constexpr std::uint32_t kWeights[40] = {
      88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100, 4904,
      3906,  3121,  2501,  1991,  1586,  1277,  1024,  820,   655,   526,   423,   335,  272,  215,
      172,   137,   110,   87,    70,    56,    45,    36,    29,    23,    18,    15};
  assert(nice >= -20 && nice <= 19);
  return kWeights[nice + 20];
}

}  // namespace gilsim
