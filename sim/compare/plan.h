#pragma once
// From what a comparison is asked for (--set, --gil and --cores as written)
// to a request ready to run: the grid, every variant of the scenario loaded,
// and every check made before anything runs. The command line and the Python
// module ask the same way, so they refuse the same things in the same words.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "compare/comparison.h"
#include "scenario/overrides.h"

namespace gilsim {

struct ComparisonAsk {
  std::vector<std::string> sets;  // "PATH=V1,V2,...", in order
  std::string gil;                // "on,off"; empty: as the scenario has it (no gil column)
  std::string cores;              // "1,2,4-8"; empty: powers of two up to the most threads
  std::vector<std::string> metrics;  // --metric "finish:io_thread", in order; empty: the makespan
};

// A mistake in the ask rather than in the scenario; what() is the message
// after "compare: " ("--gil: ...", "the grid has more than ... points; ...").
class AskError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// The request for `file` (named `label` in messages), with limits and workers
// left as they come. The file's own mistakes come first, as `gilsim run`
// reports them, then each --set value's, then any point's cores (InputError);
// mistakes of the ask are AskError.
ComparisonRequest plan_comparison(const ScenarioFile& file, const std::string& label, const ComparisonAsk& ask);

// After the run: a print metric whose text no row printed is taken for a
// mistake in the ask (a text never printed anywhere): AskError. A text that
// some rows printed and others did not is data (absent in those rows).
void check_metrics_seen(const Comparison& comparison);

// The memory one of the request's simulations may take, at most (bytes, as
// run_memory_estimate has it): how many may run side by side
// (workers_within_memory).
std::uint64_t largest_run_estimate(const ComparisonRequest& request);

}  // namespace gilsim
