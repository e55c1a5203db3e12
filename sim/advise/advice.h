#pragma once
// gilsim advise: every option of the plan (options.h) simulated on the cores
// asked, ranked by the makespan or the first --metric, with what each row's
// reasons are drawn from; and, for the winner, a sweep over 1 .. cores fitted
// by Karp and Flatt's serial fraction. Data only: render.h says it in words.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "advise/options.h"
#include "compare/measure.h"
#include "compare/metric.h"
#include "scenario/overrides.h"

namespace gilsim {

struct AdviseRequest {
  std::string file;  // as the user named it, for the report
  std::uint32_t cores = 0;  // 0: the scenario's
  std::optional<MetricSpec> metric;  // empty: the makespan
  RunLimits limits;
  unsigned workers = 1;  // --jobs
};

struct OptionResult {
  AdviseOption option;
  Measurement measured;         // on the cores asked (the sequential reference: on 1)
  std::optional<double> value;  // the metric (or the makespan, ns); empty when the run has none
  std::uint64_t processes = 0;  // processes in the run (the memory it takes, roughly)
  Time pickling = 0;            // a process pool's pickling and unpickling
  Time pipes = 0;               // and its pipe writes
  std::optional<double> speedup;  // the sequential run's value over this one's (a rate: the inverse)
};

// serial fraction e(p) = (1/S - 1/p) / (1 - 1/p), S the speedup on p cores
// over 1 core (Karp and Flatt, 1990), for the winner at each core count.
struct CoreFit {
  std::uint32_t cores = 1;
  Time makespan = 0;
  std::optional<double> speedup;          // over the same option on 1 core
  std::optional<double> serial_fraction;  // p > 1
  double gil_wait_share = 0;              // threads' time waiting for a GIL over their time alive
  double busy_share = 0;                  // the cores' busy time over cores x makespan
};

struct Advice {
  std::string file;
  std::string scenario_name;
  std::string pool;  // "app/pool", or empty
  std::uint32_t cores = 1;
  std::optional<MetricSpec> metric;
  OptionResult sequential;
  std::vector<OptionResult> ranked;  // the best first; completed runs before the others
  std::vector<CoreFit> fit;          // the winner from 1 to `cores` cores
};

// Loads each option from `file`, runs them on request.workers threads and ranks them.
Advice advise(const ScenarioFile& file, const Scenario& as_written, const AdviseRequest& request,
              const std::function<void(std::size_t done, std::size_t total)>& progress);

// Whether `a` ranks before `b` (a completed run with a better value; ties: plan order).
bool ranks_before(const OptionResult& a, const OptionResult& b, bool more_is_better);

}  // namespace gilsim
