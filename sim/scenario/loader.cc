#include "scenario/loader.h"

#include <algorithm>
#include <cmath>

#include "model/cpu/scheduler.h"
#include "model/gil/registry.h"
#include "scenario/comment_keys.h"
#include "scenario/costs.h"
#include "scenario/executors.h"
#include "scenario/json_reader.h"
#include "scenario/mp_queues.h"
#include "scenario/mp_shared.h"
#include "scenario/names.h"
#include "scenario/primitives.h"
#include "scenario/spelling.h"
#include "scenario/start_graph.h"
#include "scenario/start_method.h"
#include "scenario/steps.h"

namespace gilsim {

namespace {

constexpr std::int64_t kMaxCores = 1'048'576;
constexpr std::int64_t kMaxCount = 1'000'000;

// The top level, processes and threads; steps are StepReader's.
class ScenarioReader {
 public:
  explicit ScenarioReader(const JsonReader& in) : in_(in) {}

  Scenario scenario(const Json& root) {
    in_.object(root, "", "the scenario",
               {"name", "description", "python", "cores", "timer_slack", "costs", "stdout", "start_together",
                "start_method", "scheduler", "gil", "devices", "mp_queues", "mp_shared", "processes"});
    const std::string needs = R"(a scenario needs "name" and "processes")";
    Scenario result;
    result.name = in_.string(in_.require(root, "", "name", needs), "/name");
    if (result.name.empty()) in_.fail("/name", R"(empty scenario name (e.g. "name": "two CPU-bound threads"))");
    if (const Json* description = JsonReader::find(root, "description"))
      result.description = in_.string(*description, "/description");
    if (const Json* python = JsonReader::find(root, "python")) result.python = read_python_version(in_, *python, "/python");
    result.start_method = default_start_method(result.python);
    if (const Json* method = JsonReader::find(root, "start_method")) {
      result.start_method = read_start_method(in_, *method, "/start_method");
      check_start_method(in_, result.python, result.start_method, "/start_method");
    }
    python_ = result.python;
    if (const Json* cores = JsonReader::find(root, "cores"))
      result.cores = static_cast<std::uint32_t>(in_.integer(*cores, "/cores", 1, kMaxCores));
    cores_ = result.cores;
    if (const Json* slack = JsonReader::find(root, "timer_slack"))
      result.timer_slack = in_.duration(*slack, "/timer_slack");
    if (const Json* costs = JsonReader::find(root, "costs")) result.costs = read_costs(in_, *costs);
    if (const Json* buffering = JsonReader::find(root, "stdout")) result.stdout_buffering = stdout_buffering(*buffering);
    if (const Json* together = JsonReader::find(root, "start_together"))
      result.start_together = in_.boolean(*together, "/start_together");
    if (const Json* scheduler = JsonReader::find(root, "scheduler")) result.scheduler = scheduler_spec(*scheduler);
    if (const Json* gil = JsonReader::find(root, "gil")) result.gil = gil_spec(*gil);
    if (const Json* devices = JsonReader::find(root, "devices")) result.devices = read_devices(in_, *devices, "/devices");
    devices_ = &result.devices;
    if (const Json* queues = JsonReader::find(root, "mp_queues"))
      result.shared_syncs = read_mp_queues(in_, *queues, "/mp_queues");
    if (const Json* shared = JsonReader::find(root, "mp_shared")) {  // after the queues (Scenario::shared_syncs)
      std::vector<SyncSpec> objects = read_mp_shared(in_, *shared, "/mp_shared", result.shared_syncs);
      result.shared_syncs.insert(result.shared_syncs.end(), objects.begin(), objects.end());
    }

    const Json& processes = in_.array(in_.require(root, "", "processes", needs), "/processes", "an array of processes");
    if (processes.empty()) in_.fail("/processes", "empty array (a scenario needs at least one process)");
    // Names first: a spawn or wait step may name any process. What a name
    // looks like is checked when its process is read, before any of its steps.
    std::vector<NamedSpec> process_names(processes.size());
    for (std::size_t i = 0; i < processes.size(); ++i) {
      process_names[i].path = json_pointer("/processes", i);
      if (!processes[i].is_object()) continue;
      if (const Json* name = JsonReader::find(processes[i], "name"); name && name->is_string())
        process_names[i].name = name->get<std::string>();
      if (const Json* n = JsonReader::find(processes[i], "count"); n && n->is_number_integer() && n->get<std::int64_t>() >= 1 &&
                                                                   n->get<std::int64_t>() <= kMaxCount)
        process_names[i].count = static_cast<std::uint32_t>(n->get<std::int64_t>());
    }
    NameDirectory directory = NameDirectory::processes(process_names);
    ProcessSpawns spawns(in_, directory, processes.size());
    std::vector<NamedSpec> names;
    for (std::size_t i = 0; i < processes.size(); ++i) {
      std::string path = json_pointer("/processes", i);
      result.processes.push_back(process(processes[i], path, {directory, spawns, static_cast<std::uint32_t>(i), 1, &result.shared_syncs}));
      names.push_back({result.processes.back().name, result.processes.back().count, path});
    }
    check_unique_names(in_, names, "process", "process names must be unique");
    // A process pool's workers are processes named after it: the clashes with
    // declared processes said in the executor's terms, then any other.
    for (std::size_t i = 0; i < processes.size(); ++i)
      check_pool_names(in_, names, result.processes[i].executors, json_pointer("/processes", i),
                       ExecutorKind::process, kMaxCount);
    // A process pool's workers are processes named after it.
    for (std::size_t i = 0; i < processes.size(); ++i)
      for (const ExecutorSpec& executor : result.processes[i].executors)
        if (has_worker_processes(executor.kind))
          names.push_back({executor.name, executor.max_workers.value_or(kMaxCount),
                           json_pointer(json_pointer(json_pointer("/processes", i), "executors"), executor.name)});
    check_unique_names(in_, names, "process", "a process pool's worker processes take its name");
    spawns.finish(result.processes);
    for (std::size_t i = 0; i < processes.size(); ++i) add_pool_specs(result, static_cast<std::uint32_t>(i));
    check_mp_queue_names(in_, result);
    add_queue_feeders(in_, result);
    set_cores(result, result.cores);
    return result;
  }

