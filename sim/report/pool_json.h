#pragma once
// An executor's calls as JSON data (the json and summary reports' "pools",
// present only when the scenario has executors).

#include <cstdint>

#include <nlohmann/json.hpp>

#include "model/roster.h"
#include "report/pool_result.h"

namespace gilsim {

// {"name": "app/pool", "kind": "thread", "max_workers": 4, "calls": 100,
//  "items": 100, "latency_ns": {"mean", "p50", "p95", "max"},
//  "throughput_per_s": 1234.5, "workers_started": 4, "busy_ns": 9000000,
//  "busy_share": 0.95, "pickling_ns": 0, "pipe_ns": 0,
//  "costs_ns": {"feeder_pickle", "feeder_write", "manager_unpickle",
//               "worker_unpickle", "worker_pickle", "worker_write"}}:
// latency_ns, throughput_per_s and busy_share are null when no call finished
// (calls 0), as a time that never came is elsewhere. pickling_ns (pickling and
// unpickling) and pipe_ns (pipe writes) sum costs_ns; all 0 for a thread pool.
nlohmann::ordered_json pool_json(const Roster& roster, std::uint32_t executor, const PoolResult& result);

}  // namespace gilsim
