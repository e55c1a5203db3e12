#include "cli/cli_support.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>

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

std::string stop_reason(RunStop stop, const RunLimits& limits, const std::string& max_time) {
  if (stop == RunStop::time_overflow)
    return "simulated time would pass 9223372036.854775807s (about 292 years), the largest time gilsim can represent";
  std::string which, raise;
  if (stop == RunStop::event_limit) {
    which = "--max-events " + std::to_string(limits.max_events);
    raise = "--max-events " + std::to_string(limits.max_events > INT64_MAX / 10
                                                  ? INT64_MAX
                                                  : std::max<std::uint64_t>(limits.max_events * 10, 1000));
  } else {
    which = "--max-time " + max_time;
    raise = "--max-time " +
            format_duration(limits.max_time > kTimeMax / 10 ? kTimeMax : std::max(limits.max_time * 10, kSecond));
  }
  return which + " reached; raise it (e.g. " + raise + ") if the scenario is meant to run this long";
}

int terminal_columns(int fd) {
  if (!::isatty(fd)) return 0;
  if (const char* columns = std::getenv("COLUMNS")) {
    char* end = nullptr;
    const long n = std::strtol(columns, &end, 10);
    if (end != columns && *end == '\0' && n > 0 && n <= 100000) return static_cast<int>(n);
  }
  winsize size{};
  if (::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return kFileWidth;
}

int report_width(const std::optional<int>& requested, const std::string& output) {
  if (requested) return *requested;
  const int columns = output.empty() || output == "-" ? terminal_columns(STDOUT_FILENO) : 0;
  return columns > 0 ? std::clamp(columns, 40, 1000) : kFileWidth;
}

}  // namespace gilsim
