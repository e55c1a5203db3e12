#pragma once
// Watches one run for what its metrics need beyond the recorder's totals
// (each dispatch's wait of the named threads, the first time of each printed
// text) and gives each metric's value. Nothing is kept per event but those.

#include <optional>
#include <string_view>
#include <vector>

#include "compare/metric.h"
#include "model/observer.h"
#include "model/roster.h"
#include "report/result.h"

namespace gilsim {

// A metric's value in a run: nanoseconds (is_time), a share or a rate; empty when
// the run has none (a thread that never finished, a text never printed, a
// thread never dispatched).
using MetricValue = std::optional<double>;

class MetricProbe : public Observer {
 public:
  // `picks`: per metric, the threads it names (ignored for metrics that name none).
  MetricProbe(const Roster& roster, const std::vector<MetricSpec>& metrics,
              const std::vector<std::vector<ThreadPick>>& picks);

  void on_thread_state(const StateChange& change) override;
  void on_print(Time t, ThreadIndex thread, std::string_view text) override;
  void on_gil_acquire(Time, ProcessIndex, ThreadIndex, bool) override {}
  void on_gil_release(Time, ProcessIndex, ThreadIndex) override {}
  void on_gil_drop_request(Time, ProcessIndex, ThreadIndex) override {}
  void on_deadlock(const Deadlock&) override {}
  void on_end(Time, const ThreadStates&) override {}

  // Each metric's value, from what was watched and the run's totals.
  std::vector<MetricValue> values(const RunResult& result) const;

 private:
  const Roster& roster_;
  const std::vector<MetricSpec>& metrics_;
  std::vector<std::vector<bool>> picked_;     // per metric: per thread, or empty for the whole run
  std::vector<std::vector<Time>> responses_;  // per metric: each dispatch's wait (response metrics)
  std::vector<std::optional<Time>> printed_;  // per metric: the first matching line (print)
  bool watch_responses_ = false;
  bool watch_prints_ = false;
};

// The 95th percentile by nearest rank: the smallest sample that at least 95 %
// of the samples do not exceed. `samples` is sorted in place; empty if none.
std::optional<Time> percentile_95(std::vector<Time>& samples);

}  // namespace gilsim
