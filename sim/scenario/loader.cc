#include "scenario/loader.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

#include "scenario/json_reader.h"
#include "scenario/names.h"
#include "scenario/primitives.h"
#include "scenario/spelling.h"
#include "scenario/steps.h"
#include "scenario/thread_starts.h"

namespace gilsim {

namespace {

constexpr std::int64_t kMaxCores = 1'048'576;
constexpr std::int64_t kMaxCount = 1'000'000;

// The top level, processes and threads; steps are StepReader's.
class ScenarioReader {
 public:
  explicit ScenarioReader(const JsonReader& in) : in_(in) {}

  Scenario scenario(const Json& root) {
    in_.object(root, "", "the scenario", {"name", "description", "cores", "scheduler", "gil", "devices", "processes"});
    const std::string needs = R"(a scenario needs "name" and "processes")";
    Scenario result;
    result.name = in_.string(in_.require(root, "", "name", needs), "/name");
    if (result.name.empty()) in_.fail("/name", R"(empty scenario name (e.g. "name": "two CPU-bound threads"))");
    if (const Json* description = JsonReader::find(root, "description"))
      result.description = in_.string(*description, "/description");
    if (const Json* cores = JsonReader::find(root, "cores"))
      result.cores = static_cast<std::uint32_t>(in_.integer(*cores, "/cores", 1, kMaxCores));
    if (const Json* scheduler = JsonReader::find(root, "scheduler")) result.scheduler = scheduler_spec(*scheduler);
    if (const Json* gil = JsonReader::find(root, "gil")) result.gil = gil_spec(*gil);
    if (const Json* devices = JsonReader::find(root, "devices")) result.devices = read_devices(in_, *devices, "/devices");
    devices_ = &result.devices;

    const Json& processes = in_.array(in_.require(root, "", "processes", needs), "/processes", "an array of processes");
    if (processes.empty()) in_.fail("/processes", "empty array (a scenario needs at least one process)");
    std::vector<NamedSpec> names;
    for (std::size_t i = 0; i < processes.size(); ++i) {
      std::string path = json_pointer("/processes", i);
      result.processes.push_back(process(processes[i], path));
      names.push_back({result.processes.back().name, result.processes.back().count, path});
    }
    check_unique_names(in_, names, "process", "process names must be unique");
    return result;
  }

 private:
  SchedulerSpec scheduler_spec(const Json& value) {
    in_.object(value, "/scheduler", "the scheduler settings", {"policy", "quantum"});
    SchedulerSpec spec;
    if (const Json* policy = JsonReader::find(value, "policy")) {
      std::string name = in_.string(*policy, "/scheduler/policy");
      const std::vector<std::string> valid = {"round_robin"};
      if (name != "round_robin")
        in_.fail("/scheduler/policy", "unknown policy " + quote_short(name, 60) + " (" + did_you_mean(name, valid) +
                                          "valid: " + comma_list(valid) + ")");
      spec.policy = SchedulerPolicy::round_robin;
    }
    if (const Json* quantum = JsonReader::find(value, "quantum"))
      spec.quantum = in_.duration(*quantum, "/scheduler/quantum", true);
    return spec;
  }

  GilSpec gil_spec(const Json& value) {
    in_.object(value, "/gil", "the gil settings",
               {"model", "switch_interval", "handoff_latency", "check_interval", "wakeup_latency", "signal_cost",
                "single_thread_overhead"});
    GilSpec spec;
    if (const Json* model = JsonReader::find(value, "model")) {
      std::string name = in_.string(*model, "/gil/model");
      const std::vector<std::string> valid = {"cpython3", "cpython2", "none"};
      if (name == "cpython3")
        spec.model = GilModel::cpython3;
      else if (name == "cpython2")
        spec.model = GilModel::cpython2;
      else if (name == "none")
        spec.model = GilModel::none;
      else
        in_.fail("/gil/model", "unknown model " + quote_short(name, 60) + " (" + did_you_mean(name, valid) +
                                   "valid: " + comma_list(valid) + ")");
    }
    auto read = [&](const char* key, Time& field, bool positive) {
      if (const Json* v = JsonReader::find(value, key)) field = in_.duration(*v, std::string("/gil/") + key, positive);
    };
    read("switch_interval", spec.switch_interval, true);
    read("handoff_latency", spec.handoff_latency, false);
    read("check_interval", spec.check_interval, true);
    read("wakeup_latency", spec.wakeup_latency, false);
    read("signal_cost", spec.signal_cost, false);
    if (const Json* factor = JsonReader::find(value, "single_thread_overhead"))
      spec.single_thread_overhead = overhead(*factor, "/gil/single_thread_overhead");
    return spec;
  }

