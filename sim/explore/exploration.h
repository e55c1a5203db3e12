#pragma once
// gilsim explore: one scenario run once per seed, each run perturbing the
// OS's wake-ups with its seed (model/perturbation.h), and what came of them:
// how each run ended, its makespan and the order of its printed lines. A
// seed's run is itself deterministic (`gilsim run --seed S` replays it), and
// the runs are summed up in seed order, so the same request gives the same
// exploration whatever the number of jobs.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compare/grid.h"
#include "engine/engine.h"
#include "model/scenario.h"

namespace gilsim {

struct ExploreRequest {
  Scenario scenario;  // cores as they run; its perturbation is set per seed
  std::uint64_t first_seed = 1;
  std::uint64_t seeds = 100;  // seeds first_seed, first_seed + 1, ...
  Time wake_jitter = 0;
  Time gil_jitter = 0;
  RunLimits limits;
  unsigned workers = 1;
  std::optional<Shard> shard;  // only this slice of the seeds
};

enum class RunEnd : std::uint8_t { completed, deadlock, program_error, stopped };
inline constexpr int kRunEnds = 4;
const char* run_end_name(RunEnd end);  // "completed", "deadlock", "program_error", "stopped"

struct SeedRun {
  std::uint64_t seed = 0;
  RunEnd end = RunEnd::completed;
  Time makespan = 0;          // when the last thread finished, the run deadlocked or stopped
  std::uint64_t order = 0;    // the print order's hash (PrintOrder::hash)
  std::uint64_t lines = 0;    // lines printed
  std::string problem;        // deadlock or program error: the model's message
};

// One distinct order of printed lines: each line "process/thread: text",
// with the durations in the text masked as {time} (two runs that print the
// same lines in the same order at other times print the same order).
inline constexpr std::size_t kKeptLines = 1000;  // of each order, the first lines kept to show
struct PrintOrder {
  std::uint64_t hash = 0;  // FNV-1a over all its lines
  std::vector<std::string> lines;  // the first kKeptLines
  std::uint64_t runs = 0;
  std::uint64_t first_seed = 0;
};

struct Exploration {
  std::uint64_t first_seed = 0;  // of the slice explored
  std::uint64_t seeds = 0;
  Time wake_jitter = 0;
  Time gil_jitter = 0;
  std::vector<SeedRun> runs;        // in seed order
  std::vector<PrintOrder> orders;   // the most runs first, then the lowest first seed
};

// Runs every seed of the request (of its shard) on `workers` threads;
// progress(done, total) as compare's.
Exploration explore(const ExploreRequest& request,
                    const std::function<void(std::size_t done, std::size_t total)>& progress);

// How many runs ended each way, and the first seed of each (0: none).
struct EndCount {
  std::uint64_t runs = 0;
  std::uint64_t first_seed = 0;
};
std::vector<EndCount> count_ends(const Exploration& e);  // indexed by RunEnd

// Nearest-rank percentiles of the completed runs' makespans.
struct MakespanSpread {
  std::uint64_t runs = 0;  // completed runs
  Time min = 0, p50 = 0, p95 = 0, max = 0;
};
MakespanSpread makespan_spread(const Exploration& e);

// The first line (0-based) where `order` departs from `reference`, or the
// shorter length when one is a prefix of the other.
std::size_t departure(const PrintOrder& order, const PrintOrder& reference);

}  // namespace gilsim