 private:
  StdoutBuffering stdout_buffering(const Json& value) {
    std::string name = in_.string(value, "/stdout");
    const std::vector<std::string> valid = {"line", "unbuffered", "block"};
    auto it = std::find(valid.begin(), valid.end(), name);
    if (it == valid.end())
      in_.fail("/stdout", "unknown stdout buffering " + quote_short(name, 60) + " (" + did_you_mean(name, valid) +
                              "valid: line (a terminal: a write per line), unbuffered (python -u), block (a pipe "
                              "or a file))");
    const StdoutBuffering modes[] = {StdoutBuffering::line, StdoutBuffering::unbuffered, StdoutBuffering::block};
    return modes[it - valid.begin()];
  }

  SchedulerSpec scheduler_spec(const Json& value) {
    const std::vector<std::string> all = {"policy",          "quantum",           "aging",         "latency",
                                          "min_granularity", "wakeup_granularity", "context_switch"};
    if (!value.is_object()) in_.object(value, "/scheduler", "the scheduler settings", all);  // fails: not an object
    SchedulerSpec spec;
    if (const Json* policy = JsonReader::find(value, "policy")) {
      std::string name = in_.string(*policy, "/scheduler/policy");
      const std::vector<std::string> valid = {"fifo", "round_robin", "priority", "cfs"};
      auto it = std::find(valid.begin(), valid.end(), name);
      if (it == valid.end())
        in_.fail("/scheduler/policy", "unknown policy " + quote_short(name, 60) + " (" + did_you_mean(name, valid) +
                                          "valid: " + comma_list(valid) + ")");
      const SchedulerPolicy policies[] = {SchedulerPolicy::fifo, SchedulerPolicy::round_robin,
                                          SchedulerPolicy::priority, SchedulerPolicy::cfs};
      spec.policy = policies[it - valid.begin()];
    }
    // Settings of other policies are accepted and unused (as gil.model's), so
    // `compare --set scheduler.policy=fifo,cfs` works on a file that sets a quantum.
    for (const auto& member : value.items()) {
      if (is_comment_key(member.key()) || std::find(all.begin(), all.end(), member.key()) != all.end()) continue;
      in_.fail("/scheduler", "unknown key " + quote_short(member.key(), 60) + " in the scheduler settings (" +
                                 did_you_mean(member.key(), all) + "valid keys: " + comma_list(all) + ")");
    }
    auto duration = [&](const char* key, Time& field, bool positive) {
      if (const Json* v = JsonReader::find(value, key))
        field = in_.duration(*v, json_pointer("/scheduler", key), positive);
    };
    auto optional_duration = [&](const char* key, std::optional<Time>& field, bool positive) {
      if (const Json* v = JsonReader::find(value, key))
        field = in_.duration(*v, json_pointer("/scheduler", key), positive);
    };
    duration("quantum", spec.quantum, true);
    duration("aging", spec.aging, false);
    // cfs's unset settings stay unset: their defaults depend on the number of
    // cores, which `--cores` may still change (check_core_count, cfs_tunables).
    optional_duration("latency", spec.latency, true);
    optional_duration("min_granularity", spec.min_granularity, true);
    optional_duration("wakeup_granularity", spec.wakeup_granularity, false);
    duration("context_switch", spec.context_switch, false);
    return spec;
  }

