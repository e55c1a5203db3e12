#pragma once
// What a comparison measures besides the makespan (--metric): a thread's or
// group's finish, its response times, a GIL wait share, or the time of a
// printed line. A metric is written KIND or KIND:SUBJECT; the subject names
// threads (finish, response, gil_wait) or is a text (print). Names are
// resolved against each variant of the scenario before anything runs, and
// the values are taken from the run (metric_probe.h).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/time.h"
#include "model/roster.h"
#include "model/scenario.h"

namespace gilsim {

enum class MetricKind : std::uint8_t {
  makespan,       // when the last thread finished
  finish,         // when the last of the named threads finished
  response_mean,  // ready -> on a core, over the named threads' dispatches: mean
  response_p95,   // ... the 95th percentile (nearest rank)
  response_max,   // ... the longest
  gil_wait,       // GIL wait over alive time, of the named threads or of all
  print,          // when the first line containing the text was printed
  // Executors (RunResult::pools): the named executor, or the run's only one.
  task_latency_mean,  // a call's submit until its future was set: mean
  task_latency_p50,   // ... median (nearest rank)
  task_latency_p95,   // ... 95th percentile (nearest rank)
  task_latency_max,   // ... the longest
  throughput,         // task runs per second, first submit to last result
  busy_share,         // the workers' busy time over started workers x the pool's span (PoolResult::busy_share)
  pickling,           // pickling and unpickling, owner and workers (PoolResult::pickling)
  pipe,               // pipe writes, owner and workers (PoolResult::pipe)
};

struct MetricSpec {
  MetricKind kind = MetricKind::makespan;
  std::string subject;  // threads' name, or the text of print; empty: the whole run

  std::string name() const;  // "finish:io_thread": the column's heading, as it is asked
  // Nanoseconds; else a share from 0 to 1 (gil_wait, busy_share) or a rate per second (throughput).
  bool is_time() const {
    return kind != MetricKind::gil_wait && kind != MetricKind::throughput && kind != MetricKind::busy_share;
  }
  bool is_rate() const { return kind == MetricKind::throughput; }  // more is better: speedup is this over point 1's
  // Whether a point's value says it did better or worse: less is better (a
  // time, gil_wait) or more (a rate). A busy share says neither (a pool that
  // waits for the GIL while holding its calls is busier, not faster), so it
  // cannot come first, where it would drive the speedups.
  bool drives_speedup() const { return kind != MetricKind::busy_share; }
  bool names_threads() const;  // the subject is a thread or process name
  bool names_executor() const;  // the subject, if any, is an executor
  bool operator==(const MetricSpec&) const = default;
};

// "finish:io_thread", "response_p95:editor", "gil_wait", "print:request 9",
// "busy_share:pool".
// Throws std::invalid_argument naming the valid kinds; kinds that need
// constructs gilsim does not model yet (loop lag) are refused as such.
MetricSpec parse_metric(std::string_view text);

// The metric kinds as written, for messages and completion.
const std::vector<std::string>& metric_kind_names();

// Which threads of a scenario a name picks, as process and thread specs with
// an optional copy each, so that a picked set costs nothing per thread.
struct ThreadPick {
  std::uint32_t process = 0;                  // process spec
  std::optional<std::uint32_t> process_copy;  // empty: every copy
  std::optional<std::uint32_t> thread;        // thread spec; empty: every thread of the process
  std::optional<std::uint32_t> thread_copy;   // empty: every copy
  bool operator==(const ThreadPick&) const = default;
};

// NAME is a thread ("io_thread", a copy "worker-2"), a process ("server",
// "app-2"), or PROCESS/THREAD where THREAD may be "*" (every thread of the
// process). A bare name is looked up among the threads of every process
// first, then among the processes. Throws std::invalid_argument saying why
// and listing the valid names.
std::vector<ThreadPick> pick_threads(const Scenario& scenario, std::string_view name);

// Whether `name` ("pool", "app/pool") names an executor of the scenario, or,
// empty, the scenario has exactly one. Throws std::invalid_argument listing them.
void check_executor_name(const Scenario& scenario, std::string_view name);
// The roster's executor that `name` names (as check_executor_name), if any.
std::optional<std::uint32_t> find_executor(const Roster& roster, std::string_view name);

// Per roster thread, whether `picks` pick it.
std::vector<bool> picked_threads(const Roster& roster, const std::vector<ThreadPick>& picks);

}  // namespace gilsim
