#include "report/text_report.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "model/cpu_scheduler.h"
#include "report/numbers.h"
#include "report/reading.h"
#include "report/settings_text.h"
#include "report/sync_rows.h"
#include "report/text_format.h"
#include "report/text_timeline.h"

namespace gilsim {

namespace {

constexpr std::size_t kMinWidth = 40;
constexpr std::size_t kMaxTableRows = 50;
constexpr std::size_t kKeyWidth = 12;       // "Scheduler   " in the header

std::string format_or_dash(Time t, const Unit& unit, int decimals) {
  return t < 0 ? "-" : format_in(t, unit, decimals);
}

// ---------------------------------------------------------------- tables

struct Table {
  std::vector<std::string> headers;  // column 0 is the name, left-aligned; the rest right-aligned
  std::vector<std::vector<std::string>> rows;
};

// Renders the table within `width`, shortening the name column down to
// `min_name` characters; returns false (and renders nothing) if that is not enough.
bool render_table(const Table& table, std::size_t width, std::size_t min_name, bool force, std::ostream& out) {
  std::vector<std::size_t> widths;
  for (const std::string& h : table.headers) widths.push_back(h.size());
  for (const auto& row : table.rows)
    for (std::size_t k = 0; k < row.size(); ++k) widths[k] = std::max(widths[k], row[k].size());
  std::size_t rest = 0;
  for (std::size_t k = 1; k < widths.size(); ++k) rest += 2 + widths[k];
  std::size_t name_room = width > rest ? width - rest : 0;
  if (name_room < std::min(widths[0], min_name) && !force) return false;
  widths[0] = std::max<std::size_t>(std::min(widths[0], name_room), 4);
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s = pad(fit(cells[0], widths[0]), widths[0], Align::left);
    for (std::size_t k = 1; k < cells.size(); ++k) s += "  " + pad(cells[k], widths[k], Align::right);
    out << rtrim(s) << '\n';
  };
  line(table.headers);
  std::size_t total = widths[0];
  for (std::size_t k = 1; k < widths.size(); ++k) total += 2 + widths[k];
  out << std::string(total, '-') << '\n';
  for (const auto& row : table.rows) line(row);
  return true;
}

// Fewer decimals until the table fits the width.
template <typename MakeTable>
void write_table(std::ostream& out, std::size_t width, const Unit& unit, MakeTable make) {
  for (int decimals = unit.decimals;; --decimals) {
    Table table = make(decimals);
    if (render_table(table, width, 10, decimals <= 0, out)) return;
  }
}

// Uses: acquisitions, gets, sets or device requests; waits: how often a thread
// blocked on it. Queues show their puts as "uses" "gets/puts".
void write_sync_table(std::ostream& out, const Roster& roster, const RunResult& result, std::size_t width,
                      const Unit& unit) {
  std::vector<SyncRow> rows = sync_rows(roster, result);
  if (rows.empty()) return;
  const std::size_t shown = std::min(rows.size(), kMaxTableRows);
  out << "Synchronisation (times in " << unit.name << ")\n";
  write_table(out, width, unit, [&](int decimals) {
    Table t{{"primitive", "kind", "uses", "waits", "wait", "max wait", "held", "peak", "most held by"}, {}};
    for (std::size_t i = 0; i < shown; ++i) {
      const SyncRow& row = rows[i];
      const SyncResult& r = *row.result;
      bool queue = row.kind.rfind("queue", 0) == 0;
      std::string uses = queue ? std::to_string(r.uses) + "/" + std::to_string(r.puts) : std::to_string(r.uses);
      bool peak = row.holdable || queue;
      t.rows.push_back({ascii_clean(row.name), row.kind, uses, std::to_string(r.waits), format_in(r.wait, unit, decimals),
                        format_in(r.max_wait, unit, decimals), row.holdable ? format_in(r.held, unit, decimals) : "-",
                        peak ? std::to_string(r.peak) : "-",
                        row.top_held > 0 ? ascii_clean(roster.full_name(row.top_holder)) : "-"});
    }
    return t;
  });
  if (rows.size() > shown) out << "(" << rows.size() - shown << " more not listed; the JSON report has them all)\n";
  write_keyed(out, "",
              "uses: acquisitions (queue: gets/puts, event: sets, device: requests); peak: most holders at once "
              "(queue: longest; device: busy channels)",
              0, width);
  out << '\n';
}

void write_summary(std::ostream& out, const Roster& roster, const RunResult& result, std::size_t width,
                   const Unit& unit) {
  const std::size_t thread_count = result.threads.size();
  const std::size_t shown_threads = std::min(thread_count, kMaxTableRows);
  out << "Threads (times in " << unit.name << ")\n";
  write_table(out, width, unit, [&](int decimals) {
    Table t{{"thread", "start", "finish", "running", "ready", "GIL wait", "sleep", "I/O", "blocked"}, {}};
    for (ThreadIndex i = 0; i < shown_threads; ++i) {
      const ThreadResult& r = result.threads[i];
      auto in = [&](ThreadState s) { return format_in(r.time_in[s], unit, decimals); };
      t.rows.push_back({ascii_clean(roster.full_name(i)), format_or_dash(r.start, unit, decimals),
                        format_or_dash(r.finish, unit, decimals), in(ThreadState::running), in(ThreadState::ready),
                        in(ThreadState::gil_wait), in(ThreadState::sleep), in(ThreadState::io),
                        format_in(r.blocked(), unit, decimals)});
    }
    return t;
  });
  if (thread_count > shown_threads)
    out << "(" << thread_count - shown_threads << " more threads not listed; the JSON report has them all)\n";
  out << '\n';

  // Scheduling counts as /proc/PID/status has them: voluntary = it blocked,
  // involuntary = the OS took its core (preempted).
  out << "Scheduling (response = ready until running; times in " << unit.name << ")\n";
  write_table(out, width, unit, [&](int decimals) {
    Table t{{"thread", "runs", "resp avg", "resp max", "preempted", "voluntary", "migrations"}, {}};
    for (ThreadIndex i = 0; i < shown_threads; ++i) {
      const ThreadResult& r = result.threads[i];
      Time average = r.dispatches > 0 ? r.response_total / static_cast<Time>(r.dispatches) : 0;
      t.rows.push_back({ascii_clean(roster.full_name(i)), std::to_string(r.dispatches),
                        format_in(average, unit, decimals), format_in(r.response_max, unit, decimals),
                        std::to_string(r.preemptions), std::to_string(r.voluntary), std::to_string(r.migrations)});
    }
    return t;
  });
  out << '\n';

  const std::size_t process_count = result.processes.size();
  const std::size_t shown_processes = std::min(process_count, kMaxTableRows);
  out << "Processes (times in " << unit.name << ")\n";
  write_table(out, width, unit, [&](int decimals) {
    Table t{{"process", "GIL", "hand-offs", "forced", "drop req", "GIL wait", "GIL held"}, {}};
    for (ProcessIndex p = 0; p < shown_processes; ++p) {
      const ProcessResult& r = result.processes[p];
      std::string name = ascii_clean(roster.process_name(p));
      if (!roster.processes()[p].gil) {
        t.rows.push_back({name, "off", "-", "-", "-", "-", "-"});
        continue;
      }
      t.rows.push_back({name, "on", std::to_string(r.gil_handoffs), std::to_string(r.forced_switches),
                        std::to_string(r.drop_requests), format_in(r.gil_wait, unit, decimals),
                        format_in(r.gil_held, unit, decimals)});
    }
    return t;
  });
  if (process_count > shown_processes)
    out << "(" << process_count - shown_processes << " more processes not listed; the JSON report has them all)\n";
  out << '\n';

  write_sync_table(out, roster, result, width, unit);

  const std::size_t cores = roster.cores();
  const std::size_t key_width = 13;
  write_keyed(out, "Parallelism",
              "average " + fixed2(result.parallelism.average) + ", max " + std::to_string(result.parallelism.max) +
                  " (threads on a core)",
              key_width, width);
  write_keyed(out, "Concurrency",
              "average " + fixed2(result.concurrency.average) + ", max " + std::to_string(result.concurrency.max) +
                  " (threads alive)",
              key_width, width);
  std::string busy;
  if (result.makespan > 0 && cores > 0) {
    Time total = 0;
    for (Time b : result.core_busy) total += b;
    busy = "overall " +
           percent(static_cast<double>(total) / (static_cast<double>(cores) * static_cast<double>(result.makespan)), 1);
    std::size_t shown_cores = std::min(cores, kLanesPerKind);
    for (std::size_t c = 0; c < shown_cores; ++c) {
      Time b = c < result.core_busy.size() ? result.core_busy[c] : 0;
      busy += (c == 0 ? "; core " : ", core ") + std::to_string(c) + " " +
              percent(static_cast<double>(b) / static_cast<double>(result.makespan), 1);
    }
    if (cores > shown_cores) busy += ", " + std::to_string(cores - shown_cores) + " more cores";
  } else {
    busy = "-";
  }
  write_keyed(out, "Utilisation", busy, key_width, width);
  Time overhead = 0;
  for (Time o : result.core_overhead) overhead += o;
  if (overhead > 0) {
    std::string text = format_time_fixed(overhead) + " switching threads";
    std::size_t shown_cores = std::min<std::size_t>(result.core_overhead.size(), kLanesPerKind);
    for (std::size_t c = 0; c < shown_cores; ++c)
      text += (c == 0 ? "; core " : ", core ") + std::to_string(c) + " " + format_time_fixed(result.core_overhead[c]);
    if (result.core_overhead.size() > shown_cores)
      text += ", " + std::to_string(result.core_overhead.size() - shown_cores) + " more cores";
    write_keyed(out, "Overhead", text, key_width, width);
  }

  std::string reading = plain_reading(result, roster.cores());
  if (!reading.empty()) {
    out << '\n';
    write_keyed(out, "", reading, 0, width);
  }
}

}  // namespace

