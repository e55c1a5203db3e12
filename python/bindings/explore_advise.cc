#include "explore_advise.h"

#include <pybind11/pybind11.h>

#include <sstream>
#include <stdexcept>

#include "advise/render.h"
#include "cli/cli_support.h"
#include "cli/jitter_options.h"
#include "compare/metric.h"
#include "compare/runner.h"
#include "scenario/duration.h"

namespace py = pybind11;

namespace gilsim::python {

namespace {

RunLimits limits_of(const char* command, std::uint64_t max_events, const std::string& max_time, unsigned jobs) {
  if (jobs > 1024) throw UsageError(std::string(command) + ": jobs must be from 1 to 1024");
  RunLimits limits;
  limits.max_events = max_events;
  try {
    limits.max_time = parse_duration(max_time);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string(command) + ": max_time: " + e.what());
  }
  return limits;
}

}  // namespace

ExploredScenario::ExploredScenario(const Source& scenario, const std::optional<Source>& machine,
                                   const ExploreAsk& ask) {
  if (ask.seeds < 1 || ask.seeds > 1'000'000) throw UsageError("explore: seeds must be from 1 to 1000000");
  if (ask.first_seed > UINT64_MAX - ask.seeds)
    throw UsageError("explore: first_seed plus seeds passes the largest seed (2^64 - 1)");
  ExploreRequest request;
  request.limits = limits_of("explore", ask.max_events, ask.max_time, ask.jobs);
  PerturbationSpec ranges = jitter_spec("explore", JitterOptions{ask.jitter, ask.gil_jitter}, 0);
  request.scenario = with_cores(load_source(scenario, machine), scenario.label, ask.cores);
  request.first_seed = ask.first_seed;
  request.seeds = ask.seeds;
  request.wake_jitter = ranges.wake_jitter;
  request.gil_jitter = ranges.gil_jitter;
  request.workers = ask.jobs == 0 ? default_workers() : ask.jobs;
  view_.scenario = scenario.label;
  view_.replay = "gilsim run " + scenario.label + (ask.cores ? " --cores " + std::to_string(*ask.cores) : "") +
                 (ask.jitter != "50us" ? " --jitter " + ask.jitter : "") +
                 (ask.gil_jitter != "10us" ? " --gil-jitter " + ask.gil_jitter : "");
  py::gil_scoped_release free_python;
  exploration_ = explore(request, {});
}

std::string ExploredScenario::render(const std::string& format) const {
  std::ostringstream out;
  if (format == "text")
    write_exploration_text(out, exploration_, view_);
  else if (format == "json")
    write_exploration_json(out, exploration_, view_);
  else if (format == "csv")
    write_exploration_csv(out, exploration_, true);
  else
    throw UsageError("explore: unknown format \"" + format + "\" (valid: text, json, csv)");
  return out.str();
}

AdvisedScenario::AdvisedScenario(const Source& scenario, const std::optional<Source>& machine, const AdviseAsk& ask) {
  AdviseRequest request;
  request.limits = limits_of("advise", ask.max_events, ask.max_time, ask.jobs);
  std::unique_ptr<ScenarioFile> file = open_source(scenario, machine);
  Scenario as_written = with_cores(file->load({}, {}), scenario.label, ask.cores);
  request.file = scenario.label;
  request.cores = ask.cores.value_or(0);
  if (!ask.metric.empty()) {
    try {
      request.metric = parse_metric(ask.metric);
      if (request.metric->names_threads()) pick_threads(as_written, request.metric->subject);
    } catch (const std::invalid_argument& e) {
      throw UsageError("advise: metric \"" + ask.metric + "\": " + e.what());
    }
    if (!request.metric->drives_speedup())
      throw UsageError("advise: metric \"" + ask.metric + "\": a busy share is neither better nor worse");
  }
  request.workers = ask.jobs == 0 ? default_workers() : ask.jobs;
  py::gil_scoped_release free_python;
  advice_ = advise(*file, as_written, request, {});
}

std::string AdvisedScenario::render(const std::string& format) const {
  std::ostringstream out;
  if (format == "text")
    write_advice_text(out, advice_);
  else if (format == "json")
    write_advice_json(out, advice_);
  else if (format == "html")
    write_advice_html(out, advice_);
  else
    throw UsageError("advise: unknown format \"" + format + "\" (valid: text, json, html)");
  return out.str();
}

}  // namespace gilsim::python
