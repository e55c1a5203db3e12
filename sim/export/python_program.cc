#include "export/python_program.h"

#include <algorithm>
#include <map>
#include <set>

#include "export/python_names.h"
#include "export/python_pools.h"
#include "export/python_runtime.h"
#include "export/python_steps.h"
#include "export/python_text.h"
#include "model/gil/registry.h"

namespace gilsim {

namespace {

std::string optional_int(const std::optional<std::int32_t>& value) {
  return value ? std::to_string(*value) : "None";
}

std::string count_code(const std::optional<std::uint32_t>& count) { return count ? std::to_string(*count) : "None"; }

std::string int_list(const std::vector<std::uint32_t>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + std::to_string(values[i]);
  return out + "]";
}

std::string string_list(const std::vector<std::string>& values, const std::string& indent) {
  if (values.empty()) return "[]";
  std::string out = "[\n";
  for (const std::string& v : values) out += indent + "    " + python_string(v) + ",\n";
  return out + indent + "]";
}

bool has_native(const std::vector<Step>& steps) {
  return std::any_of(steps.begin(), steps.end(), [](const Step& s) {
    return (s.kind == StepKind::compute && !s.holds_gil && !s.native_holds_gil) || has_native(s.body);
  });
}

bool has_held_native(const std::vector<Step>& steps) {
  return std::any_of(steps.begin(), steps.end(),
                     [](const Step& s) { return (s.kind == StepKind::compute && s.native_holds_gil) || has_held_native(s.body); });
}

const char* const kHowItWorks = R"(#
# It performs the scenario for real, with the standard library only (CPython
# 3.8 or later, or 2.7), and prints on stdout, as JSON, what happened: the
# makespan, each thread's start and finish, and each printed line with its
# time, thread and process, in the field names of `gilsim run --format json`.
# Printed lines also go to stderr as they happen. `gilsim verify` runs it and
# compares; by hand:
#
#     python3 this_file.py > measured.json
#
# How each step is performed (the runtime below):
#   compute            a bytecode loop, holding the GIL, until the thread's own
#                      CPU time (time.thread_time_ns) has advanced by the
#                      duration: time spent waiting for a core or the GIL does
#                      not count, as in the model
#   compute, no GIL    hashlib.pbkdf2_hmac (zlib.compress where hashlib has
#                      no OpenSSL), which releases the GIL, until the
#                      thread's CPU time has advanced by the duration
#   compute, "hold"    sum() over a range: C code that keeps the GIL
#   sleep              time.sleep
#   io                 select() on no file descriptor with a timeout: a
#                      blocking system call that releases the GIL, as a read
#                      from a socket does; a device is a semaphore of
#                      `channels` shared by all processes
#   print              the time, thread, process and text are recorded, then
#                      the text is written to stderr in one write() (stdout
#                      carries the JSON), as print() to a terminal does
#   start, join        threading.Thread.start() and join()
#   locks, events...   threading and queue; a lock may be released only by
#                      its holder, as gilsim has it
#   processes          multiprocessing (the platform's start method): the first
#                      process that starts at time 0 is this program's own and
#                      starts the others, a spawn step starts its process
# Threads that no start step names start with their process: its main thread
# starts them, in declaration order, before its own steps.
# Times are time.perf_counter_ns() (CLOCK_MONOTONIC, one clock for all
# processes) minus the instant the first process took at the start, in
# integer nanoseconds. The scenario's cores are the first cores this program
# may use (os.sched_setaffinity), and a cpus entry k is the k-th of those.
# What the scenario says about the machine is not set but measured: timer
# slack, context switches, GIL hand-off latency, cpython2's costs, the
# interpreter's single-thread overhead, the kernel's scheduler settings, and
# start_cost (a spawn costs what Process.start() costs).
)";

std::vector<std::string> header(const Scenario& scenario, const ExportOptions& options) {
  const bool python2 = scenario.gil.model == GilModel::cpython2;
  std::vector<std::string> lines = {python2 ? "#!/usr/bin/env python2.7" : "#!/usr/bin/env python3",
                                    "# -*- coding: utf-8 -*-", "#"};
  for (std::string& line : comment_lines(scenario.name)) lines.push_back(std::move(line));
  if (!scenario.description.empty()) {
    lines.push_back("#");
    for (std::string& line : comment_lines(scenario.description)) lines.push_back(std::move(line));
  }
  lines.push_back("#");
  std::string from = "Exported by `gilsim export-python`";
  if (!options.source.empty()) from += " from " + options.source;
  for (std::string& line : comment_lines(from)) lines.push_back(std::move(line));
  if (!options.notes.empty()) {
    std::string with = "# with";
    for (const std::string& note : options.notes) with += " " + note;
    lines.push_back(with);
  }
  return lines;
}

const char* role_name(ThreadRole role) {
  switch (role) {
    case ThreadRole::declared: return "declared";
    case ThreadRole::pool_worker: return "pool_worker";
    case ThreadRole::pool_manager: return "pool_manager";
    case ThreadRole::pool_feeder: return "pool_feeder";
    case ThreadRole::queue_feeder: return "queue_feeder";
  }
  return "?";
}

// Every thread's function; a pool's own threads (its workers, manager and
// feeder) have none: they run CPython's code.
void write_functions(const Scenario& scenario, const std::vector<ProcessPythonNames>& names,
                     std::vector<std::string>& lines) {
  for (std::size_t p = 0; p < scenario.processes.size(); ++p) {
    const ProcessSpec& process = scenario.processes[p];
    for (std::size_t t = 0; t < process.threads.size(); ++t) {
      const ThreadSpec& thread = process.threads[t];
      if (names[p].threads[t].empty()) continue;
      std::string what = "Thread \"" + thread.name + "\" of process \"" + process.name + "\"";
      if (thread.count) what += ", " + std::to_string(*thread.count) + " copies";
      if (t == 0) what += ": the process's main thread";
      else if (!thread.started_by_step) what += ": starts with its process";
      lines.push_back("");
      lines.push_back("");
      for (std::string& line : comment_lines(what + ".")) lines.push_back(std::move(line));
      lines.push_back("def " + names[p].threads[t] + "(me):");
      write_futures_lists(process, names[p], thread.steps, lines);
      write_python_steps(scenario, process, names[p], thread.steps, 1, lines);
      if (t == 0) write_exit_shutdowns(process, names[p], lines);
    }
  }
}

void write_settings(const Scenario& scenario, std::vector<std::string>& lines) {
  std::set<std::uint32_t> cpus;
  std::int32_t lowest_nice = 0;
  bool native = false, held_native = false;
  for (const ProcessSpec& process : scenario.processes) {
    cpus.insert(process.os.cpus.begin(), process.os.cpus.end());
    lowest_nice = std::min(lowest_nice, process.os.nice.value_or(0));
    for (const ThreadSpec& thread : process.threads) {
      cpus.insert(thread.os.cpus.begin(), thread.os.cpus.end());
      lowest_nice = std::min(lowest_nice, thread.os.nice.value_or(0));
      native = native || has_native(thread.steps);
      held_native = held_native || has_held_native(thread.steps);
    }
    for (const TaskSpec& task : process.tasks) {
      native = native || has_native(task.steps);
      held_native = held_native || has_held_native(task.steps);
    }
  }
  std::vector<std::string> settings = {
      "SETTINGS = {",
      "    \"name\": " + python_string(scenario.name) + ",",
      "    \"description\": " + python_string(scenario.description) + ",",
      "    \"cores\": " + std::to_string(scenario.cores) + ",",
      std::string("    \"gil_model\": \"") + gil_model_name(scenario.gil.model) + "\",",
      "    \"switch_interval_ns\": " + std::to_string(scenario.gil.switch_interval) + ",  # sys.setswitchinterval",
      "    \"check_interval_ticks\": " + std::to_string(check_interval_ticks(scenario.gil.check_interval)) +
          ",  # Python 2's sys.setcheckinterval",
      std::string("    \"policy\": \"") + policy_name(scenario.scheduler.policy) + "\",",
      "    \"lowest_nice\": " + std::to_string(lowest_nice) + ",",
      "    \"cpus_used\": " + int_list({cpus.begin(), cpus.end()}) + ",  # the cores that cpus entries name",
      std::string("    \"native\": ") + (native ? "True" : "False") + ",  # some compute step is native code",
      std::string("    \"held_native\": ") + (held_native ? "True" : "False") +
          ",  # some compute step is native code that keeps the GIL",
      std::string("    \"stdout\": \"") + stdout_buffering_name(scenario.stdout_buffering) +
          "\",  # how print() writes: line, unbuffered or block",
      "    \"not_reproduced\": " + string_list(static_not_reproduced(scenario), "    ") + ",",
      "}",
  };
  lines.insert(lines.end(), settings.begin(), settings.end());
  std::string devices = "DEVICES = {";
  for (std::size_t d = 0; d < scenario.devices.size(); ++d)
    devices += (d ? ", " : "") + python_string(scenario.devices[d].name) + ": " +
               std::to_string(scenario.devices[d].channels);
  lines.push_back(devices + "}  # channels of each device");
  std::string queues = "MP_QUEUES = {";
  std::string objects = "MP_SHARED = {";
  for (const SyncSpec& s : scenario.shared_syncs) {
    if (is_mp_queue(s.kind)) {
      queues += (queues.back() == '{' ? "" : ", ") + python_string(s.name) + ": (\"" + sync_kind_name(s.kind) +
                "\", " + std::to_string(s.value) + ", " + std::to_string(s.capacity) + ")";
    } else {
      objects += (objects.back() == '{' ? "" : ", ") + python_string(s.name) + ": (\"" + sync_kind_name(s.kind) +
                 "\", " + std::to_string(s.value) + ", " + (s.bounded ? "True" : "False") + ", " +
                 (s.locked ? "True" : "False") + ", " + std::to_string(s.capacity) + ")";
    }
  }
  lines.push_back(queues + "}  # multiprocessing queues: kind, maxsize, the pipe's capacity in bytes");
  lines.push_back(objects + "}  # mp_shared: kind, a semaphore's value and bounded, made with a lock, bytes");
}

void write_processes(const Scenario& scenario, const std::vector<ProcessPythonNames>& names,
                     std::vector<std::string>& lines) {
  lines.push_back("PROCESSES = [");
  for (std::size_t p = 0; p < scenario.processes.size(); ++p) {
    const ProcessSpec& process = scenario.processes[p];
    lines.push_back("    {\"name\": " + python_string(process.name) + ", \"count\": " + count_code(process.count) +
                    ", \"gil\": " + (process.gil ? "True" : "False") +
                    ", \"spawned\": " + (process.spawned_by_step ? "True" : "False") +
                    ", \"start_method\": " + python_string(start_method_name(start_method_of(scenario, process))) + ",");
    lines.push_back("     \"cpus\": " + int_list(process.os.cpus) + ", \"priority\": " +
                    optional_int(process.os.priority) + ", \"nice\": " + optional_int(process.os.nice) + ",");
    if (!process.executors.empty())
      lines.push_back("     \"process_pools\": " + string_list(process_pool_names(scenario, process), "     ") +
                      ",  # its process pools' worker processes");
    else
      lines.push_back("     \"process_pools\": [],");
    // (an executor's queues and futures are concurrent.futures' own)
    std::vector<const SyncSpec*> syncs;
    for (const SyncSpec& sync : process.syncs)
      if (!sync.pool) syncs.push_back(&sync);
    if (syncs.empty()) lines.push_back("     \"syncs\": [],");
    else lines.push_back("     \"syncs\": [  # name, kind, semaphore's value or queue's maxsize, bounded");
    for (const SyncSpec* sync : syncs)
      lines.push_back("         (" + python_string(sync->name) + ", \"" + sync_kind_name(sync->kind) + "\", " +
                      std::to_string(sync->value) + ", " + (sync->bounded ? "True" : "False") + "),");
    if (!syncs.empty()) lines.push_back("     ],");
    lines.push_back("     \"threads\": [");
    for (std::size_t t = 0; t < process.threads.size(); ++t) {
      const ThreadSpec& thread = process.threads[t];
      const std::string& function = names[p].threads[t];
      lines.push_back("         {\"name\": " + python_string(thread.name) + ", \"count\": " + count_code(thread.count) +
                      ", \"function\": " + (function.empty() ? "None" : function) + ", \"started_by_step\": " +
                      (thread.started_by_step ? "True" : "False") + ", \"role\": \"" + role_name(thread.role) +
                      "\",");
      lines.push_back("          \"cpus\": " + int_list(thread.os.cpus) + ", \"priority\": " +
                      optional_int(thread.os.priority) + ", \"nice\": " + optional_int(thread.os.nice) + "},");
    }
    lines.push_back("     ]},");
  }
  lines.push_back("]");
}

}  // namespace

