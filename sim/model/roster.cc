#include "model/roster.h"

#include "model/gil/registry.h"
#include "model/saturating.h"

namespace gilsim {

std::vector<std::uint32_t> thread_counts(const ProcessSpec& process) {
  std::vector<std::uint32_t> counts;
  counts.reserve(process.threads.size());
  for (const ThreadSpec& thread : process.threads) counts.push_back(copy_count(thread));
  return counts;
}

std::uint64_t threads_per_copy(const ProcessSpec& process) {
  std::uint64_t threads = 0;
  for (const ThreadSpec& thread : process.threads) threads += copy_count(thread);
  return threads;
}

// A process with "gil": true has its model's lock, unless the model has none (free-threaded).
bool has_gil(const ProcessSpec& process, const GilSpec& gil) { return process.gil && gil_model_has_lock(gil.model); }

Headcount headcount(const Scenario& scenario) {
  Headcount count;
  for (const ProcessSpec& process : scenario.processes) {
    count.threads = saturating::add(count.threads, saturating::multiply(copy_count(process), threads_per_copy(process)));
    count.processes += copy_count(process);  // at most a million per spec: cannot overflow
    if (has_gil(process, scenario.gil)) count.with_gil += copy_count(process);
  }
  return count;
}

Roster::Roster(const Scenario& scenario) : scenario_(&scenario) {
  for (std::uint32_t ps = 0; ps < scenario.processes.size(); ++ps) {
    const ProcessSpec& spec = scenario.processes[ps];
    std::vector<std::uint32_t> offsets;
    std::uint32_t per_copy = 0;
    for (std::uint32_t copies : thread_counts(spec)) {
      offsets.push_back(per_copy);
      per_copy += copies;
    }
    spec_offsets_.push_back(std::move(offsets));
    first_process_.push_back(static_cast<ProcessIndex>(processes_.size()));
    for (std::uint32_t pc = 0; pc < copy_count(spec); ++pc) {
      auto p = static_cast<ProcessIndex>(processes_.size());
      processes_.push_back({ps, pc, has_gil(spec, scenario.gil), static_cast<ThreadIndex>(threads_.size()), per_copy,
                            static_cast<SyncIndex>(syncs_.size())});
      for (std::uint32_t s = 0; s < spec.syncs.size(); ++s) syncs_.push_back({p, s});
      for (std::uint32_t e = 0; e < spec.executors.size(); ++e) executors_.push_back({p, e});
      for (std::uint32_t ts = 0; ts < spec.threads.size(); ++ts)
        for (std::uint32_t tc = 0; tc < copy_count(spec.threads[ts]); ++tc) threads_.push_back({p, ts, tc});
    }
  }
  first_shared_sync_ = static_cast<SyncIndex>(syncs_.size());
  for (std::uint32_t s = 0; s < scenario.shared_syncs.size(); ++s) syncs_.push_back({kSharedProcess, s});
}

std::string Roster::process_name(ProcessIndex p) const {
  const ProcessInfo& info = processes_[p];
  const ProcessSpec& spec = scenario_->processes[info.spec];
  return copy_name(spec.name, spec.count, info.copy);
}

std::string Roster::thread_name(ThreadIndex t) const {
  const ThreadInfo& info = threads_[t];
  const ThreadSpec& spec = scenario_->processes[processes_[info.process].spec].threads[info.spec];
  return copy_name(spec.name, spec.count, info.copy);
}

std::string Roster::sync_full_name(SyncIndex s) const {
  if (syncs_[s].process == kSharedProcess) return sync_name(s);  // the machine's: no process owns it
  return process_name(syncs_[s].process) + "/" + sync_name(s);
}

std::string Roster::executor_full_name(std::uint32_t e) const {
  return process_name(executors_[e].process) + "/" + executor_spec(e).name;
}

std::string Roster::full_name(ThreadIndex t) const {
  return process_name(threads_[t].process) + "/" + thread_name(t);
}

namespace {
void append_copy_name(std::string& out, const std::string& name, const std::optional<std::uint32_t>& count,
                      std::uint32_t copy) {
  out += name;
  if (!count) return;
  char digits[12];
  int n = 0;
  for (std::uint32_t v = copy + 1; v > 0; v /= 10) digits[n++] = static_cast<char>('0' + v % 10);
  out += '-';
  while (n > 0) out += digits[--n];
}
}  // namespace

void Roster::append_full_name(std::string& out, ThreadIndex t) const {
  const ThreadInfo& info = threads_[t];
  const ProcessInfo& process = processes_[info.process];
  const ProcessSpec& spec = scenario_->processes[process.spec];
  append_copy_name(out, spec.name, spec.count, process.copy);
  out += '/';
  const ThreadSpec& thread = spec.threads[info.spec];
  append_copy_name(out, thread.name, thread.count, info.copy);
}

ThreadIndex Roster::thread_index(ProcessIndex p, std::uint32_t spec, std::uint32_t copy) const {
  const ProcessInfo& info = processes_[p];
  return info.first_thread + spec_offsets_[info.spec][spec] + copy;
}

}  // namespace gilsim
