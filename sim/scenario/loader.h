#pragma once
// Scenario files: JSON in, validated Scenario structs out. Everything a user
// can get wrong is reported here, once, with the file, the JSON-pointer path
// and what would be valid; the simulator then trusts the structs.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "model/scenario.h"
#include "scenario/file_text.h"
#include "scenario/size.h"

namespace gilsim {

// An error in the user's input. what() is the full message without an
// "error: " prefix: "scenario.json:3:14: invalid JSON: ..." for malformed JSON,
// else "scenario.json: /processes/0/threads/1/steps/2: what is wrong (what
// would be valid)".
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads the file with read_scenario_text (so an unreadable file, or one
// larger than kMaxScenarioBytes, is an InputError) and loads it.
Scenario load_scenario_file(const std::string& path, const SizeLimits& limits = {});

// `label` names the input in messages (normally the file name). A scenario
// that would expand beyond `limits` is an InputError, before anything is
// allocated for it.
Scenario load_scenario_text(std::string_view text, const std::string& label, const SizeLimits& limits = {});

// What the scenario asks that a machine of `cores` cores cannot give: a cpus
// entry naming a missing core, or an explicit cfs min_granularity longer than
// the (default) latency for that many cores. The loader checks the file's own
// cores; `run --cores` and `compare --cores` check the count they run with.
struct CoreCountProblem {
  std::string pointer;  // "/processes/0/threads/1/cpus/0"
  std::string message;
};
std::optional<CoreCountProblem> check_core_count(const Scenario& scenario, std::uint32_t cores);

}  // namespace gilsim
