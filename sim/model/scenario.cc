#include "model/scenario.h"

namespace gilsim {

const char* stdout_buffering_name(StdoutBuffering b) {
  switch (b) {
    case StdoutBuffering::line: return "line";
    case StdoutBuffering::unbuffered: return "unbuffered";
    case StdoutBuffering::block: return "block";
  }
  return "?";
}

Time apply_overhead(Time d, std::int64_t overhead) {
  if (overhead == kOverheadUnit) return d;
  // d * overhead / U in two parts, so no product overflows: d = q U + r.
  Time q = d / kOverheadUnit, r = d % kOverheadUnit;
  Time fraction = (r * overhead + kOverheadUnit / 2) / kOverheadUnit;  // r < 1e6, overhead <= 1e8: fits
  if (q > (kTimeMax - fraction) / overhead) return kTimeMax;
  return q * overhead + fraction;
}

}  // namespace gilsim
