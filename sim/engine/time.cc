#include "engine/time.h"

#include <cstdio>
#include <cstdlib>

namespace gilsim {

namespace {
struct Unit {
  Time scale;
  const char* name;
};
constexpr Unit kUnits[] = {{kSecond, "s"}, {kMillisecond, "ms"}, {kMicrosecond, "us"}, {kNanosecond, "ns"}};

const Unit& unit_for(Time magnitude) {
  for (const Unit& u : kUnits)
    if (magnitude >= u.scale) return u;
  return kUnits[3];
}
}  // namespace

std::string format_duration(Time t) {
  if (t == 0) return "0ns";
  std::string sign = t < 0 ? "-" : "";
  // Negate in unsigned arithmetic so that the minimum value does not overflow.
  auto magnitude = static_cast<std::uint64_t>(t < 0 ? -(t + 1) : t) + (t < 0 ? 1 : 0);
  const Unit& u = unit_for(magnitude > static_cast<std::uint64_t>(kTimeMax) ? kTimeMax
                                                                             : static_cast<Time>(magnitude));
  auto scale = static_cast<std::uint64_t>(u.scale);
  std::string out = sign + std::to_string(magnitude / scale);
  std::uint64_t frac = magnitude % scale;
  if (frac != 0) {
    std::string digits = std::to_string(frac);
    std::size_t width = std::to_string(scale).size() - 1;
    digits.insert(0, width - digits.size(), '0');
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out + u.name;
}

std::string format_time_fixed(Time t, int decimals) {
  Time magnitude = t < 0 ? -t : t;
  const Unit& u = unit_for(magnitude);
  if (u.scale == kNanosecond) return std::to_string(t) + " ns";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f %s", decimals, static_cast<double>(t) / static_cast<double>(u.scale), u.name);
  return buf;
}

}  // namespace gilsim
