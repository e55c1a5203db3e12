#pragma once
// Which spawn steps start which processes, checked statically like thread
// starts: a process spawned twice, or named by a spawn step that never runs,
// is a load error rather than a run that silently does something else.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/scenario.h"
#include "scenario/json_reader.h"
#include "scenario/names.h"

namespace gilsim {

class ProcessSpawns {
 public:
  ProcessSpawns(const JsonReader& in, const ThreadDirectory& processes, std::size_t process_count)
      : in_(in), processes_(processes), spawns_(process_count) {}

  // A spawn step at `path` in process `spawner` that runs `runs` times in all
  // (the spawner's copies times its thread's copies times the enclosing repeats).
  void add(const std::string& path, std::uint32_t spawner, std::int64_t runs, const ThreadTarget& target);

  // Sets spawned_by_step and fails when a spawned process copy never starts:
  // no spawn step names it, or its spawner is never started itself (a cycle).
  void finish(std::vector<ProcessSpec>& processes) const;

 private:
  struct SpawnStep {
    std::string path;
    std::uint32_t spawner = 0;
  };
  struct Spawns {
    bool named = false;
    std::optional<SpawnStep> all;
    std::vector<std::optional<SpawnStep>> copies;
  };
  const JsonReader& in_;
  const ThreadDirectory& processes_;
  std::vector<Spawns> spawns_;  // by process spec
};

}  // namespace gilsim
