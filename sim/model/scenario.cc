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

bool has_mp_queues(const Scenario& scenario) {
  // The queues come first among the shared primitives.
  return !scenario.shared_syncs.empty() && is_mp_queue(scenario.shared_syncs.front().kind);
}

bool has_shared_memory(const Scenario& scenario) {
  for (const SyncSpec& s : scenario.shared_syncs)
    if (is_shared_memory(s.kind)) return true;
  return false;
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
  switch (kind) {
    case ExecutorKind::thread: return "thread";
    case ExecutorKind::process: return "process";
    case ExecutorKind::mp_pool: return "mp_pool";
  }
  return "?";
}

std::uint32_t default_max_workers(ExecutorKind kind, std::uint32_t cores) {
  if (has_worker_processes(kind)) return cores;
  return cores + 4 < 32 ? cores + 4 : 32;
}

std::vector<std::string> pool_sync_names(const ExecutorSpec& executor) {
  if (executor.kind == ExecutorKind::thread) return {executor.name + ".work_queue", executor.name + ".futures"};
  if (executor.kind == ExecutorKind::mp_pool)  // Pool's _taskqueue, its results (cache), _inqueue, _outqueue
    return {executor.name + ".taskqueue", executor.name + ".results", executor.name + ".inqueue",
            executor.name + ".outqueue"};
  return {executor.name + ".work_ids", executor.name + ".futures", executor.name + ".call_queue",
          executor.name + ".result_queue"};
}

std::string pool_manager_name(const ExecutorSpec& executor) {
  return executor.name + (executor.kind == ExecutorKind::mp_pool ? "-result_handler" : "-manager");
}

std::string pool_feeder_name(const ExecutorSpec& executor) {
  return executor.name + (executor.kind == ExecutorKind::mp_pool ? "-task_handler" : "-feeder");
}

std::int64_t map_chunksize(ExecutorKind kind, std::uint32_t chunksize, std::int64_t items, std::uint32_t workers) {
  if (kind == ExecutorKind::thread) return 1;  // Executor.map ignores it
  if (chunksize > 0) return chunksize;
  if (kind == ExecutorKind::process) return 1;
  // Lib/multiprocessing/pool.py _map_async: divmod(len(iterable), len(self._pool) * 4), plus one for a remainder.
  std::int64_t per = 4 * static_cast<std::int64_t>(workers);
  return items == 0 ? 1 : (items + per - 1) / per;
}

// A pool's workers are copies of one spec: a thread spec of its process, or a
// process spec of their own (ExecutorSpec::workers_spec).
void set_cores(Scenario& scenario, std::uint32_t cores) {
  scenario.cores = cores;
  for (ProcessSpec& process : scenario.processes) {
    for (ExecutorSpec& executor : process.executors) {
      executor.workers = executor.max_workers.value_or(default_max_workers(executor.kind, cores));
      if (!has_worker_processes(executor.kind))
        process.threads[executor.workers_spec].count = executor.workers;
      else
        scenario.processes[executor.workers_spec].count = executor.workers;
    }
  }
}


}  // namespace gilsim
