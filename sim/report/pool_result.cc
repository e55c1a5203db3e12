#include "report/pool_result.h"

#include <algorithm>

namespace gilsim {

namespace {

Time saturating_add(Time a, Time b) { return a > kTimeMax - b ? kTimeMax : a + b; }

}  // namespace

double PoolResult::busy_share() const {
  if (last_done <= first_submit || workers_started == 0) return 0.0;
  double span = static_cast<double>(last_done - first_submit) * workers_started;
  return std::min(1.0, static_cast<double>(busy) / span);  // a cut-off run can have written results no future shows
}

Time PoolResult::pickling() const {
  using K = PoolCostKind;
  Time sum = 0;
  for (K kind : {K::feeder_pickle, K::manager_unpickle, K::worker_unpickle, K::worker_pickle})
    sum = saturating_add(sum, cost(kind));
  return sum;
}

Time PoolResult::pipe() const {
  return saturating_add(cost(PoolCostKind::feeder_write), cost(PoolCostKind::worker_write));
}

void PoolTally::add_busy(std::uint32_t executor, Time busy) {
  results_[executor].busy = saturating_add(results_[executor].busy, busy);
}

void PoolTally::add_cost(std::uint32_t executor, PoolCostKind kind, Time duration) {
  Time& sum = results_[executor].costs[static_cast<std::size_t>(kind)];
  sum = saturating_add(sum, duration);
}

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
