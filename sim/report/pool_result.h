#pragma once
// What each executor did over a run: its calls, their latency (submit until
// the future was set: mean and percentiles), its throughput, how busy its
// workers were and what pickling and pipes cost it, from the model's
// on_pool_call, on_pool_workers, on_pool_busy and on_pool_cost. PoolTally is
// what the Recorder keeps while it runs.

#include <array>
#include <cstdint>
#include <vector>

#include "engine/time.h"
#include "model/pool/executor.h"
#include "model/pool/pool_work.h"

namespace gilsim {

struct PoolResult {
  std::uint64_t calls = 0;  // futures set (a process pool's map chunk is one call)
  std::uint64_t items = 0;  // task runs they covered
  Time first_submit = -1;   // -1: no call finished
  Time last_done = -1;
  // Per call, submit() until its future was set (nearest-rank percentiles).
  Time latency_mean = 0;
  Time latency_p50 = 0;
  Time latency_p95 = 0;
  Time latency_max = 0;
  // Items per second from the first submit of a finished call to the last done.
  double throughput() const {
    return last_done > first_submit ? static_cast<double>(items) * 1e9 / static_cast<double>(last_done - first_submit)
                                    : 0.0;
  }
  std::uint32_t workers_started = 0;
  // Summed over the workers: from taking a call until its future was set
  // (thread pool) or its result written to the pipe (process pool).
  Time busy = 0;
  // busy over workers_started x (last_done - first_submit): the share of the
  // pool's span that its started workers spent with a call; 0 without one.
  double busy_share() const;
  // Priced pickling, unpickling and pipe writes, summed per PoolCostKind.
  std::array<Time, kPoolCostKinds> costs{};
  Time cost(PoolCostKind kind) const { return costs[static_cast<std::size_t>(kind)]; }
  Time pickling() const;  // pickling and unpickling, owner and workers
  Time pipe() const;      // pipe writes, owner and workers
};

class PoolTally {
 public:
  explicit PoolTally(std::size_t executors) : latencies_(executors), results_(executors) {}
  void add(std::uint32_t executor, const PoolDone& done);
  void add_workers(std::uint32_t executor, std::uint32_t count) { results_[executor].workers_started += count; }
  void add_busy(std::uint32_t executor, Time busy);
  void add_cost(std::uint32_t executor, PoolCostKind kind, Time duration);
  // Per executor (Roster::executors order); call once.
  std::vector<PoolResult> take();

 private:
  std::vector<std::vector<Time>> latencies_;
  std::vector<PoolResult> results_;
};

}  // namespace gilsim
