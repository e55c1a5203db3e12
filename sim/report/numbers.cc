#include "report/numbers.h"

#include <algorithm>
#include <cstdio>

namespace gilsim {

namespace {

Time pow10(int n) {
  Time p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

}  // namespace

Unit unit_for(Time makespan) {
  if (makespan >= kSecond) return {kSecond, "s", 3};
  if (makespan >= kMillisecond) return {kMillisecond, "ms", 3};
  if (makespan >= kMicrosecond) return {kMicrosecond, "us", 3};
  return {kNanosecond, "ns", 0};
}

std::string format_in(Time t, const Unit& unit, int decimals) {
  decimals = std::min(decimals, unit.decimals);
  bool negative = t < 0;
  Time magnitude = negative ? -t : t;
  Time digits = pow10(decimals);
  Time denom = unit.scale / digits;
  Time v = magnitude / denom + (magnitude % denom >= (denom + 1) / 2 && denom > 1 ? 1 : 0);
  std::string out = (negative ? "-" : "") + std::to_string(v / digits);
  if (decimals > 0) {
    std::string frac = std::to_string(v % digits);
    out += "." + std::string(static_cast<std::size_t>(decimals) - frac.size(), '0') + frac;
  }
  return out;
}

std::string format_exact(Time t, const Unit& unit) {
  std::string out = std::to_string(t / unit.scale);
  Time frac = t % unit.scale;
  if (frac != 0) {
    std::string digits = std::to_string(frac);
    digits.insert(0, std::to_string(unit.scale).size() - 1 - digits.size(), '0');
    while (digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out;
}

std::string fixed2(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", x);
  return buf;
}

std::string percent(double fraction, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f%%", decimals, fraction * 100.0);
  return buf;
}

std::string percent_of(double part, double whole) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", whole > 0 ? 100.0 * part / whole : 0.0);
  return buf;
}

}  // namespace gilsim
