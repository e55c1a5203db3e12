#pragma once
// What a pool's threads spend on each call besides running it, as the model
// prices it (pool_steps.cc): pickling and unpickling (Python, holding the
// thread's GIL) and pipe writes (without it). The observer hears each priced
// cost once, when the thread takes it on (Observer::on_pool_cost); any wait
// for the GIL around it is not part of it.

#include <cstddef>
#include <cstdint>

namespace gilsim {

enum class PoolCostKind : std::uint8_t {
  // In the owner process:
  feeder_pickle,     // the feeder thread pickles a call
  feeder_write,      // and writes it to the call queue's pipe
  manager_unpickle,  // the manager thread unpickles a result
  // In the worker processes:
  worker_unpickle,  // a worker unpickles a call
  worker_pickle,    // pickles its result
  worker_write,     // and writes it to the result queue's pipe
};
inline constexpr std::size_t kPoolCostKinds = 6;

constexpr bool is_pipe_write(PoolCostKind kind) {
  return kind == PoolCostKind::feeder_write || kind == PoolCostKind::worker_write;
}

}  // namespace gilsim
