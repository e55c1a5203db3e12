#include "loaded.h"

#include <pybind11/pybind11.h>

#include <sstream>
#include <stdexcept>

#include "cli/cli_support.h"
#include "cli/outcome_messages.h"
#include "cli/verify_session.h"
#include "export/python_program.h"
#include "export/time_scale.h"
#include "export/verify_report.h"
#include "model/roster.h"
#include "run/pipeline.h"
#include "scenario/duration.h"
#include "scenario/file_text.h"
#include "scenario/loader.h"
#include "scenario/machine_profile.h"
#include "scenario/overrides.h"

namespace py = pybind11;

namespace gilsim::python {

namespace {

std::optional<MachineProfile> read_profile(const std::optional<Source>& machine) {
  if (!machine) return std::nullopt;
  if (!machine->is_text) return read_machine_profile(machine->path_or_text);
  return parse_machine_profile(machine->path_or_text, machine->label);
}

Time parse_limit_time(const std::string& text) {
  try {
    return parse_duration(text);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("max_time: ") + e.what());
  }
}

SizeLimits checked(const SizeLimits& limits) {
  if (limits.max_threads > kMaxThreadsCeiling)
    throw UsageError("max_threads must be from 0 to " + std::to_string(kMaxThreadsCeiling));
  if (limits.max_script_steps > kMaxScriptStepsCeiling)
    throw UsageError("max_script_steps must be from 0 to " + std::to_string(kMaxScriptStepsCeiling));
  return limits;
}

}  // namespace

Scenario load_source(const Source& source, const std::optional<Source>& machine, const SizeLimits& limits) {
  std::optional<MachineProfile> profile = read_profile(machine);
  // A file is read as `gilsim run` reads it (one parse without a profile).
  if (!source.is_text) return load_scenario_with_machine(source.path_or_text, profile, limits);
  return ScenarioFile(ScenarioText{source.path_or_text, source.label}, profile, limits).load({}, {});
}

std::unique_ptr<ScenarioFile> open_source(const Source& source, const std::optional<Source>& machine) {
  std::optional<MachineProfile> profile = read_profile(machine);
  if (!source.is_text) return std::make_unique<ScenarioFile>(source.path_or_text, profile);
  return std::make_unique<ScenarioFile>(ScenarioText{source.path_or_text, source.label}, profile);
}

Scenario with_cores(const Scenario& scenario, const std::string& label, std::optional<std::uint32_t> cores) {
  Scenario out = scenario;
  if (!cores) return out;
  if (*cores < 1 || *cores > 1048576) throw UsageError("cores must be from 1 to 1048576");
  if (std::optional<CoreCountProblem> problem = check_core_count(scenario, *cores))
    throw InputError(label + ": --cores " + std::to_string(*cores) + ": " + problem->pointer + ": " + problem->message);
  set_cores(out, *cores);
  return out;
}

LoadedScenario::LoadedScenario(const Source& scenario, const std::optional<Source>& machine, const SizeLimits& limits)
    : scenario_(load_source(scenario, machine, checked(limits))), label_(scenario.label) {}

RunReport LoadedScenario::run(const RunAsk& ask) const {
  std::optional<ReportFormat> format = find_report_format(ask.format);
  if (!format) {
    std::string valid;
    for (const std::string& name : report_format_names()) valid += (valid.empty() ? "" : ", ") + name;
    throw UsageError("unknown report format \"" + ask.format + "\" (valid: " + valid + ")");
  }
  if (ask.width < 40 || ask.width > 1000) throw UsageError("width must be from 40 to 1000");
  if (ask.max_events > static_cast<std::uint64_t>(INT64_MAX))
    throw UsageError("max_events must be from 0 to " + std::to_string(INT64_MAX));
  if (ask.max_output > static_cast<std::uint64_t>(INT64_MAX))
    throw UsageError("max_output must be from 0 to " + std::to_string(INT64_MAX));
  RunRequest request;
  request.format = *format;
  request.limits.max_events = ask.max_events;
  request.limits.max_time = parse_limit_time(ask.max_time);
  request.width = ask.width;
  request.output.max_bytes = ask.max_output;
  Scenario scenario = with_cores(scenario_, label_, ask.cores);
  scenario.perturbation = ask.perturbation;
  const Roster roster(scenario);  // keeps a reference to it

  RunReport out;
  std::ostringstream text;
  request.events_out = &text;
  Outcome outcome;
  {
    // The simulation touches no Python object: other Python threads may run meanwhile.
    py::gil_scoped_release free_python;
    RunProducts products = simulate(roster, request);
    if (products.outcome.stop == RunStop::drained) write_report(text, roster, products, request);
    out.exit_code = products.exit_code();
    outcome = products.outcome;
  }
  // As `gilsim run` says it on stderr.
  out.message =
      run_outcome_message(label_, roster, outcome, out.exit_code, request.limits, ask.max_time, ask.max_output);
  if (out.exit_code != kExitLimit) out.report = text.str();
  return out;
}

std::string LoadedScenario::export_python(std::optional<std::uint32_t> cores, const std::string& time_scale) const {
  Scenario scenario = with_cores(scenario_, label_, cores);
  ExportOptions options{label_, {}};
  if (cores) options.notes.push_back("--cores " + std::to_string(*cores));
  if (!time_scale.empty()) {
    try {
      scale_durations(scenario, parse_time_scale(time_scale));
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("time_scale: ") + e.what());
    }
    options.notes.push_back("--time-scale " + time_scale);
  }
  return gilsim::export_python(scenario, options);
}

VerifyText LoadedScenario::verify(const VerifyAsk& ask) const {
  if (ask.runs < 1 || ask.runs > 1000) throw UsageError("verify: runs must be from 1 to 1000");
  if (!(ask.tolerance >= 0)) throw UsageError("verify: tolerance must be 0 or more (percent)");
  if (ask.python.empty()) throw UsageError("verify: python must name an interpreter");
  VerifyCall call;
  call.label = label_;
  call.python = ask.python;
  call.runs = ask.runs;
  call.tolerance = ask.tolerance;
  try {
    call.tie_window = parse_duration(ask.tie_window);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("verify: tie_window: ") + e.what());
  }
  call.cores_given = ask.cores.has_value();
  call.time_scale = ask.time_scale;
  call.machine = ask.machine;
  Scenario scenario = with_cores(scenario_, label_, ask.cores);
  if (!ask.time_scale.empty()) {
    try {
      scale_durations(scenario, parse_time_scale(ask.time_scale));
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("verify: time_scale: ") + e.what());
    }
  }
  check_verify_cores(scenario, call);

  VerifyText out;
  std::ostringstream err;
  VerifyOutcome outcome;
  {
    py::gil_scoped_release free_python;  // seconds of real runs
    outcome = verify_scenario(scenario, call, err);
  }
  out.exit_code = outcome.exit_code;
  if (!outcome.report) {
    out.message = err.str();
    const std::string prefix = "error: ";
    if (out.message.rfind(prefix, 0) == 0) out.message.erase(0, prefix.size());
    while (!out.message.empty() && out.message.back() == '\n') out.message.pop_back();
    return out;
  }
  std::ostringstream json, text;
  write_verify_json(json, *outcome.report);
  write_verify_text(text, *outcome.report);
  out.json = json.str();
  out.text = text.str();
  return out;
}

}  // namespace gilsim::python
