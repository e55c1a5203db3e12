#pragma once
// The sentence under a comparison table that says in plain words what the
// numbers show: how far each series scales with cores and, when the GIL was
// switched on and off, what it costs. Derived from the rows, never written per
// scenario: "5 threads of one GIL process do not speed up beyond 1 core".

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "compare/comparison.h"

namespace gilsim {

// Empty when there is nothing to say (no rows).
std::string summarize(const Comparison& comparison);

// Words and formats shared by the renderers.
std::string times(double ratio);    // "3.90×"
std::string percent(double share);  // "97%"
// What sets a series apart: "gil.switch_interval=1ms, GIL off"; "" when nothing is swept.
std::string series_settings(const Comparison& comparison, std::size_t series);
// The settings, or the workload when nothing is swept: a chart legend entry.
std::string series_label(const Comparison& comparison, std::size_t series);
// "point 3 (gil.switch_interval=1ms, GIL off, 2 cores)", for messages.
std::string describe_point(const Comparison& comparison, std::size_t point);
// The values of a core list, consecutive runs as ranges: "1-4, 8, 16".
std::string core_list_text(const std::vector<std::uint32_t>& cores);

}  // namespace gilsim