  // priority, nice and cpus, on a process or a thread. Every policy accepts
  // priority and nice (each uses its own), so a scenario can sweep policies.
  void os_settings(const Json& value, const std::string& path, OsSettings& os) {
    if (const Json* v = JsonReader::find(value, "priority"))
      os.priority = static_cast<std::int32_t>(in_.integer(*v, json_pointer(path, "priority"), 0, 99));
    if (const Json* v = JsonReader::find(value, "nice"))
      os.nice = static_cast<std::int32_t>(in_.integer(*v, json_pointer(path, "nice"), -20, 19));
    if (const Json* v = JsonReader::find(value, "cpus")) {
      std::string cpus_path = json_pointer(path, "cpus");
      const std::string example = "an array of core numbers such as [0, 2]";
      in_.array(*v, cpus_path, example);
      if (v->empty())
        in_.fail(cpus_path, "empty set of cores (the threads could never run; list at least one core of 0 to " +
                                std::to_string(cores_ - 1) + ", or leave cpus out for any core)");
      std::vector<bool> seen(cores_);
      for (std::size_t i = 0; i < v->size(); ++i) {
        std::string at = json_pointer(cpus_path, i);
        std::int64_t core = in_.integer((*v)[i], at);
        if (core < 0 || core >= cores_)
          in_.fail(at, "core " + std::to_string(core) + " does not exist (the scenario has " +
                           std::to_string(cores_) + (cores_ == 1 ? " core: 0)" : " cores: 0 to " + std::to_string(cores_ - 1) + ")"));
        if (seen[static_cast<std::size_t>(core)]) in_.fail(at, "core " + std::to_string(core) + " is listed twice");
        seen[static_cast<std::size_t>(core)] = true;
        os.cpus.push_back(static_cast<std::uint32_t>(core));
      }
      std::sort(os.cpus.begin(), os.cpus.end());
    }
  }