std::int64_t check_interval_ticks(Time check_interval) {
  return std::max<std::int64_t>(1, (check_interval * 100 + 5 * kMicrosecond / 2) / (5 * kMicrosecond));
}

std::vector<std::vector<std::string>> python_function_names(const Scenario& scenario) {
  std::vector<std::vector<std::string>> out;
  for (ProcessPythonNames& names : python_names(scenario)) out.push_back(std::move(names.threads));
  return out;
}

std::vector<std::string> static_not_reproduced(const Scenario& scenario) {
  std::vector<std::string> out;
  if (scenario.start_together)
    out.push_back("start_together: a program cannot start its threads and processes all at once for nothing; its "
                  "main thread starts them one by one, as gilsim does without start_together");
  const SchedulerSpec& s = scenario.scheduler;
  if (s.policy == SchedulerPolicy::priority) {
    if (s.aging > 0)
      out.push_back("scheduler.aging " + format_duration(s.aging) +
                    ": Linux's real-time policies do not age priorities (a waiting thread keeps its level)");
    if (s.quantum != 100 * kMillisecond)
      out.push_back("scheduler.quantum " + format_duration(s.quantum) +
                    ": SCHED_RR rotates a level every /proc/sys/kernel/sched_rr_timeslice_ms (100 ms by default), "
                    "a setting of the kernel, not of the program");
  }
  if (s.policy == SchedulerPolicy::cfs) {
    auto tunable = [&](const char* name, const std::optional<Time>& value) {
      if (value)
        out.push_back(std::string("scheduler.") + name + " " + format_duration(*value) +
                      ": a setting of the kernel's scheduler, not of the program: the machine's own applies");
    };
    tunable("latency", s.latency);
    tunable("min_granularity", s.min_granularity);
    tunable("wakeup_granularity", s.wakeup_granularity);
  }
  return out;
}

