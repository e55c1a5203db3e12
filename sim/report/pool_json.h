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
//  "throughput_per_s": 1234.5}: latency_ns and throughput_per_s are null when
// no call finished (calls 0), as a time that never came is elsewhere.
nlohmann::ordered_json pool_json(const Roster& roster, std::uint32_t executor, const PoolResult& result);

}  // namespace gilsim
