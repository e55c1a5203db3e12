#pragma once
// Who starts whom, checked statically, for both kinds of start: the threads
// of a process, started by start steps, and the processes of a scenario,
// started by spawn steps. Anything named by such a step does not start at
// time 0; it starts, whole or copy by copy, when the one step that starts it
// runs, in a thread (or process) that itself starts. Started twice, or
// never, is a load error rather than a run that silently does something else.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/scenario.h"
#include "scenario/json_reader.h"
#include "scenario/names.h"

namespace gilsim {

// The graph itself; ThreadStarts and ProcessSpawns below add the rules of
// their own kind. Nodes are the entries of a NameDirectory: thread specs of
// one process, or the process specs of a scenario.
class StartGraph {
 public:
  // How one kind of start is told in messages.
  struct Words {
    const char* kind;           // "thread"
    const char* step;           // "start step"
    const char* verb;           // "start": what those steps do
    const char* done;           // "started"
    const char* dead_starter;   // "which is never started itself"
    // A start of all copies after one of a single copy: the message names
    // that copy (threads) or the whole (processes).
    bool clash_names_copy;
  };

  StartGraph(const JsonReader& in, const NameDirectory& nodes, std::size_t count, const Words& words)
      : in_(in), nodes_(nodes), words_(words), starts_(count), started_by_(count) {}

  // A step names `node`, so it does not start at time 0, even when the step
  // never runs (inside a repeat of 0).
  void name(std::uint32_t node) { starts_[node].named = true; }
  bool named(std::uint32_t node) const { return starts_[node].named; }

  // The step at `path` in node `starter`, which runs exactly once, starts
  // `target`. Fails when it, or a copy of it, is already started by another.
  void add(const std::string& path, std::uint32_t starter, const ThreadTarget& target);

  // Fails when a copy of a named node never starts: no step that runs starts
  // it, or its starter never starts itself (a cycle). Node i is at
  // json_pointer(`nodes_path`, i).
  void finish(const std::string& nodes_path) const;

 private:
  struct StartStep {
    std::string path;
    std::uint32_t starter = 0;
  };
  struct Starts {
    bool named = false;                         // by any step, even one that never runs
    std::optional<StartStep> all;               // started as a whole: every copy
    std::map<std::uint32_t, StartStep> copies;  // started one copy at a time
  };

  const JsonReader& in_;
  const NameDirectory& nodes_;
  Words words_;
  std::vector<Starts> starts_;                         // by node
  std::vector<std::vector<std::uint32_t>> started_by_;  // starter -> the nodes it starts
};

// Which start steps start which threads of one process.
class ThreadStarts {
 public:
  ThreadStarts(const JsonReader& in, const NameDirectory& threads, std::size_t thread_count);

  // A start step at `path` in thread `starter` (which has `starter_copies`
  // copies) that runs `runs` times per process copy: the starter's copies
  // times the counts of the enclosing repeats. Fails at once on a start of the
  // main thread, of the starter itself, or of a thread already started.
  void add(const std::string& path, std::uint32_t starter, std::int64_t starter_copies, const ThreadTarget& target,
           std::int64_t runs);

  // Sets started_by_step on the threads named by some start step, and fails
  // as StartGraph::finish does.
  void finish(std::vector<ThreadSpec>& threads, const std::string& process_path) const;

 private:
  const JsonReader& in_;
  const NameDirectory& threads_;
  StartGraph graph_;
};

// Which spawn steps start which processes.
class ProcessSpawns {
 public:
  ProcessSpawns(const JsonReader& in, const NameDirectory& processes, std::size_t process_count);

  // A spawn step at `path` in process `spawner` that runs `runs` times in all
  // (the spawner's copies times its thread's copies times the enclosing
  // repeats). Fails at once on a spawn of the spawner itself, or of a process
  // already spawned.
  void add(const std::string& path, std::uint32_t spawner, std::int64_t runs, const ThreadTarget& target);

  // Sets spawned_by_step on the processes named by some spawn step, and
  // fails as StartGraph::finish does.
  void finish(std::vector<ProcessSpec>& processes) const;

 private:
  const JsonReader& in_;
  const NameDirectory& processes_;
  StartGraph graph_;
};

}  // namespace gilsim
