#include "cli/cli_support.h"

#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "compare/progress.h"
#include "scenario/duration.h"
#include "scenario/loader.h"
#include "scenario/spelling.h"

namespace po = boost::program_options;

namespace gilsim {

po::variables_map parse_command_line(const std::vector<std::string>& args, const po::options_description& options,
                                     const std::string& command, const Positional& words) {
  po::options_description hidden;
  if (words.many)
    hidden.add_options()(words.key, po::value<std::vector<std::string>>());
  else
    hidden.add_options()(words.key, po::value<std::string>());
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add(words.key, words.many ? -1 : 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(command + ": " + e.what() + " (see: gilsim " + command + " --help)");
  }
  if (!vm.count("help") && !vm.count(words.key))
    throw UsageError(command + ": missing " + words.shown + " file (see: gilsim " + command + " --help)");
  return vm;
}

std::string stop_reason(RunStop stop, const RunLimits& limits, const std::string& max_time,
                        std::uint64_t max_output) {
  if (stop == RunStop::output_limit)
    return "the printed lines kept for the report passed --max-output " + std::to_string(max_output) +
           " bytes; raise it (e.g. --max-output " +
           std::to_string(max_output > UINT64_MAX / 10 ? UINT64_MAX : max_output * 10) +
           ") or use --format events, which keeps nothing";
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

std::string out_of_memory_text(const std::string& advice) {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  char used[32];
  double bytes = static_cast<double>(usage.ru_maxrss) * 1024;
  if (bytes < 1e9)
    std::snprintf(used, sizeof used, "%.0f MB", bytes / 1e6);
  else
    std::snprintf(used, sizeof used, "%.1f GB", bytes / 1e9);
  return std::string("ran out of memory with about ") + used + " in use" + (advice.empty() ? "" : "; " + advice);
}

void add_size_options(po::options_description& options, LimitOptions& limits) {
  options.add_options()
      ("max-threads", po::value(&limits.size.max_threads)->default_value(limits.size.max_threads),
       "refuse a scenario with more threads than this, counting copies (bounds memory)")
      ("max-script-steps", po::value(&limits.size.max_script_steps)->default_value(limits.size.max_script_steps),
       "refuse a scenario whose compiled scripts are longer (bounds memory; see docs/robustness.md)");
}

void add_run_limit_options(po::options_description& options, LimitOptions& limits, const char* scope) {
  options.add_options()
      ("max-events", po::value(&limits.max_events)->default_value(limits.max_events),
       (std::string("stop with exit code 4 when ") + scope + " handles this many events").c_str())
      ("max-time", po::value(&limits.max_time)->default_value(limits.max_time),
       (std::string("stop with exit code 4 when ") + scope + " passes this simulated time").c_str());
  add_size_options(options, limits);
}

void check_size_options(const std::string& command, const SizeLimits& size) {
  if (size.max_threads > kMaxThreadsCeiling)
    throw UsageError(command + ": --max-threads must be from 0 to " + std::to_string(kMaxThreadsCeiling));
  if (size.max_script_steps > kMaxScriptStepsCeiling)
    throw UsageError(command + ": --max-script-steps must be from 0 to " + std::to_string(kMaxScriptStepsCeiling));
}

RunLimits check_run_limit_options(const std::string& command, const LimitOptions& limits) {
  if (limits.max_events > static_cast<std::uint64_t>(INT64_MAX))
    throw UsageError(command + ": --max-events must be from 0 to " + std::to_string(INT64_MAX));
  check_size_options(command, limits.size);
  RunLimits run;
  run.max_events = limits.max_events;
  try {
    run.max_time = parse_duration(limits.max_time);
  } catch (const std::invalid_argument& e) {
    throw UsageError(command + ": --max-time: " + e.what());
  }
  return run;
}

std::string choose_format(const std::string& command, const po::variables_map& vm, const std::string& output,
                          const std::vector<std::string>& formats) {
  std::string given = vm["format"].as<std::string>();
  std::string extension = std::filesystem::path(output).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  struct Kind {
    const char* extension;
    const char* name;
    std::vector<std::string> formats;  // the first is the one inferred
  };
  static const Kind kKinds[] = {{".html", "an HTML file", {"html"}},
                                {".htm", "an HTML file", {"html"}},
                                {".json", "a JSON file", {"json", "summary", "chrome"}},
                                {".csv", "a CSV file", {"csv"}}};
  const Kind* kind = nullptr;
  for (const Kind& k : kKinds)
    if (output != "-" && extension == k.extension) kind = &k;
  if (kind == nullptr) return given;
  std::vector<std::string> fitting;
  for (const std::string& f : kind->formats)
    if (std::find(formats.begin(), formats.end(), f) != formats.end()) fitting.push_back(f);
  std::string list;
  for (const std::string& f : fitting) list += (list.empty() ? "" : " or ") + f;
  if (fitting.empty())
    throw UsageError(command + ": -o " + quote(output) + " is " + kind->name + ", and " + command +
                     " writes none (its formats: " + comma_list(formats) + "); give another file name");
  if (vm["format"].defaulted()) return fitting.front();
  if (std::find(fitting.begin(), fitting.end(), given) == fitting.end())
    throw UsageError(command + ": --format " + given + " does not write " + kind->name + " (-o " + quote(output) +
                     "); use --format " + list + ", or another file name");
  return given;
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

std::string help_text(const po::options_description& options) {
  std::ostringstream laid_out;
  laid_out << options;
  std::istringstream lines(laid_out.str());
  std::string text;
  for (std::string line; std::getline(lines, line);) {
    line.erase(line.find_last_not_of(' ') + 1);
    text += line + '\n';
  }
  return text;
}

// The last guard of "one line of text": whatever a message quotes (an
// option's bytes, a file name), it leaves with control characters escaped and
// no byte that is not UTF-8.
std::string one_line(std::string_view message) {
  std::string out;
  for (char c : message) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned>(byte));
      out += c == '\n' ? "\\n" : escaped;
    } else {
      out += c;
    }
  }
  return printable_utf8(out);
}

void apply_cores_option(Scenario& scenario, const std::string& label, std::uint32_t cores) {
  if (std::optional<CoreCountProblem> problem = check_core_count(scenario, cores))
    throw InputError(label + ": --cores " + std::to_string(cores) + ": " + problem->pointer + ": " + problem->message);
  set_cores(scenario, cores);
}

std::function<void(std::size_t done, std::size_t total)> progress_on(std::ostream& err, bool quiet) {
  bool terminal = !quiet && &err == &std::cerr && ::isatty(STDERR_FILENO);
  auto bar = std::make_shared<std::optional<ProgressBar>>();
  return [&err, terminal, bar](std::size_t done, std::size_t total) {
    if (!*bar) {
      const int columns = terminal ? terminal_columns(STDERR_FILENO) : 0;
      bar->emplace(err, total, terminal, ProgressBar::Clock::now(),
                   static_cast<std::size_t>(columns > 0 ? columns : kFileWidth));
    }
    (*bar)->update(done);
  };
}

}  // namespace gilsim
