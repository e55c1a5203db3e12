#include "scenario/process_spawns.h"

#include <deque>

#include "scenario/spelling.h"

namespace gilsim {

void ProcessSpawns::add(const std::string& path, std::uint32_t spawner, std::int64_t runs,
                        const ThreadTarget& target) {
  std::string name = processes_.display(target);
  if (target.thread == spawner)
    in_.fail(path, "a process cannot spawn itself (" + quote(name) + " runs this step)");
  Spawns& spawns = spawns_[target.thread];
  spawns.named = true;
  if (runs == 0) return;  // inside a repeat of 0: names the process, spawns nothing
  if (runs > 1)
    in_.fail(path, "process " + quote(name) + " would be spawned " + std::to_string(runs) +
                       " times (this step runs once per copy of its process and thread and per repeat; a process "
                       "can be spawned only once: give the spawned process a count instead)");
  std::uint32_t copies = copy_count(processes_.thread(target.thread));
  if (spawns.copies.empty()) spawns.copies.resize(copies);
  auto clash = [&](const SpawnStep& earlier) {
    in_.fail(path, "process " + quote(name) + " is spawned more than once (also by the spawn step at " +
                       earlier.path + "; a process can be spawned only once)");
  };
  if (spawns.all) clash(*spawns.all);
  if (target.copy) {
    if (spawns.copies[*target.copy]) clash(*spawns.copies[*target.copy]);
    spawns.copies[*target.copy] = SpawnStep{path, spawner};
    return;
  }
  for (const auto& copy : spawns.copies)
    if (copy) clash(*copy);
  spawns.all = SpawnStep{path, spawner};
}

void ProcessSpawns::finish(std::vector<ProcessSpec>& processes) const {
  // A process runs when no spawn step names it, or when a process that runs spawns it.
  std::vector<bool> runs(processes.size());
  std::vector<std::vector<std::uint32_t>> spawned_by(processes.size());
  std::deque<std::uint32_t> pending;
  for (std::uint32_t p = 0; p < processes.size(); ++p) {
    const Spawns& s = spawns_[p];
    runs[p] = !s.named;
    if (runs[p]) pending.push_back(p);
    if (s.all) spawned_by[s.all->spawner].push_back(p);
    for (const auto& copy : s.copies)
      if (copy) spawned_by[copy->spawner].push_back(p);
  }
  while (!pending.empty()) {
    std::uint32_t spawner = pending.front();
    pending.pop_front();
    for (std::uint32_t p : spawned_by[spawner])
      if (!runs[p]) {
        runs[p] = true;
        pending.push_back(p);
      }
  }
  const std::string rule = "; a process named by a spawn step does not start at time 0";
  for (std::uint32_t p = 0; p < processes.size(); ++p) {
    const Spawns& s = spawns_[p];
    if (!s.named) continue;
    processes[p].spawned_by_step = true;
    std::string path = json_pointer("/processes", p);
    auto fail = [&](const std::string& name, const std::string& why) {
      in_.fail(path, "process " + quote(name) + " is never spawned (" + why + rule + ")");
    };
    auto check = [&](const SpawnStep& step, const std::string& name) {
      if (!runs[step.spawner])
        fail(name, "its spawn step at " + step.path + " is in process " + quote(processes[step.spawner].name) +
                       ", which never starts itself");
    };
    if (s.all) {
      check(*s.all, processes[p].name);
      continue;
    }
    if (s.copies.empty()) fail(processes[p].name, "its spawn steps are inside repeats of 0");
    for (std::uint32_t c = 0; c < s.copies.size(); ++c) {
      std::string name = processes_.display({p, c});
      if (!s.copies[c]) fail(name, "spawn steps spawn only some copies of " + quote(processes[p].name));
      check(*s.copies[c], name);
    }
  }
}

}  // namespace gilsim