  // A factor from 1 to 100, kept to six decimals (in millionths) so that
  // applying it is integer arithmetic.
  std::int64_t overhead(const Json& value, const std::string& path) {
    if (!value.is_number() || !(value.get<double>() >= 1.0 && value.get<double>() <= 100.0))
      in_.fail(path, "expected a factor from 1 to 100 (e.g. 1.4: Python code takes 40 % longer), got " +
                         describe(value));
    return std::llround(value.get<double>() * static_cast<double>(kOverheadUnit));
  }

  std::optional<std::uint32_t> count(const Json& object, const std::string& path) {
    const Json* value = JsonReader::find(object, "count");
    if (value == nullptr) return std::nullopt;
    return static_cast<std::uint32_t>(in_.integer(*value, json_pointer(path, "count"), 1, kMaxCount));
  }

  ProcessSpec process(const Json& value, const std::string& path) {
    std::vector<std::string> keys = {"name", "gil", "count", "threads"};
    keys.insert(keys.end(), kSyncKeys.begin(), kSyncKeys.end());
    in_.object(value, path, "a process", keys);
    const std::string needs = R"(a process needs "name" and "threads")";
    ProcessSpec spec;
    std::string name_path = json_pointer(path, "name");
    spec.name = in_.string(in_.require(value, path, "name", needs), name_path);
    check_name(in_, spec.name, name_path, "process");
    if (const Json* gil = JsonReader::find(value, "gil")) spec.gil = in_.boolean(*gil, json_pointer(path, "gil"));
    spec.count = count(value, path);
    spec.syncs = read_syncs(in_, value, path);

    std::string threads_path = json_pointer(path, "threads");
    const Json& threads = in_.array(in_.require(value, path, "threads", needs), threads_path, "an array of threads");
    if (threads.empty())
      in_.fail(threads_path, "empty array (a process needs at least one thread; the first is its main thread)");
    // Names first: any step may name any thread of the process.
    std::vector<NamedSpec> names;
    for (std::size_t i = 0; i < threads.size(); ++i) {
      std::string thread_path = json_pointer(threads_path, i);
      spec.threads.push_back(thread_header(threads[i], thread_path));
      names.push_back({spec.threads.back().name, spec.threads.back().count, thread_path});
    }
    check_unique_names(in_, names, "thread", "thread names must be unique within a process");

    ThreadDirectory directory(spec.name, spec.threads);
    ThreadStarts starts(in_, directory, spec.threads.size());
    StepReader steps(in_, directory, starts, spec.syncs, *devices_);
    for (std::uint32_t i = 0; i < threads.size(); ++i) {
      if (const Json* script = JsonReader::find(threads[i], "steps"))
        spec.threads[i].steps = steps.read(*script, json_pointer(names[i].path, "steps"), i);
    }
    starts.finish(spec.threads, path);
    return spec;
  }

  // A thread without its steps.
  ThreadSpec thread_header(const Json& value, const std::string& path) {
    in_.object(value, path, "a thread", {"name", "count", "steps"});
    ThreadSpec spec;
    std::string name_path = json_pointer(path, "name");
    spec.name = in_.string(in_.require(value, path, "name", R"(a thread needs "name")"), name_path);
    check_name(in_, spec.name, name_path, "thread");
    spec.count = count(value, path);
    return spec;
  }

  const JsonReader& in_;
  const std::vector<DeviceSpec>* devices_ = nullptr;
};

}  // namespace

Scenario load_scenario_text(std::string_view text, const std::string& label, const SizeLimits& limits) {
  Json root = parse_json(text, label);
  JsonReader in(label);
  if (!root.is_object()) in.fail("", "expected an object, got " + describe(root));
  Scenario scenario = ScenarioReader(in).scenario(root);
  check_scenario_size(scenario, limits, label);
  return scenario;
}

Scenario load_scenario_file(const std::string& path, const SizeLimits& limits) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw InputError(path + ": cannot read: " + std::strerror(errno));
  std::string text;
  char buffer[1 << 16];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    text.append(buffer, got);
    // /dev/zero or a runaway generator would otherwise fill the memory.
    if (text.size() > kMaxScenarioBytes)
      throw InputError(path + ": larger than " + std::to_string(kMaxScenarioBytes >> 20) +
                       " MiB (a scenario file is at most that; use count and repeat rather than writing steps out)");
  }
  // A directory opens fine on Linux; reading it fails with EISDIR.
  if (std::ferror(file.get())) throw InputError(path + ": cannot read: " + std::strerror(errno));
  return load_scenario_text(text, path, limits);
}

}  // namespace gilsim
