#include "model/scenario.h"

namespace gilsim {

Time apply_overhead(Time d, std::int64_t overhead) {
  if (overhead == kOverheadUnit) return d;
  // d * overhead / U in two parts, so no product overflows: d = q U + r.
  Time q = d / kOverheadUnit, r = d % kOverheadUnit;
  Time fraction = (r * overhead + kOverheadUnit / 2) / kOverheadUnit;  // r < 1e6, overhead <= 1e8: fits
  if (q > (kTimeMax - fraction) / overhead) return kTimeMax;
  return q * overhead + fraction;
}

const char* gil_model_name(GilModel model) {
  switch (model) {
    case GilModel::cpython3: return "cpython3";
    case GilModel::cpython2: return "cpython2";
    case GilModel::none: return "none";
  }
  return "?";
}

std::string describe_gil(const GilSpec& gil, bool fixed) {
  auto time = [&](Time t) { return fixed ? format_time_fixed(t) : format_duration(t); };
  std::string text;
  switch (gil.model) {
    case GilModel::cpython3:
      text = "switch interval " + time(gil.switch_interval);
      if (gil.handoff_latency != 0) text += ", hand-off latency " + time(gil.handoff_latency);
      break;
    case GilModel::cpython2:
      text = "cpython2: check interval " + time(gil.check_interval) + ", wake-up latency " +
             time(gil.wakeup_latency) + ", signal cost " + time(gil.signal_cost);
      break;
    case GilModel::none: text = "none (free-threaded)"; break;
  }
  if (gil.single_thread_overhead != kOverheadUnit) {
    // Millionths as a decimal: 1400000 -> "1.4".
    std::string fraction = std::to_string(gil.single_thread_overhead % kOverheadUnit);
    fraction = std::string(6 - fraction.size(), '0') + fraction;
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    text += ", free-threaded compute x" + std::to_string(gil.single_thread_overhead / kOverheadUnit) +
            (fraction.empty() ? "" : "." + fraction);
  }
  return text;
}

}  // namespace gilsim
