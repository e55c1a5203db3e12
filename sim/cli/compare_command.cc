#include <iostream>
#include <algorithm>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>

#include "cli/cli_support.h"
#include "cli/outcome_messages.h"
#include "cli/machine_option.h"
#include "cli/commands.h"
#include "cli/output_file.h"
#include "compare/comparison.h"
#include "compare/plan.h"
#include "compare/measure.h"
#include "compare/render.h"
#include "compare/runner.h"
#include "compare/summary.h"
#include "model/roster.h"
#include "scenario/duration.h"
#include "scenario/loader.h"
#include "scenario/overrides.h"
#include "scenario/spelling.h"

namespace po = boost::program_options;

namespace gilsim {

namespace {

struct CompareOptions {
  std::string scenario;
  std::string cores;  // empty = 1, 2, 4, ... up to the number of threads
  std::string gil;    // empty = as in the scenario, no gil column
  std::vector<std::string> sets;
  std::vector<std::string> metrics;
  std::string machine;
  std::string format = "text";
  std::string output;
  unsigned jobs = 0;  // 0 = the machine's hardware threads
  std::string shard;
  bool quiet = false;
  std::optional<int> width;
  LimitOptions limits;
};

constexpr const char* kMemoryAdvice =
    "lower --max-threads or --max-script-steps, or --jobs (each job runs one simulation at a time)";

po::options_description compare_options(CompareOptions& o) {
  po::options_description d(
      "Usage: gilsim compare SCENARIO [options]\n\n"
      "Simulates the scenario once per point of a grid (core counts x GIL settings x\n"
      "--set values) and tabulates how the makespan scales: speedup, parallel\n"
      "efficiency, parallelism, concurrency, GIL wait and core use. Points are\n"
      "numbered with the first --set varying slowest and the cores fastest.\n\nOptions");
  // clang-format off
  d.add_options()
      ("help,h", "show this help")
      ("cores,c", po::value(&o.cores),
       "core counts: a list and/or ranges, e.g. 1,2,4,8 or 1-16 or 1,2,4-8 "
       "(default: the powers of two up to the number of threads: 1,2,4 for 5)")
      ("gil", po::value(&o.gil),
       "on, off and/or scenario: force every process's GIL on or off, or "
       "leave it as written, e.g. --gil on,off to see what the GIL costs")
      ("set", po::value(&o.sets)->composing(),
       "PATH=V1,V2,...: sweep one value of the scenario, by JSON pointer or "
       "dotted path. Several --set options make a grid of every combination. "
       "Examples:\n"
       "gil.switch_interval=1ms,5ms,20ms\n"
       "scheduler.quantum=1ms,10ms\n"
       "processes/0/count=1,2,4")
      ("metric", po::value(&o.metrics)->composing(),
       "KIND[:SUBJECT]: also measure this in every point (repeatable); the "
       "first one drives speedup and the chart. Kinds:\n"
       "finish:NAME: when NAME's threads have all finished\n"
       "response_mean:NAME, response_p95:NAME, response_max:NAME: "
       "waits from ready to running on a core\n"
       "gil_wait[:NAME]: share of lifetime waiting for a GIL\n"
       "print:TEXT: when a line containing TEXT is first printed\n"
       "makespan\n"
       "NAME: a thread, a process, or PROCESS/THREAD (THREAD may be *)")
      ("machine", po::value(&o.machine), kMachineOptionHelp)
      ("format,f", po::value(&o.format)->default_value("text"),
       "text: a table and what it shows, in plain words\n"
       "csv: one row per point (RFC 4180), exact nanoseconds\n"
       "json: the grid, the rows and the summary\n"
       "html: a self-contained page with the table and a speedup chart")
      ("output,o", po::value(&o.output),
       "write to FILE (atomically) instead of standard output (\"-\": standard output); "
       "without --format, a .html, .json or .csv FILE picks that format")
      ("width,w", po::value<int>(),
       "columns of the text table; default: on a terminal $COLUMNS or its width, in a file or a pipe 80")
      ("jobs,j", po::value(&o.jobs),
       "simulations run at once (default: the machine's hardware threads); "
       "the output is the same whatever this is")
      ("shard", po::value(&o.shard),
       "K/N: only the K-th of N equal slices of the points (K from 1); "
       "csv or json only. Shard 1 alone writes the CSV header, so the "
       "shards' files concatenated in order are the unsharded file")
      ("quiet,q", po::bool_switch(&o.quiet), "no progress bar (it shows only on a terminal, after 1 s)");
  // clang-format on
  add_run_limit_options(d, o.limits, "one simulation");
  return d;
}

constexpr const char* kExamples =
    "\nExamples:\n"
    "  gilsim compare scenarios/compare/cpu_pool_threads.json --gil on,off\n"
    "  gilsim compare scenarios/compare/web_server.json --cores 1-8 -o web.html\n"
    "  gilsim compare scenarios/compare/io_pool.json --cores 1,4 \\\n"
    "                 --set gil.switch_interval=1ms,5ms,20ms\n"
    "  gilsim compare scenarios/convoy_effect.json --cores 2 \\\n"
    "                 --set gil.switch_interval=1ms,5ms,20ms \\\n"
    "                 --metric finish:io_thread\n"
    "  gilsim compare scenarios/compare/cpu_pool_processes.json --shard 2/4 \\\n"
    "                 -o part-2.csv\n";

template <class Parse>
auto parse_option(const char* option, const std::string& text, Parse parse) {
  try {
    return parse(text);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("compare: ") + option + ": " + e.what());
  }
}

int compare_scenario(const CompareOptions& o, const boost::program_options::variables_map& vm,
                     const std::optional<Shard>& shard, const RunLimits& limits, std::ostream& out, std::ostream& err);


}  // namespace