  GilSpec gil_spec(const Json& value) {
    in_.object(value, "/gil", "the gil settings",
               {"model", "switch_interval", "handoff_latency", "check_interval", "wakeup_latency", "signal_cost",
                "single_thread_overhead"});
    GilSpec spec;
    if (const Json* model = JsonReader::find(value, "model")) {
      std::string name = in_.string(*model, "/gil/model");
      if (std::optional<GilModel> found = find_gil_model(name)) {
        spec.model = *found;
      } else {
        const std::vector<std::string> valid = gil_model_names();
        in_.fail("/gil/model", "unknown model " + quote_short(name, 60) + " (" + did_you_mean(name, valid) +
                                   "valid: " + comma_list(valid) + ")");
      }
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

  ProcessSpec process(const Json& value, const std::string& path, StepReader::ProcessContext context) {
    std::vector<std::string> keys = {"name",     "gil",  "count", "start_cost", "start_method",
                                     "priority", "nice", "cpus",  "threads"};
    keys.insert(keys.end(), kSyncKeys.begin(), kSyncKeys.end());
    keys.insert(keys.end(), kPoolKeys.begin(), kPoolKeys.end());
    in_.object(value, path, "a process", keys);
    const std::string needs = R"(a process needs "name" and "threads")";
    ProcessSpec spec;
    std::string name_path = json_pointer(path, "name");
    spec.name = in_.string(in_.require(value, path, "name", needs), name_path);
    check_name(in_, spec.name, name_path, "process");
    if (const Json* gil = JsonReader::find(value, "gil")) spec.gil = in_.boolean(*gil, json_pointer(path, "gil"));
    spec.count = count(value, path);
    context.process_copies = copy_count(spec);
    os_settings(value, path, spec.os);
    if (const Json* cost = JsonReader::find(value, "start_cost"))
      spec.start_cost = in_.duration(*cost, json_pointer(path, "start_cost"));
    if (const Json* method = JsonReader::find(value, "start_method")) {
      spec.start_method = read_start_method(in_, *method, json_pointer(path, "start_method"));
      check_start_method(in_, python_, *spec.start_method, json_pointer(path, "start_method"));
    }
    spec.syncs = read_syncs(in_, value, path);
    spec.tasks = read_task_headers(in_, value, path);
    spec.executors = read_executors(in_, value, path, python_);
    for (const ExecutorSpec& executor : spec.executors) {
      std::vector<std::string> taken = pool_sync_names(executor);
      for (const SyncSpec& sync : spec.syncs)
        if (std::find(taken.begin(), taken.end(), sync.name) != taken.end())
          in_.fail(json_pointer(json_pointer(path, "executors"), executor.name),
                   "executor " + quote(executor.name) + " names its queues and futures " + comma_list(taken) +
                       " (the waits on them show these names), but this process declares a " +
                       sync_kind_name(sync.kind) + " " + quote(sync.name) + " (rename one)");
    }
    for (const ExecutorSpec& executor : spec.executors)
      if (has_worker_processes(executor.kind) && spec.count)
        in_.fail(json_pointer(json_pointer(path, "executors"), executor.name),
                 "a process pool in a process with \"count\" (each copy would need its own worker processes; "
                 "declare the pool in a process without a count)");

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
    std::vector<NamedSpec> all_names = names;
    std::vector<NamedSpec> pool_names = pool_thread_names(spec.executors, path);
    all_names.insert(all_names.end(), pool_names.begin(), pool_names.end());
    check_pool_names(in_, names, spec.executors, path, ExecutorKind::thread, 32);
    check_unique_names(in_, all_names, "thread", "an executor's threads take its name");

    NameDirectory directory = NameDirectory::threads(spec.name, names);
    ThreadStarts starts(in_, directory, spec.threads.size());
    StepReader steps(in_, directory, starts, context, spec.syncs, *devices_, {spec.executors, spec.tasks});
    for (std::uint32_t i = 0; i < threads.size(); ++i) {
      if (const Json* script = JsonReader::find(threads[i], "steps"))
        spec.threads[i].steps = steps.read(*script, json_pointer(names[i].path, "steps"), i);
    }
    if (const Json* tasks = JsonReader::find(value, "tasks"))
      for (TaskSpec& task : spec.tasks) {
        std::string task_path = json_pointer(json_pointer(path, "tasks"), task.name);
        task.steps = steps.read_task(tasks->at(task.name).at("steps"), json_pointer(task_path, "steps"));
      }
    starts.finish(spec.threads, path);
    return spec;
  }

  // A thread without its steps.
  ThreadSpec thread_header(const Json& value, const std::string& path) {
    in_.object(value, path, "a thread", {"name", "count", "priority", "nice", "cpus", "steps"});
    ThreadSpec spec;
    std::string name_path = json_pointer(path, "name");
    spec.name = in_.string(in_.require(value, path, "name", R"(a thread needs "name")"), name_path);
    check_name(in_, spec.name, name_path, "thread");
    spec.count = count(value, path);
    os_settings(value, path, spec.os);
    return spec;
  }

  const JsonReader& in_;
  std::uint32_t cores_ = 1;
  std::string python_;  // the version the scenario names, for the start methods it has
  const std::vector<DeviceSpec>* devices_ = nullptr;
};

}  // namespace

Scenario load_scenario_text(std::string_view text, const std::string& label, const SizeLimits& limits) {
  Json root = parse_json(text, label);
  JsonReader in(label);
  if (!root.is_object()) in.fail("", "expected an object, got " + describe(root));
  Scenario scenario = ScenarioReader(in).scenario(root);
  if (std::optional<CoreCountProblem> problem = check_core_count(scenario, scenario.cores))
    in.fail(problem->pointer, problem->message);
  check_scenario_size(scenario, limits, label);
  return scenario;
}

std::optional<CoreCountProblem> check_core_count(const Scenario& scenario, std::uint32_t cores) {
  const std::string machine =
      std::to_string(cores) + (cores == 1 ? " core: 0" : " cores: 0 to " + std::to_string(cores - 1));
  const SchedulerSpec& spec = scenario.scheduler;
  if (spec.policy == SchedulerPolicy::cfs && spec.min_granularity) {
    CfsTunables cfs = cfs_tunables(spec, cores);
    if (cfs.min_granularity > cfs.latency)
      return CoreCountProblem{"/scheduler/min_granularity",
                              "min_granularity " + format_duration(cfs.min_granularity) + " is longer than latency " +
                                  format_duration(cfs.latency) +
                                  (spec.latency ? "" : " (the default on " + machine.substr(0, machine.find(':')) + ")") +
                                  " (a slice is at most the latency)"};
  }
  // Every listed core must exist: a thread pinned to a missing core could never run.
  auto check_cpus = [&](const OsSettings& os, const std::string& path, const std::string& who)
      -> std::optional<CoreCountProblem> {
    for (std::size_t i = 0; i < os.cpus.size(); ++i)
      if (os.cpus[i] >= cores)
        return CoreCountProblem{json_pointer(json_pointer(path, "cpus"), i),
                                "core " + std::to_string(os.cpus[i]) + " does not exist (" + who + "; the run has " +
                                    machine + ")"};
    return std::nullopt;
  };
  for (std::size_t p = 0; p < scenario.processes.size(); ++p) {
    const ProcessSpec& process = scenario.processes[p];
    std::string path = json_pointer("/processes", p);
    if (auto problem = check_cpus(process.os, path, "process " + process.name)) return problem;
    for (std::size_t t = 0; t < process.threads.size(); ++t)
      if (auto problem = check_cpus(process.threads[t].os, json_pointer(json_pointer(path, "threads"), t),
                                    "thread " + process.name + "/" + process.threads[t].name))
        return problem;
  }
  return std::nullopt;
}

Scenario load_scenario_file(const std::string& path, const SizeLimits& limits) {
  return load_scenario_text(read_scenario_text(path), scenario_label(path), limits);
}

}  // namespace gilsim
