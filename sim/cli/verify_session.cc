#include "cli/verify_session.h"

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <ostream>

#include "cli/cli_support.h"
#include "cli/output_file.h"
#include "cli/program_runs.h"
#include "export/child_process.h"
#include "export/python_program.h"
#include "export/verify_compare.h"
#include "export/verify_runs.h"
#include "run/pipeline.h"

namespace gilsim {

namespace {

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

void check_verify_cores(const Scenario& scenario, const VerifyCall& call) {
  const std::uint32_t machine = usable_cores();
  if (scenario.cores > machine) {
    std::string asked = call.cores_given ? "--cores " + std::to_string(scenario.cores) + " asks for "
                                       : call.label + " asks for ";
    throw UsageError("verify: " + asked + std::to_string(scenario.cores) + " cores, and this machine lets programs use " +
                     std::to_string(machine) + " (sched_getaffinity): a real run cannot show what " +
                     std::to_string(scenario.cores) + " cores do; use --cores " + std::to_string(machine) +
                     " (or fewer) to predict and measure on that many");
  }
}

VerifyOutcome verify_scenario(const Scenario& scenario, const VerifyCall& call, std::ostream& err) {
  check_verify_cores(scenario, call);
  RunLimits limits;
  limits.max_events = 100'000'000;
  limits.max_time = 86400 * kSecond;
  Prediction prediction = predict(scenario, limits);
  if (prediction.stop != RunStop::drained) {
    err << "error: " << call.label << ": the simulation stopped at " << format_time_fixed(prediction.end) << ": "
        << stop_reason(prediction.stop, limits, "86400s") << "\n";
    return {kExitLimit, std::nullopt};
  }

  TemporaryFolder folder("verify");
  const std::string program = folder.path() + "/program.py";
  {
    ExportOptions export_options{call.label, {}};
    if (call.cores_given) export_options.notes.push_back("--cores " + std::to_string(scenario.cores));
    if (!call.time_scale.empty()) export_options.notes.push_back("--time-scale " + call.time_scale);
    std::ofstream file(program);
    file << export_python(scenario, export_options);
    if (!file.flush()) throw OutputError("verify: cannot write " + program);
  }

  VerifyReport report;
  report.scenario_file = call.label;
  report.scenario_name = scenario.name;
  report.interpreter = call.python;
  report.cores = scenario.cores;
  report.runs = call.runs;
  report.time_scale = call.time_scale;
  report.machine = call.machine;
  report.masked_times = prints_time(scenario);
  report.program_error = prediction.program_error;
  report.not_compared = leave_out_unmeasured(scenario, prediction.record);

  Progress progress(call.progress);
  auto fail = [&](std::size_t run, const ChildResult& child, const std::string& what) {
    progress.clear();
    err << "error: verify: " << call.label << ": run " << run << " of " << call.runs << ": " << call.python << " " << what
        << stderr_tail(child.err) << "\n";
    return VerifyOutcome{kExitVerifyRunFailed, std::nullopt};
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
    progress.show("verify: the model predicts a deadlock; running " + call.python + " once, for at most " +
                  std::to_string(timeout.count() / 1000) + " s...");
    ChildResult child = run_child({call.python, program}, timeout);
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
    for (unsigned r = 1; r <= call.runs; ++r) {
      std::string last = runs.empty() ? "" : ", last makespan " + format_time_fixed(runs.back().makespan);
      progress.show("verify: run " + std::to_string(r) + " of " + std::to_string(call.runs) + " with " + call.python +
                    last + "...");
      ChildResult child = run_child({call.python, program}, timeout);
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
    rules.tie_window = report.tie_window = call.tie_window;
    report.comparison = compare_runs(prediction.record, runs, call.tolerance, rules);
  }

  return {report.agrees() ? kExitOk : kExitVerifyMismatch, std::move(report)};
}

}  // namespace gilsim