TimelineOptions text_timeline_options(int width) {
  TimelineOptions options;
  const auto columns = static_cast<std::size_t>(std::clamp(width, static_cast<int>(kMinWidth), 4096));
  while (options.buckets < 8 * columns) options.buckets *= 2;
  return options;
}

void write_text_report(std::ostream& out, const Roster& roster, const RunResult& result, int width) {
  write_text_report(out, roster, result, Timeline::from_result(roster, result), width);
}

void write_text_report(std::ostream& out, const Roster& roster, const RunResult& result, const Timeline& timeline,
                       int requested_width) {
  const std::size_t width = std::max(kMinWidth, static_cast<std::size_t>(std::max(requested_width, 0)));
  const Scenario& sc = roster.scenario();
  const Unit unit = unit_for(result.makespan);

  write_keyed(out, "Scenario", ascii_clean(sc.name), kKeyWidth, width);
  std::size_t start = 0;
  while (start < sc.description.size()) {
    std::size_t end = sc.description.find('\n', start);
    if (end == std::string::npos) end = sc.description.size();
    write_keyed(out, "", ascii_clean(std::string_view(sc.description).substr(start, end - start)), kKeyWidth, width);
    start = end + 1;
  }
  write_keyed(out, "Cores", std::to_string(roster.cores()), kKeyWidth, width);
  write_keyed(out, "Scheduler",
              describe_scheduler(sc, TimeStyle::fixed),
              kKeyWidth, width);
  write_keyed(out, "GIL", describe_gil(sc.gil, TimeStyle::fixed), kKeyWidth, width);
  write_keyed(out, "Makespan", format_time_fixed(result.makespan), kKeyWidth, width);
  if (result.deadlock.empty() && result.program_errors.empty()) write_keyed(out, "Outcome", "completed", kKeyWidth, width);
  for (const Deadlock& e : result.program_errors)  // the messages have the time
    write_keyed(out, "Outcome", "PROGRAM ERROR: " + ascii_clean(e.message), kKeyWidth, width);
  if (!result.deadlock.empty())
    write_keyed(out, "Outcome", "DEADLOCK: " + ascii_clean(result.deadlock.front().message), kKeyWidth, width);
  out << '\n';

  if (result.output.empty()) {
    out << "Output: none\n\n";
  } else {
    out << "Output\n";
    std::size_t time_width = format_in(result.makespan, unit, unit.decimals).size() + 1 + std::string(unit.name).size();
    std::size_t name_width = 0;
    for (const OutputLine& line : result.output) name_width = std::max(name_width, roster.full_name(line.thread).size());
    name_width = std::min(name_width, width / 4);
    std::size_t indent = time_width + 2 + name_width + 2;
    for (const OutputLine& line : result.output) {
      std::string time = format_in(line.time, unit, unit.decimals) + " " + unit.name;
      std::string prefix = pad(time, time_width, Align::right) + "  " +
                           pad(fit(ascii_clean(roster.full_name(line.thread)), name_width), name_width, Align::left) + "  ";
      write_keyed(out, prefix, ascii_clean(line.text), indent, width);
    }
    out << '\n';
  }

  if (result.makespan <= 0) {
    out << "Timeline: nothing to draw, the makespan is 0.\n\n";
  } else {
    write_text_timeline(out, roster, result, timeline, width, unit);
    out << '\n';
  }

  write_summary(out, roster, result, width, unit);
}

}  // namespace gilsim
