#include "scenario/size.h"

#include <algorithm>

#include "model/program.h"
#include "model/roster.h"
#include "model/saturating.h"
#include "scenario/json_reader.h"
#include "scenario/loader.h"
#include "scenario/spelling.h"

namespace gilsim {

namespace {

using saturating::add;
using saturating::multiply;

std::string number(std::uint64_t n) { return n == saturating::kMax ? "more than 10^19" : std::to_string(n); }

// Per thread spec: what its script and its running copies cost.
struct ThreadCost {
  std::uint64_t instructions = 0;
  std::uint64_t all_copies = 0;
  std::uint64_t counters = 0;  // loop slots times running copies
  std::uint64_t copies = 0;    // running copies, over all process copies
  std::uint64_t total = 0;
};

struct Measurement {
  ScenarioSize size;
  // Where most of it comes from, for the message.
  std::size_t process_with_most_threads = 0;
  std::uint64_t most_threads = 0;
  std::size_t process_with_most_syncs = 0;
  std::uint64_t most_syncs = 0;
  std::size_t costliest_process = 0;
  std::size_t costliest_thread = 0;
  ThreadCost costliest;
};

Measurement measure(const Scenario& scenario) {
  Measurement m;
  for (std::size_t p = 0; p < scenario.processes.size(); ++p) {
    const ProcessSpec& process = scenario.processes[p];
    std::uint64_t process_copies = copy_count(process);
    std::vector<std::uint32_t> counts = thread_counts(process);  // per spec: no thread is expanded here
    std::uint64_t threads = multiply(process_copies, threads_per_copy(process));
    m.size.threads = add(m.size.threads, threads);
    std::uint64_t syncs = multiply(process_copies, process.syncs.size());
    m.size.syncs = add(m.size.syncs, syncs);
    if (syncs > m.most_syncs) {
      m.most_syncs = syncs;
      m.process_with_most_syncs = p;
    }
    if (threads > m.most_threads || p == 0) {
      m.most_threads = threads;
      m.process_with_most_threads = p;
    }
    // Counted by the compiler itself (program.cc), without building the scripts.
    ProcessScriptSizes sizes = process_script_sizes(scenario, static_cast<std::uint32_t>(p));
    for (std::size_t t = 0; t < process.threads.size(); ++t) {
      ScriptSize script = sizes.threads[t];
      ThreadCost cost;
      cost.instructions = script.instructions;  // compiled once per process spec
      cost.all_copies = script.all_copies;
      // A main thread that starts others has a script of its own (or two), compiled once each.
      for (const std::optional<ScriptSize>& main : {sizes.main, sizes.first_main}) {
        if (t != 0 || !main) continue;
        cost.instructions = add(cost.instructions, main->instructions);
        cost.all_copies = add(cost.all_copies, main->all_copies);
      }
      cost.copies = multiply(process_copies, counts[t]);
      cost.counters = multiply(cost.copies, script.loop_slots);
      cost.total = add(cost.instructions, cost.counters);
      m.size.script_steps = add(m.size.script_steps, cost.total);
      if (cost.total > m.costliest.total) {
        m.costliest = cost;
        m.costliest_process = p;
        m.costliest_thread = t;
      }
    }
  }
  return m;
}

}  // namespace

ScenarioSize measure_scenario(const Scenario& scenario) { return measure(scenario).size; }

void check_scenario_size(const Scenario& scenario, const SizeLimits& limits, const std::string& label) {
  JsonReader in(label);
  Measurement m = measure(scenario);
  SizeLimits limit{std::min(limits.max_threads, kMaxThreadsCeiling),
                   std::min(limits.max_script_steps, kMaxScriptStepsCeiling)};
  if (m.size.threads > limit.max_threads) {
    std::size_t p = m.process_with_most_threads;
    const ProcessSpec& process = scenario.processes[p];
    std::string path = json_pointer("/processes", p);
    std::uint64_t per_copy = threads_per_copy(process);
    std::string source = "process " + quote(process.name) + ": ";
    if (process.count) {
      path = json_pointer(path, "count");
      source += std::to_string(*process.count) + " copies of " + std::to_string(per_copy) + " threads each";
    } else {
      path = json_pointer(path, "threads");
      bool counted = false;
      for (const ThreadSpec& thread : process.threads) counted = counted || thread.count.has_value();
      source += std::to_string(per_copy) + (counted ? " threads, counting the copies of threads with a count" : " threads");
    }
    in.fail(path, "the scenario has " + number(m.size.threads) + " threads once copies are made, more than the limit of " +
                      std::to_string(limit.max_threads) + " (" + source +
                      "); lower the counts, or raise the limit with --max-threads if the machine has the memory");
  }
  if (m.size.syncs > limit.max_threads) {
    const ProcessSpec& process = scenario.processes[m.process_with_most_syncs];
    in.fail(json_pointer(json_pointer("/processes", m.process_with_most_syncs), process.count ? "count" : "name"),
            "the scenario has " + number(m.size.syncs) +
                " locks, rlocks, semaphores, events and queues once copies are made, more than the limit of " +
                std::to_string(limit.max_threads) + " (process " + quote(process.name) + ": " +
                std::to_string(copy_count(process)) + " copies of " + std::to_string(process.syncs.size()) +
                " each); lower the counts, or raise the limit with --max-threads if the machine has the memory");
  }
  if (m.size.script_steps > limit.max_script_steps) {
    const ProcessSpec& process = scenario.processes[m.costliest_process];
    const ThreadSpec& thread = process.threads[m.costliest_thread];
    std::string path = json_pointer(json_pointer(json_pointer("/processes", m.costliest_process), "threads"),
                                    m.costliest_thread);
    std::string detail = "thread " + quote(thread.name) + " of process " + quote(process.name) + ": " +
                         number(m.costliest.instructions) + " instructions";
    if (m.costliest.all_copies > 0)
      detail += ", " + number(m.costliest.all_copies) +
                " of them for start or join of all copies of a thread (or the threads and processes its main "
                "thread starts), one or two instructions per copy";
    if (m.costliest.counters > 0)
      detail += ", plus " + number(m.costliest.counters) + " loop counters, one per repeat in each of its " +
                number(m.costliest.copies) + " copies";
    in.fail(path, "the scenario's scripts come to " + number(m.size.script_steps) +
                      " steps once compiled, more than the limit of " + std::to_string(limit.max_script_steps) + " (" +
                      detail + "); lower the counts, or raise the limit with --max-script-steps if the machine has the memory");
  }
}

}  // namespace gilsim
