#pragma once
// The steps of a thread's script: one kind key per step object, print
// templates with placeholders, start/join names resolved to ThreadTargets.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario.h"
#include "scenario/json_reader.h"
#include "scenario/names.h"
#include "scenario/start_graph.h"

namespace gilsim {

// "{thread} round {i}" -> parts. Placeholders: thread, process, time,
// active_count and the `loop_vars` in scope; "{{" and "}}" are literal braces.
// Throws std::invalid_argument naming the problem and the valid placeholders.
std::vector<TextPart> parse_print_text(std::string_view text, const std::vector<std::string>& loop_vars);

class StepReader {
 public:
  // Spawn and wait steps name processes: `process` is the index of the
  // process being read, which has `process_copies` copies.
  struct ProcessContext {
    const NameDirectory& processes;
    ProcessSpawns& spawns;
    std::uint32_t process = 0;
    std::int64_t process_copies = 1;
    const std::vector<SyncSpec>* mp_queues = nullptr;  // the scenario's (Scenario::shared_syncs)
  };
  // The executors and tasks of the process, which submit, map, results and
  // shutdown steps name (pool_steps.cc).
  struct Pools {
    const std::vector<ExecutorSpec>& executors;
    const std::vector<TaskSpec>& tasks;
  };
  StepReader(const JsonReader& in, const NameDirectory& threads, ThreadStarts& starts, ProcessContext context,
             const std::vector<SyncSpec>& syncs, const std::vector<DeviceSpec>& devices, Pools pools)
      : in_(in), threads_(threads), starts_(starts), context_(context), syncs_(syncs), devices_(devices), pools_(pools) {}

  // The script of thread `thread` from its "steps" array at `path`.
  std::vector<Step> read(const Json& steps, const std::string& path, std::uint32_t thread);
  // The steps of a task from its "steps" array at `path`: compute, sleep, io,
  // print and repeat only (a task runs in whichever worker takes it, maybe in
  // another process, so it names no thread, primitive or executor).
  std::vector<Step> read_task(const Json& steps, const std::string& path);

 private:
  // `runs`: how many times a step here runs per process copy (saturating).
  std::vector<Step> steps(const Json& steps, const std::string& path, std::int64_t runs);
  Step step(const Json& value, const std::string& path, std::int64_t runs);
  void repeat(Step& step, const Json& value, const std::string& path, std::int64_t runs);
  void sync_step(Step& step, const std::string& kind, const Json& value, const std::string& path, std::int64_t runs);
  bool has_queue() const;
  bool mp_step(Step& step, const std::string& kind, const std::string& name, const Json& value, const std::string& path);
  bool waits_for_event(const Json& argument, const std::string& path) const;
  ThreadTarget target(const Json& value, const std::string& path);
  void pool_step(Step& step, const std::string& kind, const Json& value, const std::string& path);
  // An as_completed body iterates the futures the step began with: it may not submit, map, wait or shut down.
  void check_as_completed_body(const std::vector<Step>& body, const std::string& path) const;

  const JsonReader& in_;
  const NameDirectory& threads_;
  ThreadStarts& starts_;
  ProcessContext context_;
  const std::vector<SyncSpec>& syncs_;
  const std::vector<DeviceSpec>& devices_;
  Pools pools_;
  bool task_ = false;  // reading a task's steps
  std::uint32_t thread_ = 0;
  std::int64_t copies_ = 1;
  std::vector<std::string> loop_vars_;  // of the enclosing repeats, outermost first
};

}  // namespace gilsim
