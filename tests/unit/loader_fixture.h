// Scenario text for the loader's tests: one process "app", one thread "main".
#pragma once

#include <string>

#include "scenario/loader.h"

namespace gilsim::test {

inline Scenario load(const std::string& text) { return load_scenario_text(text, "s.json"); }

// A scenario with one process "app" holding `threads` (the inside of a JSON array).
inline std::string app(const std::string& threads) {
  return R"({"name": "t", "processes": [{"name": "app", "threads": [)" + threads + "]}]}";
}

// A scenario whose process "app" has one thread "main" running `steps`.
inline std::string main_steps(const std::string& steps) { return app(R"({"name": "main", "steps": [)" + steps + "]}"); }

}  // namespace gilsim::test
