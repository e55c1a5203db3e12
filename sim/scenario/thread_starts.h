#pragma once
// Which start steps start which threads of one process, counted statically so
// that a thread started twice, or never, is a load error rather than a run
// that silently does something else.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/scenario.h"
#include "scenario/json_reader.h"
#include "scenario/names.h"

namespace gilsim {

class ThreadStarts {
 public:
  ThreadStarts(const JsonReader& in, const ThreadDirectory& threads, std::size_t thread_count);

  // A start step at `path` in thread `starter` (which has `starter_copies`
  // copies) that runs `runs` times per process copy: the starter's copies
  // times the counts of the enclosing repeats. Fails at once on a start of the
  // main thread, of the starter itself, or of a thread already started.
  void add(const std::string& path, std::uint32_t starter, std::int64_t starter_copies, const ThreadTarget& target,
           std::int64_t runs);

  // Sets started_by_step on the threads named by some start step and fails
  // when one of their copies never starts: no start step that runs names it,
  // or its starter never starts itself (a start cycle).
  void finish(std::vector<ThreadSpec>& threads, const std::string& process_path) const;

 private:
  struct StartStep {
    std::string path;
    std::uint32_t starter = 0;
  };
  struct Starts {
    bool named = false;                          // by any start step, even one that never runs
    std::optional<StartStep> all;                // started as a whole: every copy
    std::map<std::uint32_t, StartStep> copies;   // started one copy at a time
  };

  [[noreturn]] void never_started(const std::string& path, const std::string& name, const std::string& why) const;

  const JsonReader& in_;
  const ThreadDirectory& threads_;
  std::vector<Starts> starts_;                      // by thread index
  std::vector<std::vector<std::uint32_t>> starts_by_;  // starter -> threads it starts
};

}  // namespace gilsim
