// gilsim verify SCENARIO [--python EXE] [--runs K] [--tolerance P] [--cores N]
//                        [--time-scale F] [-f text|json] [-o FILE]
// Exports the scenario, runs the program K times, simulates, and compares
// (docs/verify.md).
#include <unistd.h>

#include <iostream>
#include <optional>

#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/export_commands.h"
#include "cli/machine_option.h"
#include "cli/output_file.h"
#include "cli/verify_session.h"
#include "export/time_scale.h"
#include "export/verify_report.h"
#include "scenario/duration.h"
#include "scenario/loader.h"
#include "scenario/overrides.h"

namespace po = boost::program_options;

namespace gilsim {

namespace {

struct VerifyOptions {
  std::string scenario;
  std::string python = "python3";
  unsigned runs = 5;
  double tolerance = 5;
  std::optional<std::uint32_t> cores;
  std::string time_scale;
  std::string machine;
  std::string tie_window = "500us";
  std::string format = "text";
  std::string output;
};

po::options_description verify_options(VerifyOptions& o) {
  po::options_description d(
      "Usage: gilsim verify SCENARIO [options]\n\n"
      "Exports the scenario as a Python program (gilsim export-python), runs it --runs\n"
      "times with --python, simulates the scenario, and prints side by side each\n"
      "thread's finish, predicted and measured (median, min, max), the makespan error,\n"
      "whether the printed lines came in the predicted order, and a verdict.\n"
      "Exit code 6 when the median makespan is off by more than --tolerance or the\n"
      "order differs, 7 when the program fails or times out (docs/verify.md).\n\nOptions");
  d.add_options()
      ("help,h", "show this help")
      ("python", po::value(&o.python)->default_value(o.python), "the interpreter that runs the program")
      ("runs", po::value(&o.runs)->default_value(o.runs), "how many times to run it (1 to 1000)")
      ("tolerance", po::value(&o.tolerance)->default_value(o.tolerance),
       "largest makespan error, in percent, that still agrees")
      ("cores,c", po::value<std::uint32_t>(), "number of cores, for both (overrides the scenario's \"cores\")")
      ("time-scale", po::value(&o.time_scale),
       "multiply every duration of the steps (and start_cost) by F, e.g. 0.01, for both")
      ("machine", po::value(&o.machine), kMachineOptionHelp)
      ("tie-window", po::value(&o.tie_window)->default_value(o.tie_window),
       "printed lines of different threads predicted this close together may come in either order")
      ("format,f", po::value(&o.format)->default_value(o.format), "text or json")
      ("output,o", po::value(&o.output), "write to FILE (atomically) instead of standard output");
  return d;
}

}  // namespace

int command_verify(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  VerifyOptions o;
  po::options_description options = verify_options(o);
  po::variables_map vm = parse_command_line(args, options, "verify");
  if (vm.count("help")) {
    out << help_text(options) << "\nExamples:\n  gilsim verify scenarios/convoy_effect.json\n"
        << "  gilsim verify scenarios/tutorial/count_down_up.json --time-scale 0.01 --runs 3\n";
    return kExitOk;
  }
  o.scenario = vm["scenario"].as<std::string>();
  if (vm.count("cores")) o.cores = vm["cores"].as<std::uint32_t>();
  if (o.format != "text" && o.format != "json")
    throw UsageError("verify: unknown --format \"" + o.format + "\" (valid: text, json)");
  if (o.runs < 1 || o.runs > 1000) throw UsageError("verify: --runs must be from 1 to 1000");
  if (!(o.tolerance >= 0)) throw UsageError("verify: --tolerance must be 0 or more (percent)");
  if (o.cores && (*o.cores < 1 || *o.cores > 1048576)) throw UsageError("verify: --cores must be from 1 to 1048576");
  if (o.python.empty()) throw UsageError("verify: --python must name an interpreter");
  Time tie_window = 0;
  try {
    tie_window = parse_duration(o.tie_window);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("verify: --tie-window: ") + e.what());
  }
  double factor = 1;
  if (!o.time_scale.empty()) {
    try {
      factor = parse_time_scale(o.time_scale);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("verify: --time-scale: ") + e.what());
    }
  }

  Scenario scenario = load_scenario_with_machine(o.scenario, read_machine_option(o.machine));
  if (o.cores) apply_cores_option(scenario, o.scenario, *o.cores);
  if (!o.time_scale.empty()) scale_durations(scenario, factor);
  VerifyCall call;
  call.label = o.scenario;
  call.python = o.python;
  call.runs = o.runs;
  call.tolerance = o.tolerance;
  call.tie_window = tie_window;
  call.cores_given = o.cores.has_value();
  call.time_scale = o.time_scale;
  call.machine = o.machine;
  call.progress = &err == &std::cerr && ::isatty(STDERR_FILENO);
  check_verify_cores(scenario, call);
  OutputFile output(o.output, out);  // fails early on an unwritable path
  VerifyOutcome outcome = verify_scenario(scenario, call, err);
  if (!outcome.report) return outcome.exit_code;
  const VerifyReport& report = *outcome.report;

  if (o.format == "json") write_verify_json(output.stream(), report);
  else write_verify_text(output.stream(), report);
  output.commit();
  return report.agrees() ? kExitOk : kExitVerifyMismatch;
}

}  // namespace gilsim
