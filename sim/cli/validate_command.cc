#include <ostream>

#include "cli/cli_support.h"
#include "cli/commands.h"
#include "model/roster.h"
#include "scenario/file_text.h"
#include "scenario/loader.h"

namespace po = boost::program_options;

namespace gilsim {

namespace {
std::string counted(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}
}  // namespace

int command_validate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description options(
      "Usage: gilsim validate SCENARIO...\n\nChecks scenario files and prints what each describes; every file\n"
      "is checked, and the exit code is 2 if any is wrong.\n\nOptions");
  LimitOptions limits;
  options.add_options()("help,h", "show this help");
  add_size_options(options, limits);
  const po::variables_map vm = parse_command_line(args, options, "validate", {"scenario", "SCENARIO", true});
  if (vm.count("help")) {
    out << help_text(options);
    return kExitOk;
  }
  check_size_options("validate", limits.size);
  const auto& paths = vm["scenario"].as<std::vector<std::string>>();
  // One file: its error is the command's (as before). Several: each is reported and the rest still checked.
  std::size_t bad = 0;
  for (const std::string& path : paths) {
    const std::string label = scenario_label(path);
    try {
      guard_memory(label, "lower --max-threads or --max-script-steps", [&] {
        Scenario scenario = load_scenario_file(path, limits.size);
        Roster roster(scenario);
        out << label << ": ok: \"" << scenario.name << "\", "
            << counted(roster.processes().size(), "process", "processes") << ", "
            << counted(roster.threads().size(), "thread", "threads") << ", " << counted(scenario.cores, "core", "cores")
            << "\n";
        return kExitOk;
      });
    } catch (const InputError& e) {
      if (paths.size() == 1) throw;
      err << "error: " << one_line(e.what()) << "\n";
      ++bad;
    }
  }
  if (paths.size() > 1) out << "validate: " << paths.size() - bad << " ok, " << bad << " with errors\n";
  return bad > 0 ? kExitBadInput : kExitOk;
}

}  // namespace gilsim