std::string export_python(const Scenario& scenario, const ExportOptions& options) {
  std::vector<std::string> lines = header(scenario, options);
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  out += kHowItWorks;
  // The user's threads first, then the runtime they call (names are looked
  // up when the functions run, so the order is free).
  lines = {"", "# " + std::string(75, '-'), "# The scenario: one function per thread script. `me` is the thread",
           "# (ScriptThread in the runtime below); its methods are the steps.", "# " + std::string(75, '-')};
  const std::vector<ProcessPythonNames> names = python_names(scenario);
  write_functions(scenario, names, lines);
  write_task_functions(scenario, names, lines);
  lines.push_back("");
  lines.push_back("");
  write_settings(scenario, lines);
  write_processes(scenario, names, lines);
  lines.push_back("");
  lines.push_back("");
  for (const std::string& line : lines) out += line + "\n";
  out += python_runtime_core();
  out += python_runtime_threads();
  out += python_runtime_processes();
  out += python_runtime_shared();
  out += python_runtime_pools();
  out += "\n\nPROCESS_COPIES, PROCESSES_NAMED, STARTING_PROCESSES = _index_processes()\n";
  lines.clear();
  write_executors(scenario, names, lines);
  if (!lines.empty()) {
    out += "\n# " + std::string(75, '-') + "\n# The executors, at module level as a program has them (here, after the\n"
           "# runtime, whose initializers they name). Every OS process of the program\n"
           "# makes them; only the process that owns one submits to it.\n# " + std::string(75, '-') + "\n";
    for (const std::string& line : lines) out += line + "\n";
  }
  out += "\nif __name__ == \"__main__\":\n    sys.exit(_launch())\n";
  return out;
}

}  // namespace gilsim
