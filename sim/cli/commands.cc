#include "cli/commands.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/output_file.h"
#include "model/roster.h"
#include "model/simulation.h"
#include "report/events_writer.h"
#include "report/json_report.h"
#include "report/recorder.h"
#include "report/text_report.h"
#include "scenario/duration.h"
#include "scenario/loader.h"

namespace po = boost::program_options;

namespace gilsim {

namespace {

constexpr const char* kVersion = "gilsim 0.1.0";

constexpr const char* kGeneralHelp = R"(gilsim - simulate threads, processes and Python's GIL on a machine with N cores

Usage:
  gilsim run SCENARIO [options]     simulate a scenario and show what ran when
  gilsim validate SCENARIO          check a scenario file without running it
  gilsim COMMAND --help             options of one command
  gilsim --version

A scenario is a JSON file describing cores, processes (each with or without a
GIL) and threads, each thread a script of compute, sleep, io, start, join,
print and repeat steps. See README.md and the examples in scenarios/.

Examples:
  gilsim run scenarios/cpu_bound_threads.json
  gilsim run scenarios/cpu_bound_threads.json --cores 4 --format json -o run.json

Exit codes: 0 ok, 2 bad usage or bad scenario, 3 the simulated program
deadlocked, 4 a --max-events or --max-time limit stopped the run, 1 internal error.
)";

struct RunOptions {
  std::string scenario;
  std::optional<std::uint32_t> cores;
  std::string format = "text";
  std::string output;
  std::optional<int> width;
  std::uint64_t max_events = 1'000'000'000;
  std::string max_time = "86400s";
};

class UsageError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

int terminal_width() {
  winsize size{};
  if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  return 100;
}

std::vector<std::string> tail(int argc, const char* const* argv) {
  std::vector<std::string> args;
  for (int i = 2; i < argc; ++i) args.emplace_back(argv[i]);
  return args;
}

po::variables_map parse(const std::vector<std::string>& args, const po::options_description& options,
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
       "events: one line per state change, exact nanoseconds (for golden files)")
      ("output,o", po::value(&o.output), "write to FILE (atomically) instead of standard output")
      ("width,w", po::value<int>(), "columns of the text timeline (default: the terminal's, or 100)")
      ("max-events", po::value(&o.max_events)->default_value(o.max_events),
       "stop with exit code 4 after this many simulated events")
      ("max-time", po::value(&o.max_time)->default_value(o.max_time),
       "stop with exit code 4 when simulated time passes this duration");
  return d;
}

int command_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  RunOptions o;
  po::options_description options = run_options(o);
  po::variables_map vm = parse(args, options, "run");
  if (vm.count("help")) {
    out << options << "\nExample:\n  gilsim run scenarios/cpu_bound_threads.json --cores 2 --width 120\n";
    return kExitOk;
  }
  o.scenario = vm["scenario"].as<std::string>();
  if (vm.count("cores")) o.cores = vm["cores"].as<std::uint32_t>();
  if (vm.count("width")) o.width = vm["width"].as<int>();
  if (o.format != "text" && o.format != "json" && o.format != "events")
    throw UsageError("run: unknown --format \"" + o.format + "\" (valid: text, json, events)");
  if (o.cores && (*o.cores < 1 || *o.cores > 1048576))
    throw UsageError("run: --cores must be from 1 to 1048576");
  if (o.width && (*o.width < 40 || *o.width > 1000)) throw UsageError("run: --width must be from 40 to 1000");
  RunLimits limits;
  limits.max_events = o.max_events;
  try {
    limits.max_time = parse_duration(o.max_time);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("run: --max-time: ") + e.what());
  }

  Scenario scenario = load_scenario_file(o.scenario);
  if (o.cores) scenario.cores = *o.cores;
  OutputFile output(o.output, out);  // fails early on an unwritable path
  Roster roster(scenario);

  Outcome outcome;
  if (o.format == "events") {
    EventsWriter writer(output.stream(), roster);
    outcome = Simulation(roster, writer).run(limits);
  } else {
    Recorder recorder(roster);
    outcome = Simulation(roster, recorder).run(limits);
    RunResult result = recorder.take();
    if (o.format == "json")
      write_json_report(output.stream(), roster, result);
    else
      write_text_report(output.stream(), roster, result, o.width.value_or(terminal_width()));
  }
  if (outcome.stop != RunStop::drained) {
    bool events = outcome.stop == RunStop::event_limit;
    err << "error: " << o.scenario << ": stopped at " << format_time_fixed(outcome.end) << ": "
        << (events ? "--max-events " + std::to_string(limits.max_events) : "--max-time " + o.max_time)
        << " reached; raise it (e.g. " << (events ? "--max-events " + std::to_string(limits.max_events * 10)
                                                   : std::string("--max-time ") + format_duration(
                                                         limits.max_time > kTimeMax / 10 ? kTimeMax : limits.max_time * 10))
        << ") if the scenario is meant to run this long\n";
    return kExitLimit;  // nothing is written: the output file is not committed
  }
  output.commit();
  if (outcome.deadlock) {
    err << "error: " << o.scenario << ": " << *outcome.deadlock << "\n";
    return kExitDeadlock;
  }
  return kExitOk;
}

int command_validate(const std::vector<std::string>& args, std::ostream& out) {
  po::options_description options("Usage: gilsim validate SCENARIO\n\nChecks a scenario file and prints what it describes.\n\nOptions");
  options.add_options()("help,h", "show this help");
  po::variables_map vm = parse(args, options, "validate");
  if (vm.count("help")) {
    out << options;
    return kExitOk;
  }
  std::string path = vm["scenario"].as<std::string>();
  Scenario scenario = load_scenario_file(path);
  Roster roster(scenario);
  out << path << ": ok: \"" << scenario.name << "\", " << roster.processes().size() << " process"
      << (roster.processes().size() == 1 ? "" : "es") << ", " << roster.threads().size() << " thread"
      << (roster.threads().size() == 1 ? "" : "s") << ", " << scenario.cores << " core"
      << (scenario.cores == 1 ? "" : "s") << "\n";
  return kExitOk;
}

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  try {
    if (argc < 2) {
      err << kGeneralHelp;
      return kExitBadInput;
    }
    std::string command = argv[1];
    if (command == "--help" || command == "-h" || command == "help") {
      out << kGeneralHelp;
      return kExitOk;
    }
    if (command == "--version") {
      out << kVersion << "\n";
      return kExitOk;
    }
    if (command == "run") return command_run(tail(argc, argv), out, err);
    if (command == "validate") return command_validate(tail(argc, argv), out);
    throw UsageError("unknown command \"" + command + "\" (valid: run, validate; see: gilsim --help)");
  } catch (const UsageError& e) {
    err << "error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const InputError& e) {
    err << "error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const OutputError& e) {
    err << "error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    err << "internal error: " << e.what() << "\n";
    return kExitInternal;
  }
}

}  // namespace gilsim
