// gilsim export-python SCENARIO [-o prog.py] [--cores N] [--time-scale F]
#include <optional>
#include <ostream>
#include <stdexcept>

#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/export_commands.h"
#include "cli/output_file.h"
#include "export/python_program.h"
#include "export/time_scale.h"
#include "scenario/loader.h"

namespace po = boost::program_options;

namespace gilsim {

int command_export_python(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  std::string output, time_scale;
  SizeLimits size;
  po::options_description options(
      "Usage: gilsim export-python SCENARIO [options]\n\n"
      "Writes one standalone Python program (standard library only; CPython 3.8+, or\n"
      "2.7 for gil.model cpython2) that performs the scenario for real and prints on\n"
      "stdout, as JSON, what happened: the makespan, each thread's start and finish\n"
      "and each printed line with its time, in the field names of `gilsim run\n"
      "--format json`.\n"
      "`gilsim verify` runs it and compares (docs/verify.md).\n\nOptions");
  options.add_options()
      ("help,h", "show this help")
      ("output,o", po::value(&output), "write the program to FILE (atomically) instead of standard output")
      ("cores,c", po::value<std::uint32_t>(), "number of cores (overrides the scenario's \"cores\")")
      ("time-scale", po::value(&time_scale),
       "multiply every duration of the steps (and start_cost) by F, e.g. 0.01; the switch interval, "
       "quantum and machine costs stay as they are")
      ("max-threads", po::value(&size.max_threads)->default_value(size.max_threads), "as for gilsim run")
      ("max-script-steps", po::value(&size.max_script_steps)->default_value(size.max_script_steps),
       "as for gilsim run");
  po::variables_map vm = parse_command_line(args, options, "export-python");
  if (vm.count("help")) {
    out << help_text(options) << "\nExample:\n  gilsim export-python scenarios/tutorial/count_down_up.json -o count.py\n  python3 count.py\n";
    return kExitOk;
  }
  const std::string path = vm["scenario"].as<std::string>();
  std::optional<std::uint32_t> cores;
  if (vm.count("cores")) cores = vm["cores"].as<std::uint32_t>();
  if (cores && (*cores < 1 || *cores > 1048576)) throw UsageError("export-python: --cores must be from 1 to 1048576");
  double factor = 1;
  if (!time_scale.empty()) {
    try {
      factor = parse_time_scale(time_scale);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("export-python: --time-scale: ") + e.what());
    }
  }

  Scenario scenario = load_scenario_file(path, size);
  ExportOptions export_options{path, {}};
  if (cores) {
    apply_cores_option(scenario, path, *cores);
    export_options.notes.push_back("--cores " + std::to_string(*cores));
  }
  if (!time_scale.empty()) {
    scale_durations(scenario, factor);
    export_options.notes.push_back("--time-scale " + time_scale);
  }
  OutputFile file(output, out);
  file.stream() << export_python(scenario, export_options);
  file.commit();
  return kExitOk;
}

}  // namespace gilsim
