#pragma once
// What each executor did over a run: its calls, their latency (submit until
// the future was set: mean and percentiles) and its throughput, from the
// model's on_pool_call. PoolTally is what the Recorder keeps while it runs.

#include <cstdint>
#include <vector>

#include "engine/time.h"
#include "model/pool/executor.h"

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
};

class PoolTally {
 public:
  explicit PoolTally(std::size_t executors) : latencies_(executors), results_(executors) {}
  void add(std::uint32_t executor, const PoolDone& done);
  // Per executor (Roster::executors order); call once.
  std::vector<PoolResult> take();

 private:
  std::vector<std::vector<Time>> latencies_;
  std::vector<PoolResult> results_;
};

}  // namespace gilsim
