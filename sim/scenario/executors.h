#pragma once
// A process's concurrent.futures declarations ("tasks" and "executors",
// docs/pools.md) and the specs the loader makes for them: a thread pool's
// worker threads, a process pool's worker processes and its manager and
// feeder threads in the owning process.

#include <cstdint>
#include <string>
#include <vector>

#include "model/scenario.h"
#include "scenario/json_reader.h"
#include "scenario/names.h"

namespace gilsim {

// The process keys these declarations take.
inline const std::vector<std::string> kPoolKeys = {"tasks", "executors"};

// "100KB", "1.5MiB", "512B" or 0: bytes (KB = 1000, KiB = 1024).
std::uint64_t read_byte_size(const JsonReader& in, const Json& value, const std::string& path);

// The tasks of `process` (at `path`) without their steps, and its executors
// (whose start methods the scenario's `python` version must have).
std::vector<TaskSpec> read_task_headers(const JsonReader& in, const Json& process, const std::string& path);
std::vector<ExecutorSpec> read_executors(const JsonReader& in, const Json& process, const std::string& path,
                                         const std::string& python);

// The names the executors' threads take in their process, for the uniqueness
// check beside the declared threads: NAME (copies) for a thread pool,
// NAME-manager and NAME-feeder for a process pool.
std::vector<NamedSpec> pool_thread_names(const std::vector<ExecutorSpec>& executors, const std::string& path);

// Refuses a declared thread (`kind` thread: the threads of the process at
// `path`) or process (`kind` process: every process, `path` the executors'
// process) whose name the workers of `executors` of that kind would take
// (NAME-1 ... NAME-max_workers; with max_workers unset, as many as the largest
// default could make, `unset_workers`), or a process pool's NAME-manager and
// NAME-feeder threads: a message naming the executor and the clash.
void check_pool_names(const JsonReader& in, const std::vector<NamedSpec>& declared,
                      const std::vector<ExecutorSpec>& executors, const std::string& path, ExecutorKind kind,
                      std::uint32_t unset_workers);

// Adds the specs that run process spec `p`'s executors (its thread specs, and
// process specs at the end of the scenario) and links them (ExecutorSpec's
// workers_spec, manager, feeder). Sizes follow scenario.cores (set_cores).
void add_pool_specs(Scenario& scenario, std::uint32_t p);

}  // namespace gilsim
