// gilsim verify SCENARIO [--python EXE] [--runs K] [--tolerance P] [--cores N]
//                        [--time-scale F] [-f text|json] [-o FILE]
// Exports the scenario, runs the program K times, simulates, and compares
// (docs/verify.md).
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/export_commands.h"
#include "cli/machine_option.h"
#include "cli/output_file.h"
#include "cli/program_runs.h"
#include "export/child_process.h"
#include "export/python_program.h"
#include "export/time_scale.h"
#include "export/verify_compare.h"
#include "export/verify_report.h"
#include "export/verify_runs.h"
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

// Which threads and processes are copies of one spec, for the order check (OrderRules).
OrderRules copies_of(const Scenario& scenario) {
  OrderRules rules;
  for (const ProcessSpec& process : scenario.processes)
    for (std::uint32_t pc = 0; pc < copy_count(process); ++pc) {
      std::string process_name = copy_name(process.name, process.count, pc);
      if (process.count) rules.process_copies[process_name] = process.name;
      for (const ThreadSpec& thread : process.threads)
        for (std::uint32_t tc = 0; thread.count && tc < *thread.count; ++tc)
          rules.thread_copies[process_name + "/" + copy_name(thread.name, thread.count, tc)] = thread.name;
    }
  return rules;
}

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

// The cores this process may use (the program's are the same).
std::uint32_t usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) != 0) return static_cast<std::uint32_t>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
  return static_cast<std::uint32_t>(CPU_COUNT(&set));
}

void add_notes(std::vector<std::string>& into, const std::vector<std::string>& notes) {
  for (const std::string& note : notes)
    if (std::find(into.begin(), into.end(), note) == into.end()) into.push_back(note);
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
  if (o.cores) {
    if (std::optional<CoreCountProblem> problem = check_core_count(scenario, *o.cores))
      throw InputError(o.scenario + ": --cores " + std::to_string(*o.cores) + ": " + problem->pointer + ": " +
                       problem->message);
    scenario.cores = *o.cores;
  }
  const std::uint32_t machine = usable_cores();
  if (scenario.cores > machine) {
    std::string asked = o.cores ? "--cores " + std::to_string(scenario.cores) + " asks for "
                                : o.scenario + " asks for ";
    throw UsageError("verify: " + asked + std::to_string(scenario.cores) + " cores, and this machine lets programs use " +
                     std::to_string(machine) + " (sched_getaffinity): a real run cannot show what " +
                     std::to_string(scenario.cores) + " cores do; use --cores " + std::to_string(machine) +
                     " (or fewer) to predict and measure on that many");
  }
  if (!o.time_scale.empty()) scale_durations(scenario, factor);
  OutputFile output(o.output, out);  // fails early on an unwritable path

  RunLimits limits;
  limits.max_events = 100'000'000;
  limits.max_time = 86400 * kSecond;
  Prediction prediction = predict(scenario, limits);
  if (prediction.stop != RunStop::drained) {
    err << "error: " << o.scenario << ": the simulation stopped at " << format_time_fixed(prediction.end) << ": "
        << stop_reason(prediction.stop, limits, "86400s") << "\n";
    return kExitLimit;
  }

  TemporaryFolder folder("verify");
  const std::string program = folder.path() + "/program.py";
  {
    ExportOptions export_options{o.scenario, {}};
    if (o.cores) export_options.notes.push_back("--cores " + std::to_string(*o.cores));
    if (!o.time_scale.empty()) export_options.notes.push_back("--time-scale " + o.time_scale);
    std::ofstream file(program);
    file << export_python(scenario, export_options);
    if (!file.flush()) throw OutputError("verify: cannot write " + program);
  }

  VerifyReport report;
  report.scenario_file = o.scenario;
  report.scenario_name = scenario.name;
  report.interpreter = o.python;
  report.cores = scenario.cores;
  report.runs = o.runs;
  report.time_scale = o.time_scale;
  report.machine = o.machine;
  report.masked_times = prints_time(scenario);
  report.program_error = prediction.program_error;

  Progress progress(&err == &std::cerr && ::isatty(STDERR_FILENO));
  auto fail = [&](std::size_t run, const ChildResult& child, const std::string& what) {
    progress.clear();
    err << "error: verify: " << o.scenario << ": run " << run << " of " << o.runs << ": " << o.python << " " << what
        << stderr_tail(child.err) << "\n";
    return kExitVerifyRunFailed;
  };
  auto record = [&](const MeasuredRun& run) {
    report.python = run.python;
    report.executable = run.executable;
    report.native = run.native;
    add_notes(report.not_reproduced, run.not_reproduced);
  };

  if (prediction.deadlock) {
    // The model says the program never finishes: one run, stopped after
    // twice the time the model takes to see it plus 5 s.
    auto timeout = std::chrono::milliseconds(2 * prediction.end / kMillisecond + 5000);
    progress.show("verify: the model predicts a deadlock; running " + o.python + " once, for at most " +
                  std::to_string(timeout.count() / 1000) + " s...");
    ChildResult child = run_child({o.python, program}, timeout);
    progress.clear();
    report.deadlock = *prediction.deadlock;
    report.waited = child.seconds;
    report.deadlock_reproduced = child.timed_out;
    if (!child.timed_out) {
      if (!child.ok()) return fail(1, child, child.describe());
      try {
        record(parse_measured_run(child.out));
      } catch (const std::runtime_error& e) {
        return fail(1, child, std::string("printed no report: ") + e.what());
      }
    }
  } else {
    // A run that takes ten times as long as predicted, plus 10 s, is stopped.
    auto timeout = std::chrono::milliseconds(10 * (prediction.record.makespan / kMillisecond) + 10000);
    std::vector<RunRecord> runs;
    for (unsigned r = 1; r <= o.runs; ++r) {
      std::string last = runs.empty() ? "" : ", last makespan " + format_time_fixed(runs.back().makespan);
      progress.show("verify: run " + std::to_string(r) + " of " + std::to_string(o.runs) + " with " + o.python +
                    last + "...");
      ChildResult child = run_child({o.python, program}, timeout);
      if (!child.ok()) {
        std::string what = child.describe();
        if (child.timed_out)
          what += " (the limit is 10 times the predicted makespan plus 10 s)";
        return fail(r, child, what);
      }
      try {
        MeasuredRun run = parse_measured_run(child.out);
        record(run);
        runs.push_back(std::move(run.record));
      } catch (const std::runtime_error& e) {
        return fail(r, child, std::string("printed no report: ") + e.what());
      }
    }
    progress.clear();
    OrderRules rules = copies_of(scenario);
    rules.mask_times = report.masked_times;
    rules.tie_window = report.tie_window = tie_window;
    report.comparison = compare_runs(prediction.record, runs, o.tolerance, rules);
  }

  if (o.format == "json") write_verify_json(output.stream(), report);
  else write_verify_text(output.stream(), report);
  output.commit();
  return report.agrees() ? kExitOk : kExitVerifyMismatch;
}

}  // namespace gilsim
