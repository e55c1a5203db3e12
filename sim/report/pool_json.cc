#include "report/pool_json.h"

#include <cmath>

namespace gilsim {

nlohmann::ordered_json pool_json(const Roster& roster, std::uint32_t executor, const PoolResult& result) {
  const ExecutorSpec& spec = roster.executor_spec(executor);
  nlohmann::ordered_json j;
  j["name"] = roster.executor_full_name(executor);
  j["kind"] = executor_kind_name(spec.kind);
  j["max_workers"] = spec.workers;
  j["calls"] = result.calls;
  j["items"] = result.items;
  if (result.calls == 0) {
    j["latency_ns"] = nullptr;
    j["throughput_per_s"] = nullptr;
  } else {
    j["latency_ns"] = {{"mean", result.latency_mean},
                       {"p50", result.latency_p50},
                       {"p95", result.latency_p95},
                       {"max", result.latency_max}};
    // Six decimals, as the report's other averages: stable text.
    j["throughput_per_s"] = std::round(result.throughput() * 1e6) / 1e6;
  }
  j["workers_started"] = result.workers_started;
  j["busy_ns"] = result.busy;
  if (result.calls == 0)
    j["busy_share"] = nullptr;
  else
    j["busy_share"] = std::round(result.busy_share() * 1e6) / 1e6;
  j["pickling_ns"] = result.pickling();
  j["pipe_ns"] = result.pipe();
  using K = PoolCostKind;
  j["costs_ns"] = {{"feeder_pickle", result.cost(K::feeder_pickle)},
                   {"feeder_write", result.cost(K::feeder_write)},
                   {"manager_unpickle", result.cost(K::manager_unpickle)},
                   {"worker_unpickle", result.cost(K::worker_unpickle)},
                   {"worker_pickle", result.cost(K::worker_pickle)},
                   {"worker_write", result.cost(K::worker_write)}};
  return j;
}

}  // namespace gilsim
