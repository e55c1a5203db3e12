#include "report/tables.h"

#include <algorithm>
#include <cstdio>

#include "report/deadlock_view.h"
#include "report/sync_rows.h"

namespace gilsim {

namespace {

Cell moment(Time t) { return t < 0 ? Cell::none() : Cell::time_of(t); }  // -1: it never happened

// A thread that never finished because of a deadlock: "stuck", not "-".
Cell finish_cell(const ThreadResult& r, bool stuck) {
  if (r.finish < 0 && stuck) return Cell::text_of("stuck");
  return moment(r.finish);
}

Table threads_table(const Roster& roster, const RunResult& result, std::size_t max_rows) {
  const DeadlockView deadlock = deadlock_view(roster, result.deadlock);
  Table table;
  table.title = "Threads";
  table.columns = {{"thread", ColumnKind::name},  {"start", ColumnKind::time}, {"finish", ColumnKind::time},
                   {"running", ColumnKind::time}, {"ready", ColumnKind::time}, {"GIL wait", ColumnKind::time},
                   {"sleep", ColumnKind::time},   {"I/O", ColumnKind::time},   {"blocked", ColumnKind::time}};
  const std::size_t shown = std::min(result.threads.size(), max_rows);
  for (ThreadIndex t = 0; t < shown; ++t) {
    const ThreadResult& r = result.threads[t];
    auto in = [&](ThreadState s) { return Cell::time_of(r.time_in[s]); };
    table.rows.push_back({Cell::text_of(roster.full_name(t)), moment(r.start), finish_cell(r, deadlock.thread_stuck(t)),
                          in(ThreadState::running), in(ThreadState::ready), in(ThreadState::gil_wait),
                          in(ThreadState::sleep), in(ThreadState::io), Cell::time_of(r.blocked())});
  }
  table.unlisted = result.threads.size() - shown;
  table.unlisted_noun = "threads";
  if (!result.deadlock.empty()) table.legend = "finish stuck: blocked for ever by the deadlock";
  return table;
}

// Scheduling counts as /proc/PID/status has them: voluntary = it blocked,
// involuntary = the OS took its core (preempted). The threads of the Threads
// table, whose note says how many are left out.
Table scheduling_table(const Roster& roster, const RunResult& result, std::size_t max_rows) {
  Table table;
  table.title = "Scheduling";
  table.columns = {{"thread", ColumnKind::name},
                   {"runs", ColumnKind::count},
                   {"response avg", ColumnKind::time, "resp avg"},
                   {"response max", ColumnKind::time, "resp max"},
                   {"preempted", ColumnKind::count},
                   {"voluntary", ColumnKind::count},
                   {"migrations", ColumnKind::count}};
  const std::size_t shown = std::min(result.threads.size(), max_rows);
  for (ThreadIndex t = 0; t < shown; ++t) {
    const ThreadResult& r = result.threads[t];
    Time average = r.dispatches > 0 ? r.response_total / static_cast<Time>(r.dispatches) : 0;
    table.rows.push_back({Cell::text_of(roster.full_name(t)), Cell::count_of(r.dispatches), Cell::time_of(average),
                          Cell::time_of(r.response_max), Cell::count_of(r.preemptions), Cell::count_of(r.voluntary),
                          Cell::count_of(r.migrations)});
  }
  table.aside = "response = ready until running";
  table.page_note =
      "Response: from ready to running. Preempted: the OS took the core (involuntary switches); voluntary: the "
      "thread blocked, GIL waits included.";
  return table;
}

Table processes_table(const Roster& roster, const RunResult& result, std::size_t max_rows) {
  Table table;
  table.title = "Processes";
  table.columns = {{"process", ColumnKind::name},   {"GIL", ColumnKind::label},     {"hand-offs", ColumnKind::count},
                   {"forced", ColumnKind::count},   {"drop req", ColumnKind::count}, {"GIL wait", ColumnKind::time},
                   {"GIL held", ColumnKind::time}};
  const std::size_t shown = std::min(result.processes.size(), max_rows);
  for (ProcessIndex p = 0; p < shown; ++p) {
    const ProcessResult& r = result.processes[p];
    Cell name = Cell::text_of(roster.process_name(p));
    if (!roster.processes()[p].gil) {
      table.rows.push_back({name, Cell::text_of("off"), Cell::none(), Cell::none(), Cell::none(), Cell::none(),
                            Cell::none()});
      continue;
    }
    table.rows.push_back({name, Cell::text_of("on"), Cell::count_of(r.gil_handoffs),
                          Cell::count_of(r.forced_switches), Cell::count_of(r.drop_requests),
                          Cell::time_of(r.gil_wait), Cell::time_of(r.gil_held)});
  }
  table.unlisted = result.processes.size() - shown;
  table.unlisted_noun = "processes";
  return table;
}

// Uses: acquisitions, gets, sets or device requests; waits: how often a thread
// blocked on it. Queues show their puts as "uses" "gets/puts".
// Per row of sync_rows (primitives, then devices): threads the deadlock left
// waiting on it for ever.
std::vector<std::uint64_t> stuck_waiters(const Roster& roster, const std::vector<Deadlock>& deadlocks) {
  std::vector<std::uint64_t> stuck(roster.syncs().size() + roster.scenario().devices.size(), 0);
  auto count = [&](const StuckThread& w) {
    if (w.state == ThreadState::device_wait) ++stuck[roster.syncs().size() + w.on];
    else if (is_sync_wait(w.state)) ++stuck[w.on];
  };
  for (const Deadlock& d : deadlocks) {
    for (const auto& cycle : d.cycles)
      for (const StuckThread& w : cycle) count(w);
    for (const StuckThread& w : d.stuck) count(w);
  }
  return stuck;
}

Table sync_table(const Roster& roster, const RunResult& result, const std::vector<SyncRow>& rows,
                 std::size_t max_rows) {
  const bool deadlocked = !result.deadlock.empty();
  const std::vector<std::uint64_t> stuck = stuck_waiters(roster, result.deadlock);
  Table table;
  table.title = "Synchronisation";
  table.columns = {{"primitive", ColumnKind::name}, {"kind", ColumnKind::label},    {"uses", ColumnKind::count},
                   {"waits", ColumnKind::count},    {"wait", ColumnKind::time},     {"max wait", ColumnKind::time},
                   {"held", ColumnKind::time},      {"peak", ColumnKind::count},    {"most held by", ColumnKind::name}};
  if (deadlocked) table.columns.insert(table.columns.begin() + 4, Column{"stuck", ColumnKind::count});
  const std::size_t shown = std::min(rows.size(), max_rows);
  for (std::size_t i = 0; i < shown; ++i) {
    const SyncRow& row = rows[i];
    const SyncResult& r = *row.result;
    bool queue = row.kind.rfind("queue", 0) == 0;
    std::string uses = std::to_string(r.uses) + (queue ? "/" + std::to_string(r.puts) : "");
    std::vector<Cell> cells = {Cell::text_of(row.name), Cell::text_of(row.kind), Cell::text_of(std::move(uses)),
                               Cell::count_of(r.waits), Cell::time_of(r.wait), Cell::time_of(r.max_wait),
                               row.holdable ? Cell::time_of(r.held) : Cell::none(),
                               row.holdable || queue ? Cell::text_of(std::to_string(r.peak)) : Cell::none(),
                               row.top_held > 0 ? Cell::text_of(roster.full_name(row.top_holder)) : Cell::none()};
    if (deadlocked) cells.insert(cells.begin() + 4, Cell::count_of(stuck[i]));
    table.rows.push_back(std::move(cells));
  }
  table.unlisted = rows.size() - shown;
  table.legend =
      "uses: acquisitions (queue: gets/puts, event: sets, device: requests); peak: most holders at once (queue: "
      "longest; device: busy channels)";
  if (deadlocked) table.legend += "; stuck: threads the deadlock left waiting on it for ever (wait counts their time up to it)";
  return table;
}

// Each executor: its workers, calls and their latency (submit until the future was set).
Table pools_table(const Roster& roster, const RunResult& result, std::size_t max_rows) {
  Table table;
  table.title = "Pools";
  table.aside = "latency = submit until the result is set";
  table.columns = {{"executor", ColumnKind::name},       {"kind", ColumnKind::label},
                   {"workers", ColumnKind::count},       {"calls", ColumnKind::count},
                   {"latency avg", ColumnKind::time, "lat avg"}, {"p50", ColumnKind::time},
                   {"p95", ColumnKind::time},            {"max", ColumnKind::time},
                   {"per second", ColumnKind::count, "per s"}};
  std::size_t shown = std::min(result.pools.size(), max_rows);
  for (std::size_t e = 0; e < shown; ++e) {
    const PoolResult& r = result.pools[e];
    const ExecutorSpec& spec = roster.executor_spec(static_cast<std::uint32_t>(e));
    bool any = r.calls > 0;
    auto time = [&](Time t) { return any ? Cell::time_of(t) : Cell::none(); };
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.0f", r.throughput());
    table.rows.push_back({Cell::text_of(roster.executor_full_name(static_cast<std::uint32_t>(e))),
                          Cell::text_of(executor_kind_name(spec.kind)), Cell::count_of(spec.workers),
                          Cell::text_of(r.calls == r.items ? std::to_string(r.calls)
                                                           : std::to_string(r.calls) + " (" + std::to_string(r.items) + " items)"),
                          time(r.latency_mean), time(r.latency_p50), time(r.latency_p95), time(r.latency_max),
                          any ? Cell::text_of(rate) : Cell::none()});
  }
  table.unlisted = result.pools.size() - shown;
  table.legend = "workers: max_workers; calls: futures set (a process pool's map sends chunksize items a call); per "
                 "second: task runs from the first submit to the last result";
  return table;
}

// Each pool's threads: how busy its workers were and (a process pool) what
// its feeder, its manager and its workers spent pickling, unpickling and
// writing to pipes.
Table pool_threads_table(const Roster& roster, const RunResult& result, std::size_t max_rows) {
  Table table;
  table.title = "Pool threads";
  table.aside = "busy = with a call";
  table.columns = {{"executor", ColumnKind::name},       {"threads", ColumnKind::label},
                   {"started", ColumnKind::count},       {"busy", ColumnKind::time},
                   {"busy share", ColumnKind::count, "share"}, {"pickling", ColumnKind::time},
                   {"unpickling", ColumnKind::time},     {"pipe writes", ColumnKind::time, "pipe"}};
  using K = PoolCostKind;
  bool any_process = false;
  for (std::uint32_t e = 0; e < result.pools.size(); ++e) {
    bool process = has_worker_processes(roster.executor_spec(e).kind);
    any_process = any_process || process;
    if (table.rows.size() + (process ? 3 : 1) > max_rows) {
      ++table.unlisted;
      continue;
    }
    const PoolResult& r = result.pools[e];
    const std::string name = roster.executor_full_name(e);
    auto cost = [&](K kind) { return process ? Cell::time_of(r.cost(kind)) : Cell::none(); };
    char share[32];
    std::snprintf(share, sizeof share, "%.1f%%", r.busy_share() * 100);
    table.rows.push_back({Cell::text_of(name), Cell::text_of("workers"), Cell::count_of(r.workers_started),
                          Cell::time_of(r.busy), r.calls > 0 ? Cell::text_of(share) : Cell::none(),
                          cost(K::worker_pickle), cost(K::worker_unpickle), cost(K::worker_write)});
    if (!process) continue;
    table.rows.push_back({Cell::text_of(name), Cell::text_of("feeder"), Cell::none(), Cell::none(), Cell::none(),
                          Cell::time_of(r.cost(K::feeder_pickle)), Cell::none(), Cell::time_of(r.cost(K::feeder_write))});
    table.rows.push_back({Cell::text_of(name), Cell::text_of("manager"), Cell::none(), Cell::none(), Cell::none(),
                          Cell::none(), Cell::time_of(r.cost(K::manager_unpickle)), Cell::none()});
  }
  table.unlisted_noun = "executors";
  table.legend =
      "started: workers started; busy: their time with a call, from taking it until its future is set (a process "
      "pool's worker: until its result is written); share: busy / (started x the first submit to the last result)";
  if (any_process)
    table.legend +=
        "; the feeder pickles each call and writes it to a pipe, the manager unpickles each result (both in the "
        "owner process), the workers unpickle the calls, pickle and write the results; pickling and unpickling hold "
        "the thread's GIL (waits for it not counted), a pipe write does not";
  return table;
}

}  // namespace

std::vector<Table> summary_tables(const Roster& roster, const RunResult& result, std::size_t max_rows) {
  std::vector<Table> tables;
  tables.push_back(threads_table(roster, result, max_rows));
  tables.push_back(scheduling_table(roster, result, max_rows));
  tables.push_back(processes_table(roster, result, max_rows));
  std::vector<SyncRow> rows = sync_rows(roster, result);
  if (!rows.empty()) tables.push_back(sync_table(roster, result, rows, max_rows));
  if (!result.pools.empty()) tables.push_back(pools_table(roster, result, max_rows));
  if (!result.pools.empty()) tables.push_back(pool_threads_table(roster, result, max_rows));
  return tables;
}

}  // namespace gilsim
