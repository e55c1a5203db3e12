#include "scenario/executors.h"

#include <cmath>

#include "scenario/comment_keys.h"
#include "scenario/spelling.h"
#include "scenario/start_method.h"

namespace gilsim {

namespace {

constexpr std::int64_t kMaxWorkers = 4096;
constexpr std::uint64_t kMaxBytes = 1ULL << 40;  // 1 TiB: a pickled argument no machine sends

struct Unit {
  const char* suffix;
  double bytes;
};
const Unit kUnits[] = {{"KiB", 1024.0}, {"MiB", 1048576.0}, {"GiB", 1073741824.0}, {"KB", 1e3},
                       {"MB", 1e6},     {"GB", 1e9},        {"B", 1.0}};

}  // namespace

std::uint64_t read_byte_size(const JsonReader& in, const Json& value, const std::string& path) {
  const std::string example = R"(a size such as "100KB", "1.5MiB" or "512B")";
  if (value.is_number_integer() && value.get<std::int64_t>() == 0) return 0;
  if (!value.is_string()) in.fail(path, "expected " + example + ", got " + describe(value));
  std::string text = value.get<std::string>();
  for (const Unit& unit : kUnits) {
    std::string suffix = unit.suffix;
    if (text.size() <= suffix.size() || text.compare(text.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    std::string number = text.substr(0, text.size() - suffix.size());
    bool plain = !number.empty() && number.find_first_not_of("0123456789.") == std::string::npos &&
                 number.front() != '.' && number.back() != '.' && number.find('.') == number.rfind('.');
    if (!plain) break;
    double bytes = std::stod(number) * unit.bytes;
    if (!(bytes <= static_cast<double>(kMaxBytes)))
      in.fail(path, "size " + quote_short(text, 60) + " is more than 1TiB");
    return static_cast<std::uint64_t>(std::llround(bytes));
  }
  in.fail(path, "invalid size " + quote_short(text, 60) + " (expected " + example + "; units B, KB, MB, GB, KiB, MiB, GiB)");
}

std::vector<TaskSpec> read_task_headers(const JsonReader& in, const Json& process, const std::string& path) {
  std::vector<TaskSpec> tasks;
  const Json* value = JsonReader::find(process, "tasks");
  if (value == nullptr) return tasks;
  std::string tasks_path = json_pointer(path, "tasks");
  if (!value->is_object())
    in.fail(tasks_path, R"(expected an object of tasks such as {"fetch": {"steps": [{"io": "8ms"}]}}, got )" +
                            describe(*value));
  for (const auto& member : value->items()) {
    if (is_comment_key(member.key())) continue;
    std::string task_path = json_pointer(tasks_path, member.key());
    check_name(in, member.key(), task_path, "task");
    in.object(member.value(), task_path, "a task", {"steps", "args", "result"});
    TaskSpec task;
    task.name = member.key();
    in.require(member.value(), task_path, "steps", R"(a task needs "steps")");
    if (const Json* args = JsonReader::find(member.value(), "args"))
      task.args_bytes = read_byte_size(in, *args, json_pointer(task_path, "args"));
    if (const Json* result = JsonReader::find(member.value(), "result"))
      task.result_bytes = read_byte_size(in, *result, json_pointer(task_path, "result"));
    tasks.push_back(std::move(task));
  }
  return tasks;
}

std::vector<ExecutorSpec> read_executors(const JsonReader& in, const Json& process, const std::string& path,
                                         const std::string& python) {
  std::vector<ExecutorSpec> executors;
  const Json* value = JsonReader::find(process, "executors");
  if (value == nullptr) return executors;
  std::string executors_path = json_pointer(path, "executors");
  if (!value->is_object())
    in.fail(executors_path, R"(expected an object of executors such as {"pool": {"kind": "thread", "max_workers": 4}}, got )" +
                                describe(*value));
  for (const auto& member : value->items()) {
    if (is_comment_key(member.key())) continue;
    std::string executor_path = json_pointer(executors_path, member.key());
    check_name(in, member.key(), executor_path, "executor");
    in.object(member.value(), executor_path, "an executor", {"kind", "max_workers", "start_method"});
    ExecutorSpec executor;
    executor.name = member.key();
    std::string kind_path = json_pointer(executor_path, "kind");
    std::string kind = in.string(in.require(member.value(), executor_path, "kind",
                                            R"(an executor needs "kind": "thread" or "process")"),
                                 kind_path);
    if (kind == "thread") {
      executor.kind = ExecutorKind::thread;
    } else if (kind == "process") {
      executor.kind = ExecutorKind::process;
    } else if (kind == "mp_pool") {
      executor.kind = ExecutorKind::mp_pool;
    } else {
      in.fail(kind_path, "unknown executor kind " + quote_short(kind, 60) + " (" +
                             did_you_mean(kind, {"thread", "process", "mp_pool"}) +
                             "valid: thread (ThreadPoolExecutor), process (ProcessPoolExecutor), mp_pool "
                             "(multiprocessing.Pool))");
    }
    if (const Json* workers = JsonReader::find(member.value(), "max_workers"))
      executor.max_workers =
          static_cast<std::uint32_t>(in.integer(*workers, json_pointer(executor_path, "max_workers"), 1, kMaxWorkers));
    if (const Json* method = JsonReader::find(member.value(), "start_method")) {
      std::string method_path = json_pointer(executor_path, "start_method");
      if (!has_worker_processes(executor.kind))
        in.fail(method_path, "a thread pool starts no process (\"start_method\" is a process pool's mp_context)");
      executor.start_method = read_start_method(in, *method, method_path);
      check_start_method(in, python, *executor.start_method, method_path);
    }
    executors.push_back(std::move(executor));
  }
  return executors;
}

std::vector<NamedSpec> pool_thread_names(const std::vector<ExecutorSpec>& executors, const std::string& path) {
  std::vector<NamedSpec> names;
  for (const ExecutorSpec& executor : executors) {
    std::string at = json_pointer(json_pointer(path, "executors"), executor.name);
    if (executor.kind == ExecutorKind::thread) {
      names.push_back({executor.name, executor.max_workers.value_or(32), at});  // NAME-1 ... as well
    } else {
      names.push_back({pool_manager_name(executor), std::nullopt, at});
      names.push_back({pool_feeder_name(executor), std::nullopt, at});
    }
  }
  return names;
}

void check_pool_names(const JsonReader& in, const std::vector<NamedSpec>& declared,
                      const std::vector<ExecutorSpec>& executors, const std::string& path, ExecutorKind kind,
                      std::uint32_t unset_workers) {
  const std::string what = kind == ExecutorKind::thread ? "thread" : "process";
  const std::string whats = what == "thread" ? "threads" : "processes";
  for (const ExecutorSpec& executor : executors) {
    const std::string at = json_pointer(json_pointer(path, "executors"), executor.name);
    const std::string& name = executor.name;
    if (has_worker_processes(executor.kind) != has_worker_processes(kind)) {
      if (kind != ExecutorKind::thread) continue;
      // A process pool's manager and feeder threads in its own process.
      for (const NamedSpec& d : declared)
        if (d.name == pool_manager_name(executor) || d.name == pool_feeder_name(executor))
          in.fail(at, "executor " + quote(name) + " names its threads " + quote(pool_manager_name(executor)) +
                          " and " + quote(pool_feeder_name(executor)) + ", but " + quote(d.name) +
                          " is already the name of " + d.path + " (rename one)");
      continue;
    }
    const std::uint32_t workers = executor.max_workers.value_or(unset_workers);
    const std::string range =
        quote(name + "-1") + (executor.max_workers ? " to " + quote(name + "-" + std::to_string(workers))
                                                   : ", " + quote(name + "-2") + " and so on");
    const std::string named =
        "executor " + quote(name) + " names its worker " + whats + " " + range +
        (executor.max_workers ? ""
                              : kind == ExecutorKind::thread
                                  ? " (max_workers unset: CPython's default, min(32, cores + 4))"
                                  : " (max_workers unset: CPython's default, one per core)");
    for (const NamedSpec& d : declared) {
      if (d.name == name)
        in.fail(at, "executor " + quote(name) + " has the name of " + what + " " + d.path + " (its workers are " +
                        whats + " " + range + "; rename one)");
      if (std::optional<CopyName> split = split_copy_name(d.name); split && split->base == name && split->copy < workers)
        in.fail(executor.max_workers ? json_pointer(at, "max_workers") : at,
                named + ", but " + quote(d.name) + " is already the name of " + d.path + " (rename one" +
                    (executor.max_workers ? ", or lower max_workers)" : ", or set a lower max_workers)"));
      if (std::optional<CopyName> split = split_copy_name(name); split && d.count && split->base == d.name &&
                                                                 split->copy < *d.count)
        in.fail(at, "executor " + quote(name) + " has the name of a copy of " + what + " " + quote(d.name) + " (" +
                        d.path + " has count " + std::to_string(*d.count) + "; a pool's workers are " + whats +
                        " named after it; rename one)");
    }
  }
}

void add_pool_specs(Scenario& scenario, std::uint32_t p) {
  for (std::uint32_t e = 0; e < scenario.processes[p].executors.size(); ++e) {
    ProcessSpec& owner = scenario.processes[p];
    ExecutorSpec& executor = owner.executors[e];
    executor.first_sync = static_cast<std::uint32_t>(owner.syncs.size());
    std::vector<std::string> names = pool_sync_names(executor);
    for (std::size_t i = 0; i < names.size(); ++i) {
      bool futures = i == static_cast<std::size_t>(PoolSync::futures);
      owner.syncs.push_back({.name = names[i], .kind = futures ? SyncKind::event : SyncKind::queue, .pool = true});
    }
    auto pool_thread = [&](std::string name, ThreadRole role) {
      ThreadSpec thread;
      thread.name = std::move(name);
      thread.role = role;
      thread.executor = e;
      thread.started_by_step = true;
      thread.os = owner.os;
      return thread;
    };
    if (executor.kind == ExecutorKind::thread) {
      executor.workers_spec = static_cast<std::uint32_t>(owner.threads.size());
      owner.threads.push_back(pool_thread(executor.name, ThreadRole::pool_worker));
      continue;
    }
    executor.manager = static_cast<std::uint32_t>(owner.threads.size());
    owner.threads.push_back(pool_thread(pool_manager_name(executor), ThreadRole::pool_manager));
    executor.feeder = static_cast<std::uint32_t>(owner.threads.size());
    owner.threads.push_back(pool_thread(pool_feeder_name(executor), ThreadRole::pool_feeder));
    executor.workers_spec = static_cast<std::uint32_t>(scenario.processes.size());
    ProcessSpec workers;
    workers.name = executor.name;
    workers.gil = owner.gil;
    workers.os = owner.os;
    workers.spawned_by_step = true;
    workers.start_method = executor.start_method;
    workers.pool_owner = p;
    workers.pool_executor = e;
    ThreadSpec main;
    main.name = "main";
    main.role = ThreadRole::pool_worker;
    main.executor = e;
    workers.threads.push_back(std::move(main));
    scenario.processes.push_back(std::move(workers));  // `owner` and `executor` are not used after this
  }
}

}  // namespace gilsim
