#include "export/time_scale.h"

#include <cmath>
#include <stdexcept>

namespace gilsim {

namespace {

Time scaled(Time t, double factor) {
  double value = std::round(static_cast<double>(t) * factor);
  return value >= static_cast<double>(kTimeMax) ? kTimeMax : static_cast<Time>(value);
}

void scale_steps(std::vector<Step>& steps, double factor) {
  for (Step& step : steps) {
    switch (step.kind) {
      case StepKind::compute:
      case StepKind::sleep:
      case StepKind::io:
      case StepKind::put:
      case StepKind::event_wait: step.duration = scaled(step.duration, factor); break;
      default: break;
    }
    scale_steps(step.body, factor);
  }
}

}  // namespace

void scale_durations(Scenario& scenario, double factor) {
  if (!(factor > 0 && factor <= 1000)) throw std::invalid_argument("the time scale must be above 0 and at most 1000");
  for (ProcessSpec& process : scenario.processes) {
    if (process.start_cost) process.start_cost = scaled(*process.start_cost, factor);  // costs.process_start is the machine's
    for (ThreadSpec& thread : process.threads) scale_steps(thread.steps, factor);
    for (TaskSpec& task : process.tasks) scale_steps(task.steps, factor);
  }
}

double parse_time_scale(const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || !std::isfinite(value))
    throw std::invalid_argument("\"" + text + "\" is not a number (e.g. 0.01 for a hundredth of every duration)");
  if (!(value > 0 && value <= 1000)) throw std::invalid_argument("must be above 0 and at most 1000");
  return value;
}

}  // namespace gilsim
