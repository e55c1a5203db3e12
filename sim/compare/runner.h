#pragma once
// Independent jobs on a fixed pool of threads. Each worker takes the next job
// index from a shared counter and stores its result by index, so what comes
// out never depends on which worker ran what, or when.

#include <cstddef>
#include <cstdint>
#include <functional>

namespace gilsim {

// Runs job(i) for every i in [0, count) on `workers` threads (at least 1) and
// returns when all are done. The calling thread calls progress(done) at start,
// when jobs finish or at least every 100 ms while they run, and at the end.
// If jobs throw, every job still runs and the exception of the lowest index is
// rethrown, so the error a user sees does not depend on timing.
void run_jobs(std::size_t count, unsigned workers, const std::function<void(std::size_t)>& job,
              const std::function<void(std::size_t done)>& progress);

// The machine's hardware threads, at least 1: the default of --jobs.
unsigned default_workers();

// `wanted`, or fewer so that that many jobs of `bytes_per_job` each fit in
// half the memory the process may use (the machine's, or less under
// `ulimit -v`); at least 1. Jobs that each hold a big simulation then run
// one after another instead of running out of memory together.
unsigned workers_within_memory(unsigned wanted, std::uint64_t bytes_per_job);

}  // namespace gilsim
