#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <ostream>
#include <string>

#include "cli/cli_support.h"
#include "cli/jitter_options.h"
#include "cli/machine_option.h"
#include "cli/commands.h"
#include "cli/outcome_messages.h"
#include "cli/output_file.h"
#include "model/roster.h"
#include "run/pipeline.h"
#include "scenario/duration.h"
#include "scenario/loader.h"
#include "scenario/overrides.h"
#include "scenario/spelling.h"

namespace po = boost::program_options;

namespace gilsim {

namespace {

struct RunOptions {
  std::string scenario;
  std::string label;  // how messages name the scenario: "<stdin>" for "-"
  std::optional<std::uint32_t> cores;
  std::string format = "text";
  std::string output;
  std::string machine;
  std::optional<int> width;
  LimitOptions limits;
  std::uint64_t max_output = 256 << 20;
  bool stats = false;
  std::optional<std::uint64_t> seed;  // --seed: the OS's wake-ups jittered (explore's runs)
  JitterOptions jitter;
};

constexpr const char* kMemoryAdvice =
    "lower --max-threads or --max-script-steps, or use --format summary or events, which keep nothing per event "
    "(docs/robustness.md says what each costs)";

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
      ("output,o", po::value(&o.output),
       "write to FILE (atomically) instead of standard output (\"-\": standard output); "
       "without --format, a .html or .json FILE picks that format")
      ("machine", po::value(&o.machine), kMachineOptionHelp)
      ("width,w", po::value<int>(),
       "columns of the text report; default: on a terminal $COLUMNS or its width, in a file or a pipe 80")
      ("max-output", po::value(&o.max_output)->default_value(o.max_output),
       "stop with exit code 4 when the printed lines kept for the report pass this many bytes")
      ("stats", po::bool_switch(&o.stats),
       "print to stderr how many events were simulated, how long it took and how fast")
      ("seed", po::value<std::uint64_t>(),
       "perturb the OS's wake-ups with this seed (--jitter, --gil-jitter): one of the interleavings "
       "`gilsim explore` runs, replayed exactly");
  add_jitter_options(d, o.jitter);
  add_run_limit_options(d, o.limits, "the run");
  return d;
}

int run_scenario(const RunOptions& o, const RunLimits& limits, std::ostream& out, std::ostream& err);

}  // namespace

int command_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  RunOptions o;
  po::options_description options = run_options(o);
  po::variables_map vm = parse_command_line(args, options, "run");
  if (vm.count("help")) {
    out << help_text(options) << "\nExample:\n  gilsim run scenarios/two_cpu_bound_threads.json --cores 4 --width 120\n";
    return kExitOk;
  }
  o.scenario = vm["scenario"].as<std::string>();
  o.label = scenario_label(o.scenario);
  if (vm.count("cores")) o.cores = vm["cores"].as<std::uint32_t>();
  if (vm.count("width")) o.width = vm["width"].as<int>();
  if (vm.count("seed")) o.seed = vm["seed"].as<std::uint64_t>();
  if (!o.seed && (!vm["jitter"].defaulted() || !vm["gil-jitter"].defaulted()))
    throw UsageError("run: --jitter and --gil-jitter perturb a run with a seed: add --seed N");
  if (o.seed) jitter_spec("run", o.jitter, *o.seed);  // a bad range is a usage error before the file is read
  if (!find_report_format(o.format)) {
    std::string valid;
    for (const std::string& name : report_format_names()) valid += (valid.empty() ? "" : ", ") + name;
    throw UsageError("run: unknown --format " + quote(o.format) + " (valid: " + valid + ")");
  }
  o.format = choose_format("run", vm, o.output, report_format_names());
  if (o.cores && (*o.cores < 1 || *o.cores > 1048576)) throw UsageError("run: --cores must be from 1 to 1048576");
  if (o.width && (*o.width < 40 || *o.width > 1000)) throw UsageError("run: --width must be from 40 to 1000");
  if (o.max_output > static_cast<std::uint64_t>(INT64_MAX))
    throw UsageError("run: --max-output must be from 0 to " + std::to_string(INT64_MAX));
  RunLimits limits = check_run_limit_options("run", o.limits);
  return guard_memory(o.label, kMemoryAdvice, [&] { return run_scenario(o, limits, out, err); });
}

namespace {

int run_scenario(const RunOptions& o, const RunLimits& limits, std::ostream& out, std::ostream& err) {
  Scenario scenario = load_scenario_with_machine(o.scenario, read_machine_option(o.machine), o.limits.size);
  if (o.cores) apply_cores_option(scenario, o.label, *o.cores);
  if (o.seed) scenario.perturbation = jitter_spec("run", o.jitter, *o.seed);
  OutputFile output(o.output, out, o.scenario);  // fails early on an unwritable path
  Roster roster(scenario);

  RunRequest request;
  request.format = *find_report_format(o.format);
  request.limits = limits;
  request.width = report_width(o.width, o.output);
  request.events_out = &output.stream();
  request.output.max_bytes = o.max_output;
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
  // One line each: for a program error the report holds the rest (a deadlock it caused, say).
  const std::string message =
      run_outcome_message(o.label, roster, outcome, code, limits, o.limits.max_time, o.max_output);
  // Stopped by a limit, the output file is not committed: an existing one stays as it was.
  if (code != kExitLimit) output.commit();
  if (!message.empty()) err << "error: " << message << "\n";
  return code;
}

}  // namespace

}  // namespace gilsim
