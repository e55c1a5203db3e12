#include "scenario/machine_profile.h"

#include <algorithm>

#include "scenario/file_text.h"
#include "scenario/loader.h"
#include "scenario/machine_fill.h"

namespace gilsim {

namespace {

constexpr const char* kVersionKey = "gilsim_machine_profile";

// The top-level keys that are information, not settings: never applied.
const std::vector<std::string>& information_keys() {
  static const std::vector<std::string> keys = {kVersionKey, "machine", "measurements"};
  return keys;
}

const std::vector<std::string>* section_keys(const std::string& section) {
  for (const auto& [name, keys] : machine_setting_keys())
    if (name == section) return &keys;
  return nullptr;
}

}  // namespace

const std::vector<std::pair<std::string, std::vector<std::string>>>& machine_setting_keys() {
  // What gilsim calibrate measures, and the machine costs of the other
  // models (cpython2's wake-up and signal, the scheduler's context switch)
  // that a user may measure otherwise.
  static const std::vector<std::pair<std::string, std::vector<std::string>>> keys = {
      {"", {"timer_slack"}},
      {"gil", {"handoff_latency", "wakeup_latency", "signal_cost"}},
      {"costs",
       {"thread_start", "first_thread_start", "thread_start_latency", "process_start", "process_start_latency",
        "forkserver_start", "forkserver_boot", "forkserver_launch", "spawn_start", "spawn_boot", "print", "io_latency",
        "wakeup"}},
      {"scheduler", {"context_switch"}},
  };
  return keys;
}

MachineProfile parse_machine_profile(std::string_view text, const std::string& label) {
  Json root = parse_json(text, label);
  JsonReader in(label);
  if (!root.is_object()) in.fail("", "expected an object (a machine profile), got " + describe(root));
  // The marker first: a scenario given by mistake is named as such, not by its first key.
  const Json& version = in.require(root, "", kVersionKey,
                                   "a machine profile starts with \"gilsim_machine_profile\": 1; "
                                   "gilsim calibrate -o FILE writes one");
  if (!version.is_number_integer() || version.get<std::int64_t>() != 1)
    in.fail(std::string("/") + kVersionKey,
            "expected 1 (the only version of the profile format this gilsim reads), got " + describe(version));
  std::vector<std::string> top = information_keys();
  for (const auto& [section, keys] : machine_setting_keys()) {
    if (section.empty())
      top.insert(top.end(), keys.begin(), keys.end());
    else
      top.push_back(section);
  }
  in.object(root, "", "a machine profile", top);

  MachineProfile profile;
  profile.file = label;
  for (const auto& member : root.items()) {
    const std::string& name = member.key();
    const Json& value = member.value();
    if (std::find(information_keys().begin(), information_keys().end(), name) != information_keys().end()) continue;
    if (const std::vector<std::string>* keys = section_keys(name)) {  // a section of settings
      std::string path = json_pointer("", name);
      in.object(value, path, "the machine's " + name + " settings", *keys);
      for (const auto& setting : value.items()) {
        in.duration(setting.value(), json_pointer(path, setting.key()));
        profile.settings.push_back({name, setting.key(), setting.value().get<std::string>()});
      }
    } else {  // a top-level setting
      in.duration(value, json_pointer("", name));
      profile.settings.push_back({"", name, value.get<std::string>()});
    }
  }
  return profile;
}

MachineProfile read_machine_profile(const std::string& path) {
  return parse_machine_profile(read_scenario_text(path), path);
}

std::optional<MachineProfile> read_machine_option(const std::string& path) {
  if (path.empty()) return std::nullopt;
  return read_machine_profile(path);
}

void fill_in_machine(Json& scenario, const MachineProfile& machine) {
  if (!scenario.is_object()) return;
  for (const MachineSetting& setting : machine.settings) {
    Json* section = &scenario;
    if (!setting.section.empty()) {
      auto found = scenario.find(setting.section);
      section = found == scenario.end() ? &(scenario[setting.section] = Json::object()) : &*found;
    }
    if (section->is_object() && !section->contains(setting.key)) (*section)[setting.key] = setting.value;
  }
}

}  // namespace gilsim
