// gilsim explore: the scenario once per seed, the OS's wake-ups jittered by
// each, and the spread of what came out (explore/exploration.h).
#include <optional>
#include <stdexcept>
#include <ostream>
#include <string>

#include "cli/cli_support.h"
#include "cli/jitter_options.h"
#include "cli/machine_option.h"
#include "cli/output_file.h"
#include "compare/runner.h"
#include "explore/exploration.h"
#include "explore/render.h"
#include "run/pipeline.h"
#include "scenario/loader.h"
#include "scenario/overrides.h"
#include "scenario/spelling.h"

namespace po = boost::program_options;

namespace gilsim {

namespace {

constexpr std::uint64_t kMaxSeeds = 1'000'000;

struct ExploreOptions {
  std::string scenario;
  std::optional<std::uint32_t> cores;
  std::uint64_t seeds = 100;
  std::uint64_t first_seed = 1;
  JitterOptions jitter;
  std::string machine;
  std::string format = "text";
  std::string output;
  unsigned jobs = 0;  // 0 = the machine's hardware threads
  std::string shard;
  bool quiet = false;
  LimitOptions limits;
};

constexpr const char* kMemoryAdvice =
    "lower --jobs (each job holds one simulation) or --max-threads, --max-script-steps";

po::options_description explore_options(ExploreOptions& o) {
  po::options_description d(
      "Usage: gilsim explore SCENARIO [options]\n\n"
      "A run shows one interleaving; real threads show many. Runs the scenario once\n"
      "per seed, each run with the OS's wake-ups a little late (drawn from its seed),\n"
      "and counts how the runs ended (a deadlock, and a seed that replays it), the\n"
      "distinct orders of the printed lines, and the spread of the makespan.\n\nOptions");
  // clang-format off
  d.add_options()
      ("help,h", "show this help")
      ("seeds,n", po::value(&o.seeds)->default_value(o.seeds), "how many seeds to run")
      ("first-seed", po::value(&o.first_seed)->default_value(o.first_seed),
       "the first seed: the runs are seeds first-seed, first-seed + 1, ...")
      ("cores,c", po::value<std::uint32_t>(), "number of cores (overrides the scenario's \"cores\")")
      ("machine", po::value(&o.machine), kMachineOptionHelp)
      ("format,f", po::value(&o.format)->default_value("text"),
       "text: outcomes, makespan spread and print orders for a terminal\n"
       "json: the same, each order's lines and every seed's run\n"
       "csv: one row per seed (RFC 4180), exact nanoseconds")
      ("output,o", po::value(&o.output),
       "write to FILE (atomically) instead of standard output; without --format, a .json or .csv FILE "
       "picks that format")
      ("jobs,j", po::value(&o.jobs),
       "simulations run at once (default: the machine's hardware threads); the output is the same "
       "whatever this is")
      ("shard", po::value(&o.shard),
       "K/N: run only the K-th of N slices of the seeds (csv only); the shards' files concatenated "
       "in order are the unsharded file")
      ("quiet,q", po::bool_switch(&o.quiet), "no progress bar on a terminal");
  // clang-format on
  add_jitter_options(d, o.jitter);
  add_run_limit_options(d, o.limits, "each run");
  return d;
}

constexpr const char* kExamples =
    "\nExamples:\n"
    "  gilsim explore scenarios/sync/lock_order_race.json --seeds 200\n"
    "  gilsim run scenarios/sync/lock_order_race.json --seed 6     (replays seed 6)\n"
    "  gilsim explore scenarios/tutorial/count_down_up.json --jitter 200us\n"
    "  gilsim explore scenarios/convoy_effect.json --seeds 1000 --shard 2/4 \\\n"
    "                 -o part-2.csv\n";

// The seeds of one outcome, for the message: "deadlock in 38 of 100 runs (first: seed 4; replay: ...)".
std::string outcome_line(const std::string& label, const Exploration& e, RunEnd end, const std::string& what,
                         const std::string& replay) {
  std::vector<EndCount> ends = count_ends(e);
  const EndCount& c = ends[static_cast<int>(end)];
  return label + ": " + what + " in " + std::to_string(c.runs) + " of " + std::to_string(e.seeds) +
         " runs (first: seed " + std::to_string(c.first_seed) + "; replay: " + replay + " --seed " +
         std::to_string(c.first_seed) + ")";
}

int explore_scenario(const ExploreOptions& o, const po::variables_map& vm, const std::optional<Shard>& shard,
                     const RunLimits& limits, std::ostream& out, std::ostream& err) {
  const std::string label = scenario_label(o.scenario);
  ExploreRequest request;
  request.scenario = load_scenario_with_machine(o.scenario, read_machine_option(o.machine), o.limits.size);
  if (o.cores) apply_cores_option(request.scenario, label, *o.cores);
  PerturbationSpec spec = jitter_spec("explore", o.jitter, 0);
  request.first_seed = o.first_seed;
  request.seeds = o.seeds;
  request.wake_jitter = spec.wake_jitter;
  request.gil_jitter = spec.gil_jitter;
  request.limits = limits;
  request.shard = shard;
  request.workers = vm.count("jobs") ? o.jobs : default_workers();

  // How to replay one seed: the same file, cores, machine and ranges.
  std::string replay = "gilsim run " + o.scenario;
  if (o.cores) replay += " --cores " + std::to_string(*o.cores);
  if (!o.machine.empty()) replay += " --machine " + o.machine;
  if (!vm["jitter"].defaulted()) replay += " --jitter " + o.jitter.wake;
  if (!vm["gil-jitter"].defaulted()) replay += " --gil-jitter " + o.jitter.gil;

  OutputFile output(o.output, out, o.scenario);  // fails early on an unwritable path
  Exploration e = explore(request, progress_on(err, o.quiet));
  ExploreView view{o.scenario, replay};
  if (o.format == "csv")
    write_exploration_csv(output.stream(), e, !shard || shard->number == 1);
  else if (o.format == "json")
    write_exploration_json(output.stream(), e, view);
  else
    write_exploration_text(output.stream(), e, view);
  output.commit();

  // As for run and compare: a stopped run, then a program error, then a deadlock.
  std::vector<EndCount> ends = count_ends(e);
  if (ends[static_cast<int>(RunEnd::stopped)].runs > 0) {
    err << "error: " << outcome_line(label, e, RunEnd::stopped, "a limit stopped the run", replay) << "\n";
    return kExitLimit;
  }
  if (ends[static_cast<int>(RunEnd::program_error)].runs > 0) {
    err << "error: " << outcome_line(label, e, RunEnd::program_error, "a program error", replay) << "\n";
    return kExitProgramError;
  }
  if (ends[static_cast<int>(RunEnd::deadlock)].runs > 0) {
    err << "error: " << outcome_line(label, e, RunEnd::deadlock, "deadlock", replay) << "\n";
    return kExitDeadlock;
  }
  return kExitOk;
}

}  // namespace

int command_explore(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  ExploreOptions o;
  po::options_description options = explore_options(o);
  po::variables_map vm = parse_command_line(args, options, "explore");
  if (vm.count("help")) {
    out << help_text(options) << kExamples;
    return kExitOk;
  }
  o.scenario = vm["scenario"].as<std::string>();
  if (vm.count("cores")) o.cores = vm["cores"].as<std::uint32_t>();
  if (o.cores && (*o.cores < 1 || *o.cores > 1048576)) throw UsageError("explore: --cores must be from 1 to 1048576");
  if (o.seeds < 1 || o.seeds > kMaxSeeds)
    throw UsageError("explore: --seeds must be from 1 to " + std::to_string(kMaxSeeds));
  if (o.first_seed > UINT64_MAX - o.seeds)
    throw UsageError("explore: --first-seed plus --seeds passes the largest seed (2^64 - 1)");
  if (o.format != "text" && o.format != "csv" && o.format != "json")
    throw UsageError("explore: unknown --format " + quote(o.format) + " (valid: text, csv, json)");
  o.format = choose_format("explore", vm, o.output, {"text", "csv", "json"});
  if (vm.count("jobs") && (o.jobs < 1 || o.jobs > 1024)) throw UsageError("explore: --jobs must be from 1 to 1024");
  std::optional<Shard> shard;
  if (!o.shard.empty()) {
    try {
      shard = parse_shard(o.shard);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("explore: --shard: ") + e.what());
    }
    if (o.format != "csv") throw UsageError("explore: --shard writes rows to merge later: use --format csv");
    if (shard->count > o.seeds) throw UsageError("explore: --shard " + o.shard + ": more shards than seeds");
  }
  jitter_spec("explore", o.jitter, 0);  // a bad range is a usage error before the file is read
  RunLimits limits = check_run_limit_options("explore", o.limits);
  return guard_memory(scenario_label(o.scenario), kMemoryAdvice,
                      [&] { return explore_scenario(o, vm, shard, limits, out, err); });
}

}  // namespace gilsim
