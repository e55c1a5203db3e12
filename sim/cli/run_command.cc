#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <ostream>
#include <string>

#include "cli/cli_support.h"
#include "cli/machine_option.h"
#include "cli/commands.h"
#include "cli/output_file.h"
#include "model/roster.h"
#include "report/outcome_text.h"
#include "run/pipeline.h"
#include "scenario/duration.h"
#include "scenario/loader.h"
#include "scenario/overrides.h"

namespace po = boost::program_options;

namespace gilsim {

namespace {

struct RunOptions {
  std::string scenario;
  std::optional<std::uint32_t> cores;
  std::string format = "text";
  std::string output;
  std::string machine;
  std::optional<int> width;
  std::uint64_t max_events = 100'000'000;
  std::string max_time = "86400s";
  SizeLimits size;
  bool stats = false;
};



po::options_description run_options(RunOptions& o) {
  po::options_description d(
      "Usage: gilsim run SCENARIO [options]\n\n"
      "Simulates the scenario and shows, on one timeline, which thread ran on each\n"
      "core, who held each process's GIL, and what every thread was doing.\n\nOptions");
  d.add_options()
      ("help,h", "show this help")
      ("cores,c", po::value<std::uint32_t>(), "number of cores (overrides the scenario's \"cores\")")
      ("format,f", po::value(&o.format)->default_value("text"),
       "text: timeline and tables for a terminal\n"
       "json: every number, interval and output line, machine-readable\n"
       "summary: the json totals without per-event data, for big runs\n"
       "events: one line per state change, exact nanoseconds (for golden files)\n"
       "chrome: Chrome trace JSON for ui.perfetto.dev or chrome://tracing\n"
       "html: one self-contained page with a zoomable timeline and the tables")
      ("output,o", po::value(&o.output), "write to FILE (atomically) instead of standard output")
      ("machine", po::value(&o.machine), kMachineOptionHelp)
      ("width,w", po::value<int>(),
       "columns of the text report; default: on a terminal $COLUMNS or its width, in a file or a pipe 80")
      ("max-events", po::value(&o.max_events)->default_value(o.max_events),
       "stop with exit code 4 after this many simulated events")
      ("max-time", po::value(&o.max_time)->default_value(o.max_time),
       "stop with exit code 4 when simulated time passes this duration")
      ("max-threads", po::value(&o.size.max_threads)->default_value(o.size.max_threads),
       "refuse a scenario with more threads than this, counting copies (bounds memory)")
      ("max-script-steps", po::value(&o.size.max_script_steps)->default_value(o.size.max_script_steps),
       "refuse a scenario whose compiled scripts are longer (bounds memory; see docs/robustness.md)")
      ("stats", po::bool_switch(&o.stats),
       "print to stderr how many events were simulated, how long it took and how fast");
  return d;
}

std::string limit_message(const RunOptions& o, const RunLimits& limits, const Outcome& outcome) {
  return o.scenario + ": stopped at " + format_time_fixed(outcome.end) + ": " + stop_reason(outcome.stop, limits, o.max_time);
}

}  // namespace

int command_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  RunOptions o;
  po::options_description options = run_options(o);
  po::variables_map vm = parse_command_line(args, options, "run");
  if (vm.count("help")) {
    out << options << "\nExample:\n  gilsim run scenarios/two_cpu_bound_threads.json --cores 4 --width 120\n";
    return kExitOk;
  }
  o.scenario = vm["scenario"].as<std::string>();
  if (vm.count("cores")) o.cores = vm["cores"].as<std::uint32_t>();
  if (vm.count("width")) o.width = vm["width"].as<int>();
  if (!find_report_format(o.format)) {
    std::string valid;
    for (const std::string& name : report_format_names()) valid += (valid.empty() ? "" : ", ") + name;
    throw UsageError("run: unknown --format \"" + o.format + "\" (valid: " + valid + ")");
  }
  if (o.cores && (*o.cores < 1 || *o.cores > 1048576)) throw UsageError("run: --cores must be from 1 to 1048576");
  if (o.width && (*o.width < 40 || *o.width > 1000)) throw UsageError("run: --width must be from 40 to 1000");
  // boost reads "-1" for an unsigned option as 2^64 - 1: refuse what no one means.
  if (o.max_events > static_cast<std::uint64_t>(INT64_MAX))
    throw UsageError("run: --max-events must be from 0 to " + std::to_string(INT64_MAX));
  RunLimits limits;
  limits.max_events = o.max_events;
  try {
    limits.max_time = parse_duration(o.max_time);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("run: --max-time: ") + e.what());
  }
  if (o.size.max_threads > kMaxThreadsCeiling)
    throw UsageError("run: --max-threads must be from 0 to " + std::to_string(kMaxThreadsCeiling));
  if (o.size.max_script_steps > kMaxScriptStepsCeiling)
    throw UsageError("run: --max-script-steps must be from 0 to " + std::to_string(kMaxScriptStepsCeiling));

  Scenario scenario = load_scenario_with_machine(o.scenario, read_machine_option(o.machine), o.size);
  if (o.cores) {
    // What the loader derived from the file's cores is checked again for these.
    if (std::optional<CoreCountProblem> problem = check_core_count(scenario, *o.cores))
      throw InputError(o.scenario + ": --cores " + std::to_string(*o.cores) + ": " + problem->pointer + ": " +
                       problem->message);
    scenario.cores = *o.cores;
  }
  OutputFile output(o.output, out);  // fails early on an unwritable path
  Roster roster(scenario);

  RunRequest request;
  request.format = *find_report_format(o.format);
  request.limits = limits;
  request.width = report_width(o.width, o.output);
  request.events_out = &output.stream();
  auto started = std::chrono::steady_clock::now();
  RunProducts products = simulate(roster, request);
  const Outcome& outcome = products.outcome;
  // A stopped run has no report: nothing is rendered, nothing is written.
  if (outcome.stop == RunStop::drained) write_report(output.stream(), roster, products, request);
  if (o.stats) {
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    char rate[64];
    std::snprintf(rate, sizeof rate, "%.3f s, %.2f million state changes/s", seconds,
                  seconds > 0 ? static_cast<double>(outcome.state_changes) / seconds / 1e6 : 0.0);
    err << "stats: " << outcome.state_changes << " state changes, " << outcome.events << " engine events, "
        << roster.threads().size() << " threads, " << rate << "\n";
  }
  const int code = products.exit_code();
  if (code == kExitLimit) {
    err << "error: " << limit_message(o, limits, outcome) << "\n";
    return code;  // the output file is not committed: an existing one stays as it was
  }
  output.commit();
  if (code == kExitProgramError)  // one line: the report holds the rest (a deadlock it caused, say)
    err << "error: " << o.scenario << ": " << program_error_text(roster, *outcome.program_error) << "\n";
  if (code == kExitDeadlock) err << "error: " << o.scenario << ": " << deadlock_text(roster, *outcome.deadlock) << "\n";
  return code;
}

}  // namespace gilsim
