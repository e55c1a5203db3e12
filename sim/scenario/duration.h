#pragma once
// Durations as users write them: "250ns", "50us", "1.5ms", "2s", "5min", "1h".

#include <string_view>

#include "engine/time.h"

namespace gilsim {

// "<digits>[.<digits>]<unit>" with unit ns, us (or µs), ms, s, min or h; no sign,
// exponent or spaces. Computed exactly in integer nanoseconds: a value that is
// not a whole number of nanoseconds or does not fit in Time is rejected, never
// rounded or wrapped. Throws std::invalid_argument whose message quotes the
// text and says what would be valid.
Time parse_duration(std::string_view text);

}  // namespace gilsim
