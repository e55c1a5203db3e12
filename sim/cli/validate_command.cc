#include <ostream>

#include "cli/cli_support.h"
#include "cli/commands.h"
#include "model/roster.h"
#include "scenario/loader.h"

namespace po = boost::program_options;

namespace gilsim {

namespace {
std::string counted(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}
}  // namespace

int command_validate(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  po::options_description options(
      "Usage: gilsim validate SCENARIO\n\nChecks a scenario file and prints what it describes.\n\nOptions");
  LimitOptions limits;
  options.add_options()("help,h", "show this help");
  add_size_options(options, limits);
  po::variables_map vm = parse_command_line(args, options, "validate");
  if (vm.count("help")) {
    out << options;
    return kExitOk;
  }
  check_size_options("validate", limits.size);
  std::string path = vm["scenario"].as<std::string>();
  std::string label = scenario_label(path);
  return guard_memory(label, "lower --max-threads or --max-script-steps", [&] {
    Scenario scenario = load_scenario_file(path, limits.size);
    Roster roster(scenario);
    out << label << ": ok: \"" << scenario.name << "\", " << counted(roster.processes().size(), "process", "processes")
        << ", " << counted(roster.threads().size(), "thread", "threads") << ", "
        << counted(scenario.cores, "core", "cores") << "\n";
    return kExitOk;
  });
}

}  // namespace gilsim
