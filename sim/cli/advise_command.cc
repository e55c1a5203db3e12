// gilsim advise: one workload, every way Python could run it, ranked
// (advise/options.h says which ways; advise/advice.h how they are weighed).
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>

#include "advise/advice.h"
#include "advise/render.h"
#include "cli/cli_support.h"
#include "cli/machine_option.h"
#include "cli/output_file.h"
#include "compare/runner.h"
#include "run/pipeline.h"
#include "scenario/loader.h"
#include "scenario/overrides.h"
#include "scenario/spelling.h"

namespace po = boost::program_options;

namespace gilsim {

namespace {

struct AdviseOptions {
  std::string scenario;
  std::optional<std::uint32_t> cores;
  std::string metric;
  std::string machine;
  std::string format = "text";
  std::string output;
  unsigned jobs = 0;  // 0 = the machine's hardware threads
  bool quiet = false;
  LimitOptions limits;
};

constexpr const char* kMemoryAdvice = "lower --jobs (each job holds one simulation) or --max-threads, --max-script-steps";

po::options_description advise_options(AdviseOptions& o) {
  po::options_description d(
      "Usage: gilsim advise SCENARIO [options]\n\n"
      "Threads, free-threaded 3.13t or 3.14t, processes or multiprocessing.Pool, and\n"
      "how many workers? Runs the scenario's pool (its first executor) every way\n"
      "Python could run it, with 1 up to twice the cores workers, ranks the ways by\n"
      "the makespan (or --metric) and says why each wins or loses. A scenario\n"
      "without a pool is weighed as written and free-threaded.\n\nOptions");
  // clang-format off
  d.add_options()
      ("help,h", "show this help")
      ("cores,c", po::value<std::uint32_t>(), "number of cores (overrides the scenario's \"cores\")")
      ("metric", po::value(&o.metric),
       "rank by this instead of the makespan: any compare --metric, e.g. task_latency_p95, throughput")
      ("machine", po::value(&o.machine), kMachineOptionHelp)
      ("format,f", po::value(&o.format)->default_value("text"),
       "text: the answer, the ranked options, why, and the best one's scaling\n"
       "json: every figure and every reason\n"
       "html: a page with the best option's scaling drawn against the ideal and Amdahl's curve")
      ("output,o", po::value(&o.output),
       "write to FILE (atomically) instead of standard output; without --format, a .json or .html FILE "
       "picks that format")
      ("jobs,j", po::value(&o.jobs),
       "simulations run at once (default: the machine's hardware threads); the output is the same "
       "whatever this is")
      ("quiet,q", po::bool_switch(&o.quiet), "no progress bar on a terminal");
  // clang-format on
  add_run_limit_options(d, o.limits, "each run");
  return d;
}

constexpr const char* kExamples =
    "\nExamples:\n"
    "  gilsim advise scenarios/pools/cpu_map.json\n"
    "  gilsim advise scenarios/pools/big_args.json --cores 8\n"
    "  gilsim advise scenarios/pools/io_fetch.json --metric task_latency_p95\n";

int advise_scenario(const AdviseOptions& o, const po::variables_map& vm, const RunLimits& limits, std::ostream& out,
                    std::ostream& err) {
  const std::string label = scenario_label(o.scenario);
  ScenarioFile file(o.scenario, read_machine_option(o.machine), o.limits.size);
  Scenario as_written = file.load({}, {});
  AdviseRequest request;
  request.file = o.scenario;
  if (o.cores) {
    apply_cores_option(as_written, label, *o.cores);
    request.cores = *o.cores;
  }
  if (!o.metric.empty()) {
    try {
      request.metric = parse_metric(o.metric);
      if (request.metric->names_threads()) pick_threads(as_written, request.metric->subject);
    } catch (const std::invalid_argument& e) {
      throw UsageError("advise: --metric " + quote(o.metric) + ": " + e.what());
    }
    if (!request.metric->drives_speedup())
      throw UsageError("advise: --metric " + quote(o.metric) + ": a busy share is neither better nor worse: rank by "
                       "another metric");
  }
  request.limits = limits;
  request.workers = vm.count("jobs") ? o.jobs : default_workers();

  OutputFile output(o.output, out, o.scenario);  // fails early on an unwritable path
  Advice advice = advise(file, as_written, request, progress_on(err, o.quiet));
  if (o.format == "json")
    write_advice_json(output.stream(), advice);
  else if (o.format == "html")
    write_advice_html(output.stream(), advice);
  else
    write_advice_text(output.stream(), advice);
  output.commit();
  if (!advice.sequential.value || advice.sequential.measured.stop != RunStop::drained) {
    err << "error: " << label << ": the sequential reference run did not complete: " << advise_reason(advice, advice.sequential)
        << "\n";
    return advice.sequential.measured.deadlock ? kExitDeadlock : kExitLimit;
  }
  return kExitOk;
}

}  // namespace

int command_advise(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  AdviseOptions o;
  po::options_description options = advise_options(o);
  po::variables_map vm = parse_command_line(args, options, "advise");
  if (vm.count("help")) {
    out << help_text(options) << kExamples;
    return kExitOk;
  }
  o.scenario = vm["scenario"].as<std::string>();
  if (vm.count("cores")) o.cores = vm["cores"].as<std::uint32_t>();
  if (o.cores && (*o.cores < 1 || *o.cores > 4096)) throw UsageError("advise: --cores must be from 1 to 4096");
  if (o.format != "text" && o.format != "json" && o.format != "html")
    throw UsageError("advise: unknown --format " + quote(o.format) + " (valid: text, json, html)");
  o.format = choose_format("advise", vm, o.output, {"text", "json", "html"});
  if (vm.count("jobs") && (o.jobs < 1 || o.jobs > 1024)) throw UsageError("advise: --jobs must be from 1 to 1024");
  RunLimits limits = check_run_limit_options("advise", o.limits);
  return guard_memory(scenario_label(o.scenario), kMemoryAdvice,
                      [&] { return advise_scenario(o, vm, limits, out, err); });
}

}  // namespace gilsim
