#pragma once
// Who is in a run: processes and threads with their indices and names, copies
// expanded, in declaration order (process, then thread, then copy number).
// Names are made on demand so that a million threads cost 12 bytes each here.

#include <cstdint>
#include <string>
#include <vector>

#include "model/observer.h"
#include "model/scenario.h"

namespace gilsim {

struct ProcessInfo {
  std::uint32_t spec = 0;  // index into Scenario::processes
  std::uint32_t copy = 0;
  bool gil = true;  // has_gil(spec, scenario's gil)
  ThreadIndex first_thread = 0;
  std::uint32_t thread_count = 0;
  SyncIndex first_sync = 0;  // its primitives are first_sync + ProcessSpec::syncs index
};

// The process of a multiprocessing queue (Scenario::shared_syncs): none owns it.
inline constexpr ProcessIndex kSharedProcess = UINT32_MAX;

struct SyncInfo {
  ProcessIndex process = 0;  // kSharedProcess: one of the scenario's mp_queues
  std::uint32_t spec = 0;    // index into ProcessSpec::syncs, or into Scenario::shared_syncs
};

// An executor of a process copy (ProcessSpec::executors[spec] of `process`).
struct ExecutorInfo {
  ProcessIndex process = 0;
  std::uint32_t spec = 0;
};

struct ThreadInfo {
  ProcessIndex process = 0;
  std::uint32_t spec = 0;  // index into ProcessSpec::threads
  std::uint32_t copy = 0;
};

// The roster's rules asked per spec, without expanding every thread: the
// size check must refuse a scenario of 10^12 threads before anything is
// allocated for them, and compare describes its points from the specs. The
// Roster below expands copies by these same functions.

// Per thread spec of `process`, its copies in each process copy (what
// compile_script's `thread_counts` are).
std::vector<std::uint32_t> thread_counts(const ProcessSpec& process);
// The threads of one copy of `process`. Exact in 64 bits: each count is at
// most a million, and a scenario file has far fewer than 2^44 thread specs.
std::uint64_t threads_per_copy(const ProcessSpec& process);

// Whether the processes of this spec have a GIL: "gil": true (the default)
// under a model that has one; gil.model none makes every process
// free-threaded. ProcessInfo::gil is this; nothing else should decide it.
bool has_gil(const ProcessSpec& process, const GilSpec& gil);

// What the Roster of `scenario` will hold, every copy counted, saturating at
// UINT64_MAX (so it may be asked of a scenario the size check has not seen).
struct Headcount {
  std::uint64_t processes = 0;
  std::uint64_t threads = 0;
  std::uint64_t with_gil = 0;  // processes that have a GIL (has_gil)
};
Headcount headcount(const Scenario& scenario);

class Roster {
 public:
  explicit Roster(const Scenario& scenario);

  const std::vector<ProcessInfo>& processes() const { return processes_; }
  const std::vector<ThreadInfo>& threads() const { return threads_; }
  const std::vector<SyncInfo>& syncs() const { return syncs_; }
  // Every executor, in process order (a pool's worker processes have none of their own).
  const std::vector<ExecutorInfo>& executors() const { return executors_; }
  const ExecutorSpec& executor_spec(std::uint32_t e) const {
    return scenario_->processes[processes_[executors_[e].process].spec].executors[executors_[e].spec];
  }
  std::string executor_full_name(std::uint32_t e) const;  // "app/pool"
  const SyncSpec& sync_spec(SyncIndex s) const {
    if (syncs_[s].process == kSharedProcess) return scenario_->shared_syncs[syncs_[s].spec];
    return scenario_->processes[processes_[syncs_[s].process].spec].syncs[syncs_[s].spec];
  }
  // The scenario's multiprocessing queues follow every process's primitives.
  SyncIndex shared_sync(std::uint32_t queue) const { return first_shared_sync_ + queue; }
  const std::string& sync_name(SyncIndex s) const { return sync_spec(s).name; }  // "L1"
  std::string sync_full_name(SyncIndex s) const;                                 // "app/L1"
  const std::string& device_name(DeviceIndex d) const { return scenario_->devices[d].name; }
  std::uint32_t cores() const { return scenario_->cores; }
  const Scenario& scenario() const { return *scenario_; }

  std::string process_name(ProcessIndex p) const;  // "app" or "app-2"
  std::string thread_name(ThreadIndex t) const;    // "worker-1"
  std::string full_name(ThreadIndex t) const;      // "app/worker-1"
  // Appends full_name(t) to `out` without allocating (once `out` has room).
  void append_full_name(std::string& out, ThreadIndex t) const;
  // The thread index of copy `copy` of thread spec `spec` in process `p`.
  ThreadIndex thread_index(ProcessIndex p, std::uint32_t spec, std::uint32_t copy) const;
  // Copy `copy` of process spec `spec`.
  ProcessIndex process_index(std::uint32_t spec, std::uint32_t copy) const { return first_process_[spec] + copy; }

 private:
  const Scenario* scenario_;
  std::vector<ProcessInfo> processes_;
  std::vector<ThreadInfo> threads_;
  std::vector<SyncInfo> syncs_;
  std::vector<ExecutorInfo> executors_;
  // Per process spec: offset of each thread spec's first copy within a process copy.
  std::vector<std::vector<std::uint32_t>> spec_offsets_;
  std::vector<ProcessIndex> first_process_;  // per process spec
  SyncIndex first_shared_sync_ = 0;
};

}  // namespace gilsim
