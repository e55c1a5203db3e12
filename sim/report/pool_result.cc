#include "report/pool_result.h"

#include <algorithm>

namespace gilsim {

void PoolTally::add(std::uint32_t executor, const PoolDone& done) {
  PoolResult& r = results_[executor];
  ++r.calls;
  r.items += done.call.items;
  if (r.first_submit < 0 || done.call.submitted < r.first_submit) r.first_submit = done.call.submitted;
  r.last_done = std::max(r.last_done, done.done);
  latencies_[executor].push_back(done.done - done.call.submitted);
}

std::vector<PoolResult> PoolTally::take() {
  for (std::size_t e = 0; e < results_.size(); ++e) {
    std::vector<Time>& all = latencies_[e];
    if (all.empty()) continue;
    std::sort(all.begin(), all.end());
    // Nearest rank: the smallest value with at least q of the calls at or below it.
    auto rank = [&](std::size_t percent) { return all[(all.size() * percent + 99) / 100 - 1]; };
    __extension__ unsigned __int128 sum = 0;
    for (Time t : all) sum += static_cast<std::uint64_t>(t);
    PoolResult& r = results_[e];
    r.latency_mean = static_cast<Time>((sum + all.size() / 2) / all.size());
    r.latency_p50 = rank(50);
    r.latency_p95 = rank(95);
    r.latency_max = all.back();
    std::vector<Time>().swap(all);
  }
  return std::move(results_);
}

}  // namespace gilsim
