#include "comparison.h"

#include <pybind11/pybind11.h>

#include <memory>
#include <sstream>
#include <stdexcept>

#include "cli/cli_support.h"
#include "cli/outcome_messages.h"
#include "compare/plan.h"
#include "compare/render.h"
#include "compare/runner.h"
#include "compare/summary.h"
#include "run/pipeline.h"
#include "scenario/duration.h"
#include "scenario/machine_profile.h"
#include "scenario/overrides.h"

namespace py = pybind11;

namespace gilsim::python {

ComparedScenario::ComparedScenario(const Source& scenario, const std::optional<Source>& machine,
                                   const ComparisonAsk& ask, const CompareLimits& limits) {
  if (limits.jobs > 1024) throw UsageError("compare: jobs must be from 1 to 1024");
  std::unique_ptr<ScenarioFile> file = open_source(scenario, machine);
  ComparisonRequest request = plan_comparison(*file, scenario.label, ask);
  request.limits.max_events = limits.max_events;
  try {
    request.limits.max_time = parse_duration(limits.max_time);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("compare: max_time: ") + e.what());
  }
  // As many side by side as the memory holds; the result is the same whatever that is.
  request.workers = workers_within_memory(limits.jobs == 0 ? default_workers() : limits.jobs,
                                          largest_run_estimate(request));
  {
    py::gil_scoped_release free_python;
    comparison_ = run_comparison(request);
  }
  const std::string& label = scenario.label;
  if (!comparison_.stopped) check_metrics_seen(comparison_);  // AskError: UsageError in Python, as exit 2 in the CLI
  if (comparison_.stopped) {
    exit_code_ = kExitLimit;
    message_ = comparison_stop_message(label, comparison_, request.limits, limits.max_time);
    return;
  }
  // A program error outranks a deadlock (it may have caused one), as in the CLI.
  for (const ComparisonRow& row : comparison_.rows)
    if (row.measured.program_error) {
      exit_code_ = kExitProgramError;
      message_ = label + ": " + describe_point(comparison_, row.point) + ": " + *row.measured.program_error;
      return;
    }
  std::size_t deadlocks = 0;
  for (const ComparisonRow& row : comparison_.rows) {
    if (!row.measured.deadlock) continue;
    if (++deadlocks == 1) message_ = label + ": " + describe_point(comparison_, row.point) + ": " + *row.measured.deadlock;
  }
  if (deadlocks == 0) return;
  exit_code_ = kExitDeadlock;
  if (deadlocks > 1)
    message_ += " (and " + std::to_string(deadlocks - 1) + " more " + (deadlocks == 2 ? "point" : "points") + ")";
}

std::string ComparedScenario::render(const std::string& format, int width) const {
  std::ostringstream out;
  if (format == "csv")
    write_comparison_csv(out, comparison_, true);
  else if (format == "json")
    write_comparison_json(out, comparison_);
  else if (format == "html")
    write_comparison_html(out, comparison_);
  else if (format == "text") {
    if (width < 40 || width > 1000) throw UsageError("compare: width must be from 40 to 1000");
    write_comparison_text(out, comparison_, static_cast<std::size_t>(width));
  }
  else
    throw UsageError("compare: unknown format \"" + format + "\" (valid: text, csv, json, html)");
  return out.str();
}

}  // namespace gilsim::python
