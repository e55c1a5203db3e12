#include "compare/metric_probe.h"

#include <algorithm>

namespace gilsim {

namespace {

bool is_response(MetricKind kind) {
  return kind == MetricKind::response_mean || kind == MetricKind::response_p95 || kind == MetricKind::response_max;
}

}  // namespace

std::optional<Time> percentile_95(std::vector<Time>& samples) {
  if (samples.empty()) return std::nullopt;
  std::sort(samples.begin(), samples.end());
  std::size_t rank = (samples.size() * 95 + 99) / 100;  // ceil(0.95 n), at least 1
  return samples[rank - 1];
}

MetricProbe::MetricProbe(const Roster& roster, const std::vector<MetricSpec>& metrics,
                         const std::vector<std::vector<ThreadPick>>& picks)
    : roster_(roster), metrics_(metrics), picked_(metrics.size()), responses_(metrics.size()), printed_(metrics.size()) {
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    if (metrics[i].names_threads() && i < picks.size()) picked_[i] = picked_threads(roster, picks[i]);
    watch_responses_ = watch_responses_ || is_response(metrics[i].kind);
    watch_prints_ = watch_prints_ || metrics[i].kind == MetricKind::print;
  }
}

void MetricProbe::on_thread_state(const StateChange& c) {
  // A dispatch: ready -> on a core, as the recorder counts response times.
  if (!watch_responses_ || c.from != ThreadState::ready || !on_core(c.to)) return;
  for (std::size_t i = 0; i < metrics_.size(); ++i)
    if (is_response(metrics_[i].kind) && !picked_[i].empty() && picked_[i][c.thread])
      responses_[i].push_back(c.length());
}

void MetricProbe::on_print(Time t, ThreadIndex, std::string_view text) {
  if (!watch_prints_) return;
  for (std::size_t i = 0; i < metrics_.size(); ++i)
    if (metrics_[i].kind == MetricKind::print && !printed_[i] && text.find(metrics_[i].subject) != std::string_view::npos)
      printed_[i] = t;
}

std::vector<MetricValue> MetricProbe::values(const RunResult& result) const {
  std::vector<MetricValue> values(metrics_.size());
  for (std::size_t i = 0; i < metrics_.size(); ++i) {
    const MetricSpec& metric = metrics_[i];
    const std::vector<bool>& picked = picked_[i];
    auto counts = [&](std::size_t t) { return picked.empty() || picked[t]; };
    switch (metric.kind) {
      case MetricKind::makespan:
        values[i] = static_cast<double>(result.makespan);
        break;
      case MetricKind::finish: {
        // The last of them; none if one of them never finished (or none ran).
        Time last = -1;
        bool all = true;
        for (std::size_t t = 0; t < result.threads.size(); ++t) {
          if (!counts(t)) continue;
          all = all && result.threads[t].finish >= 0;
          last = std::max(last, result.threads[t].finish);
        }
        if (all && last >= 0) values[i] = static_cast<double>(last);
        break;
      }
      case MetricKind::gil_wait: {
        Time waited = 0, alive = 0;
        for (std::size_t t = 0; t < result.threads.size(); ++t) {
          if (!counts(t)) continue;
          waited += result.threads[t].time_in[ThreadState::gil_wait];
          alive += result.threads[t].time_in.total();
        }
        if (alive > 0) values[i] = static_cast<double>(waited) / static_cast<double>(alive);
        break;
      }
      case MetricKind::response_mean:
      case MetricKind::response_max:
      case MetricKind::response_p95: {
        std::vector<Time> samples = responses_[i];
        if (samples.empty()) break;
        Time sum = 0;
        for (Time s : samples) sum += s;
        auto n = static_cast<Time>(samples.size());
        if (metric.kind == MetricKind::response_mean)
          values[i] = static_cast<double>((sum + n / 2) / n);  // to the nanosecond
        else if (metric.kind == MetricKind::response_max)
          values[i] = static_cast<double>(*std::max_element(samples.begin(), samples.end()));
        else
          values[i] = static_cast<double>(*percentile_95(samples));
        break;
      }
      case MetricKind::task_latency_mean:
      case MetricKind::task_latency_p50:
      case MetricKind::task_latency_p95:
      case MetricKind::task_latency_max:
      case MetricKind::throughput: {
        std::optional<std::uint32_t> e = find_executor(roster_, metric.subject);
        if (!e || *e >= result.pools.size() || result.pools[*e].calls == 0) break;
        const PoolResult& pool = result.pools[*e];
        Time latency = metric.kind == MetricKind::task_latency_mean  ? pool.latency_mean
                       : metric.kind == MetricKind::task_latency_p50 ? pool.latency_p50
                       : metric.kind == MetricKind::task_latency_p95 ? pool.latency_p95
                                                                     : pool.latency_max;
        values[i] = metric.kind == MetricKind::throughput ? pool.throughput() : static_cast<double>(latency);
        break;
      }
      case MetricKind::busy_share:
      case MetricKind::pickling:
      case MetricKind::pipe: {
        std::optional<std::uint32_t> e = find_executor(roster_, metric.subject);
        if (!e || *e >= result.pools.size()) break;
        const PoolResult& pool = result.pools[*e];
        // A share needs a span (as the Pools report's null); the sums are what was spent, 0 included.
        if (metric.kind == MetricKind::busy_share) {
          if (pool.calls > 0) values[i] = pool.busy_share();
        } else {
          values[i] = static_cast<double>(metric.kind == MetricKind::pickling ? pool.pickling() : pool.pipe());
        }
        break;
      }
      case MetricKind::print:
        if (printed_[i]) values[i] = static_cast<double>(*printed_[i]);
        break;
    }
  }
  return values;
}

}  // namespace gilsim
