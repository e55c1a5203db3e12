#pragma once
// A run's settings in the JSON report's head: the scheduler (its policy's
// parameters, CFS's resolved for the run's cores), timer slack, costs, start
// method, stdout buffering and the GIL model's parameters.

#include <cstdint>

#include <nlohmann/json.hpp>

#include "model/scenario.h"

namespace gilsim {

void add_settings_json(nlohmann::ordered_json& head, const Scenario& sc, std::uint32_t cores);

}  // namespace gilsim
