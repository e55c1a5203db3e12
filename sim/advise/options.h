#pragma once
// gilsim advise: the ways Python could run one workload, as changes to its
// scenario file. A scenario with a pool (its first process that has
// executors, its first executor) is weighed as a thread pool under the GIL,
// on free-threaded 3.13t and 3.14t, as a ProcessPoolExecutor started by each
// method and as a multiprocessing.Pool, each with 1, 2, 4 ... up to twice
// the cores workers; a scenario without one, as written, and its processes
// free-threaded. The reference is the pool's calls one after another: one
// worker thread on one core (without a pool, the scenario on one core).
//
// Free-threaded interpreters run Python compute slower than the default
// build, by a factor from the CPython documentation:
// - 3.13t: 1.40. "In 3.13, this overhead is about 40% on the pyperformance
//   suite" (Doc/howto/free-threading-python.rst, CPython 3.13).
// - 3.14t: 1.08. "The performance penalty on single-threaded code in
//   free-threaded mode is now roughly 5-10%, depending on the platform and C
//   compiler used" (What's New in Python 3.14); "the average overhead ranges
//   from about 1% on macOS aarch64 to 8% on x86-64 Linux systems"
//   (Doc/howto/free-threading-python.rst, CPython 3.14): Linux's figure.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/scenario.h"
#include "scenario/overrides.h"

namespace gilsim {

enum class Runtime : std::uint8_t { gil_threads, free_threaded_313, free_threaded_314, processes, mp_pool };
const char* runtime_name(Runtime r);  // "threads", "threads, 3.13t", "threads, 3.14t", "processes", "mp.Pool"

inline constexpr const char* kOverhead313 = "1.4";
inline constexpr const char* kOverhead314 = "1.08";

struct AdviseOption {
  Runtime runtime = Runtime::gil_threads;
  std::optional<StartMethod> start;   // processes, mp.Pool
  std::optional<std::uint32_t> workers;  // a pool's max_workers; empty: without a pool
  std::vector<Sweep> sets;            // one value each
  std::string label() const;          // "processes (spawn), 4 workers"
};

struct AdvisePlan {
  std::string pool;  // "app/pool", or empty: the scenario has none
  std::uint32_t cores = 1;
  AdviseOption sequential;  // the reference, run on one core
  std::vector<AdviseOption> options;
};

// The options for `scenario` (loaded from its file as written) on `cores`.
AdvisePlan plan_advice(const Scenario& scenario, std::uint32_t cores);

// The worker counts weighed on `cores`: powers of two up to twice the cores, and the cores.
std::vector<std::uint32_t> advise_worker_counts(std::uint32_t cores);

}  // namespace gilsim
