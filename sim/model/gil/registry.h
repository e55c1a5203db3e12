#pragma once
// The GIL models, one line each (registry.cc): the name a scenario gives in
// gil.model, whether processes under it have a lock, and how to make its rules.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/gil/gil_rules.h"
#include "model/scenario.h"

namespace gilsim {

const char* gil_model_name(GilModel model);                      // "cpython3", "cpython2", "none"
std::optional<GilModel> find_gil_model(const std::string& name);  // by the name above
std::vector<std::string> gil_model_names();                      // in declaration order
// False for models under which no process has a lock (none: free-threaded).
bool gil_model_has_lock(GilModel model);
// The rules of `spec.model` for every process of a run; null when it has no lock.
std::unique_ptr<GilRules> make_gil_rules(const GilSpec& spec, Time timer_slack, std::size_t processes,
                                         std::size_t threads);

}  // namespace gilsim
