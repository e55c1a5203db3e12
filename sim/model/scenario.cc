#include "model/scenario.h"

namespace gilsim {

const char* stdout_buffering_name(StdoutBuffering b) {
  switch (b) {
    case StdoutBuffering::line: return "line";
    case StdoutBuffering::unbuffered: return "unbuffered";
    case StdoutBuffering::block: return "block";
  }
  return "?";
}

Time apply_overhead(Time d, std::int64_t overhead) {
  if (overhead == kOverheadUnit) return d;
  // d * overhead / U in two parts, so no product overflows: d = q U + r.
  Time q = d / kOverheadUnit, r = d % kOverheadUnit;
  Time fraction = (r * overhead + kOverheadUnit / 2) / kOverheadUnit;  // r < 1e6, overhead <= 1e8: fits
  if (q > (kTimeMax - fraction) / overhead) return kTimeMax;
  return q * overhead + fraction;
}

const char* start_method_name(StartMethod method) {
  switch (method) {
    case StartMethod::fork: return "fork";
    case StartMethod::forkserver: return "forkserver";
    case StartMethod::spawn: return "spawn";
  }
  return "?";
}

Time process_start_cost(const CostSpec& costs, StartMethod method) {
  switch (method) {
    case StartMethod::fork: return costs.process_start;
    case StartMethod::forkserver: return costs.forkserver_start;
    case StartMethod::spawn: return costs.spawn_start;
  }
  return 0;
}

Time process_boot(const CostSpec& costs, StartMethod method) {
  switch (method) {
    case StartMethod::fork: return 0;  // the child runs after process_start_latency
    case StartMethod::forkserver: return costs.forkserver_boot;
    case StartMethod::spawn: return costs.spawn_boot;
  }
  return 0;
}

const char* executor_kind_name(ExecutorKind kind) {
  return kind == ExecutorKind::thread ? "thread" : "process";
}

std::uint32_t default_max_workers(ExecutorKind kind, std::uint32_t cores) {
  if (kind == ExecutorKind::process) return cores;
  return cores + 4 < 32 ? cores + 4 : 32;
}

std::vector<std::string> pool_sync_names(const ExecutorSpec& executor) {
  if (executor.kind == ExecutorKind::thread) return {executor.name + ".work_queue", executor.name + ".futures"};
  return {executor.name + ".work_ids", executor.name + ".futures", executor.name + ".call_queue",
          executor.name + ".result_queue"};
}

// A pool's workers are copies of one spec: a thread spec of its process, or a
// process spec of their own (ExecutorSpec::workers_spec).
void set_cores(Scenario& scenario, std::uint32_t cores) {
  scenario.cores = cores;
  for (ProcessSpec& process : scenario.processes) {
    for (ExecutorSpec& executor : process.executors) {
      executor.workers = executor.max_workers.value_or(default_max_workers(executor.kind, cores));
      if (executor.kind == ExecutorKind::thread)
        process.threads[executor.workers_spec].count = executor.workers;
      else
        scenario.processes[executor.workers_spec].count = executor.workers;
    }
  }
}

}  // namespace gilsim
