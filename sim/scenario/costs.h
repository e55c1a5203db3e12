#pragma once
// The scenario's "costs" (docs/costs.md): an object of durations, or "none".

#include "model/scenario.h"
#include "scenario/json_reader.h"

namespace gilsim {

CostSpec read_costs(const JsonReader& in, const Json& value);

}  // namespace gilsim