int command_compare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CompareOptions o;
  po::options_description options = compare_options(o);
  po::variables_map vm = parse_command_line(args, options, "compare");
  if (vm.count("help")) {
    out << help_text(options) << kExamples;
    return kExitOk;
  }
  o.scenario = vm["scenario"].as<std::string>();
  if (vm.count("width")) o.width = vm["width"].as<int>();
  if (o.width && (*o.width < 40 || *o.width > 1000)) throw UsageError("compare: --width must be from 40 to 1000");
  if (o.format != "text" && o.format != "csv" && o.format != "json" && o.format != "html")
    throw UsageError("compare: unknown --format " + quote(o.format) + " (valid: text, csv, json, html)");
  o.format = choose_format("compare", vm, o.output, {"text", "csv", "json", "html"});
  if (vm.count("jobs") && (o.jobs < 1 || o.jobs > 1024)) throw UsageError("compare: --jobs must be from 1 to 1024");
  std::optional<Shard> shard;
  if (!o.shard.empty()) {
    shard = parse_option("--shard", o.shard, parse_shard);
    if (o.format != "csv" && o.format != "json")
      throw UsageError("compare: --shard writes rows to merge later: use --format csv or json");
  }
  RunLimits limits = check_run_limit_options("compare", o.limits);
  const std::string label = scenario_label(o.scenario);
  return guard_memory(label, kMemoryAdvice, [&] { return compare_scenario(o, vm, shard, limits, out, err); });
}

namespace {

int compare_scenario(const CompareOptions& o, const po::variables_map& vm, const std::optional<Shard>& shard,
                     const RunLimits& limits, std::ostream& out, std::ostream& err) {
  const std::string label = scenario_label(o.scenario);
  ScenarioFile file(o.scenario, read_machine_option(o.machine), o.limits.size);
  ComparisonRequest request;
  try {
    request = plan_comparison(file, label, ComparisonAsk{o.sets, o.gil, o.cores, o.metrics});
  } catch (const AskError& e) {
    throw UsageError(std::string("compare: ") + e.what());
  }
  request.limits = limits;
  // Jobs run side by side, each holding one simulation: as many as the memory holds (the output is the same).
  request.workers = workers_within_memory(vm.count("jobs") ? o.jobs : default_workers(), largest_run_estimate(request));
  request.shard = shard;

  OutputFile output(o.output, out, o.scenario);  // fails early on an unwritable path
  Comparison comparison = run_comparison(request, progress_on(err, o.quiet));
  if (comparison.stopped) {
    err << "error: " << comparison_stop_message(scenario_label(o.scenario), comparison, limits, o.limits.max_time) << "\n";
    return kExitLimit;  // the output file is not committed: an existing one stays as it was
  }
  try {
    check_metrics_seen(comparison);
  } catch (const AskError& e) {
    throw UsageError(std::string("compare: ") + e.what());  // nothing is written
  }

  if (o.format == "csv")
    write_comparison_csv(output.stream(), comparison, !shard || shard->number == 1);
  else if (o.format == "json")
    write_comparison_json(output.stream(), comparison);
  else if (o.format == "html")
    write_comparison_html(output.stream(), comparison);
  else
    write_comparison_text(output.stream(), comparison, static_cast<std::size_t>(report_width(o.width, o.output)));
  output.commit();

  // A program error outranks a deadlock (it may have caused one): exit 5, as for run.
  for (const ComparisonRow& row : comparison.rows) {
    if (!row.measured.program_error) continue;
    err << "error: " << label << ": " << describe_point(comparison, row.point) << ": "
        << *row.measured.program_error << "\n";
    return kExitProgramError;
  }
  std::size_t deadlocks = 0;
  const ComparisonRow* first = nullptr;
  for (const ComparisonRow& row : comparison.rows) {
    if (!row.measured.deadlock) continue;
    if (++deadlocks == 1) first = &row;
  }
  if (first != nullptr) {
    err << "error: " << label << ": " << describe_point(comparison, first->point) << ": "
        << *first->measured.deadlock;
    if (deadlocks > 1) err << " (and " << deadlocks - 1 << " more " << (deadlocks == 2 ? "point" : "points") << ")";
    err << "\n";
    return kExitDeadlock;
  }
  return kExitOk;
}

}  // namespace

}  // namespace gilsim
