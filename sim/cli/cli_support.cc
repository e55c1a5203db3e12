#include "cli/cli_support.h"

#include <sys/ioctl.h>
#include <unistd.h>

namespace po = boost::program_options;

namespace gilsim {

po::variables_map parse_command_line(const std::vector<std::string>& args, const po::options_description& options,
                                     const std::string& command) {
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::string>());
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(command + ": " + e.what() + " (see: gilsim " + command + " --help)");
  }
  if (!vm.count("help") && !vm.count("scenario"))
    throw UsageError(command + ": missing SCENARIO file (see: gilsim " + command + " --help)");
  return vm;
}

int terminal_width() {
  winsize size{};
  if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  return 100;
}

}  // namespace gilsim
