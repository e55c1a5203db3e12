#pragma once
// Simulated time: an integer count of nanoseconds. Floating point never decides
// an ordering anywhere in the simulator.

#include <cstdint>
#include <limits>
#include <string>

namespace gilsim {

using Time = std::int64_t;

inline constexpr Time kNanosecond = 1;
inline constexpr Time kMicrosecond = 1'000;
inline constexpr Time kMillisecond = 1'000'000;
inline constexpr Time kSecond = 1'000'000'000;
inline constexpr Time kTimeMax = std::numeric_limits<Time>::max();

// Exact, compact rendering that parses back to the same value: 0ns, 250ns,
// 50us, 1.5ms, 12.501s. The unit is the largest one in which the value is >= 1.
std::string format_duration(Time t);

// Human rendering with a fixed number of decimals for tables and axes:
// "12.501 s", "5.000 ms", "250 ns". Not exact for large values; never parsed.
std::string format_time_fixed(Time t, int decimals = 3);

}  // namespace gilsim
