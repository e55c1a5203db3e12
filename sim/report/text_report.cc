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

namespace gilsim {

namespace {

constexpr std::size_t kMinWidth = 40;
constexpr std::size_t kMaxTableRows = 50;
constexpr std::size_t kKeyWidth = 12;       // "Scheduler   " in the header

// Products of a time and a column count overflow int64 for long runs.
__extension__ typedef __int128 Wide;

Time mul_div(Time a, Time b, Time c) {
  return static_cast<Time>(static_cast<Wide>(a) * static_cast<Wide>(b) / static_cast<Wide>(c));
}

std::string format_or_dash(Time t, const Unit& unit, int decimals) {
  return t < 0 ? "-" : format_in(t, unit, decimals);
}

// ---------------------------------------------------------------- timeline

struct Axis {
  std::string labels;  // tick labels, `columns` wide
  std::string ruler;   // '-' with '+' at the ticks
};

// Ticks every 1, 2 or 5 x 10^k ns, the smallest step whose labels do not collide.
Axis make_axis(const std::vector<Time>& bounds, const Unit& unit) {
  Time makespan = bounds.back();
  auto columns = static_cast<Time>(bounds.size() - 1);
  std::size_t whole_digits = std::to_string(makespan / unit.scale).size();
  Time step = makespan;  // fallback: ticks at 0 and at the end only
  bool found = false;
  for (Time power = 1; !found && power <= kTimeMax / 10; power *= 10) {
    // Multiples of m x power need this many digits after the point in `unit`.
    std::size_t decimals = 0;
    for (Time p = power; p < unit.scale; p *= 10) ++decimals;
    std::size_t label_width = whole_digits + (decimals > 0 ? decimals + 1 : 0);
    for (Time m : {1, 2, 5}) {
      Time candidate = m * power;
      if (static_cast<Wide>(candidate) * columns >= static_cast<Wide>(label_width + 2) * makespan) {
        step = candidate;
        found = true;
        break;
      }
    }
  }
  Axis axis{std::string(bounds.size() - 1, ' '), std::string(bounds.size() - 1, '-')};
  std::size_t next_free = 0;
  for (Time t = 0; t <= makespan; t += step) {
    auto column = static_cast<std::size_t>(mul_div(t, columns, makespan));
    while (column + 1 < bounds.size() - 1 && bounds[column + 1] <= t) ++column;
    column = std::min(column, bounds.size() - 2);
    axis.ruler[column] = '+';
    std::string label = format_exact(t, unit);
    std::size_t start = column + label.size() > axis.labels.size() ? axis.labels.size() - label.size() : column;
    if (start >= next_free) {
      axis.labels.replace(start, label.size(), label);
      next_free = start + label.size() + 1;
    }
    if (t > makespan - step) break;  // the next step would overflow or pass the end
  }
  return axis;
}

void write_lane(std::ostream& out, const std::string& label, const std::string& chart, std::size_t label_width) {
  out << pad(fit(label, label_width), label_width, Align::left) << " |" << chart << "|\n";
}

void write_timeline(std::ostream& out, const Roster& roster, const RunResult& result, const Timeline& timeline,
                    std::size_t width, const Unit& unit) {
  const Time makespan = result.makespan;
  const std::size_t thread_count = result.threads.size();
  const std::size_t core_count = roster.cores();
  const std::size_t shown_cores = timeline.lanes(LaneKind::core);
  const std::size_t shown_threads = timeline.lanes(LaneKind::thread);
  const std::vector<ProcessIndex>& gil_processes = timeline.gil_processes();
  const std::size_t gil_process_count = timeline.gil_process_count();

  // Labels first: their width decides how many columns the chart gets.
  std::string axis_label = std::string("time (") + unit.name + ")";
  std::vector<std::string> core_labels, gil_labels, lock_labels, thread_labels;
  for (std::size_t c = 0; c < shown_cores; ++c) core_labels.push_back("core " + std::to_string(c));
  for (ProcessIndex p : gil_processes) gil_labels.push_back("GIL " + ascii_clean(roster.process_name(p)));
  for (SyncIndex s : timeline.lock_syncs()) lock_labels.push_back(ascii_clean(roster.sync_full_name(s)));
  for (ThreadIndex i = 0; i < shown_threads; ++i)
    thread_labels.push_back(std::string(1, thread_symbol(i)) + " " + ascii_clean(roster.full_name(i)));
  std::size_t label_width = std::string("parallelism").size();
  for (const auto* labels : {&core_labels, &gil_labels, &lock_labels, &thread_labels})
    for (const std::string& l : *labels) label_width = std::max(label_width, l.size());
  label_width = std::min(label_width, std::max<std::size_t>(12, width / 4));
  auto columns = static_cast<Time>(width - label_width - 3);
  columns = std::min(columns, makespan);  // every column at least 1 ns

  std::vector<Time> bounds(static_cast<std::size_t>(columns) + 1);
  for (Time i = 0; i <= columns; ++i) bounds[static_cast<std::size_t>(i)] = mul_div(i, makespan, columns);

  out << "Timeline: 0 to " << format_time_fixed(makespan) << ", " << columns << (columns == 1 ? " column of " : " columns of ")
      << (makespan % columns != 0 ? "about " : "") << format_time_fixed(makespan / columns) << '\n';
  Axis axis = make_axis(bounds, unit);
  out << rtrim(pad(axis_label, label_width, Align::left) + "  " + axis.labels) << '\n';
  write_lane(out, "", axis.ruler, label_width);

  for (std::size_t c = 0; c < shown_cores; ++c)
    write_lane(out, core_labels[c], timeline.chart(LaneKind::core, c, bounds), label_width);
  for (std::size_t k = 0; k < gil_processes.size(); ++k)
    write_lane(out, gil_labels[k], timeline.chart(LaneKind::gil, k, bounds), label_width);
  for (std::size_t k = 0; k < lock_labels.size(); ++k)
    write_lane(out, lock_labels[k], timeline.chart(LaneKind::lock, k, bounds), label_width);
  for (ThreadIndex i = 0; i < shown_threads; ++i)
    write_lane(out, thread_labels[i], timeline.chart(LaneKind::thread, i, bounds), label_width);
  write_lane(out, "concurrency", timeline.chart(LaneKind::concurrency, 0, bounds), label_width);
  write_lane(out, "parallelism", timeline.chart(LaneKind::parallelism, 0, bounds), label_width);
  write_lane(out, "", axis.ruler, label_width);

  std::vector<std::string> omitted;
  if (core_count > shown_cores) omitted.push_back(std::to_string(core_count - shown_cores) + " more cores");
  if (gil_process_count > gil_processes.size())
    omitted.push_back(std::to_string(gil_process_count - gil_processes.size()) + " more GIL lanes");
  if (timeline.lock_count() > lock_labels.size())
    omitted.push_back(std::to_string(timeline.lock_count() - lock_labels.size()) + " more lock lanes");
  if (thread_count > shown_threads) omitted.push_back(std::to_string(thread_count - shown_threads) + " more threads");
  if (!omitted.empty()) {
    std::string text = "Not shown: ";
    for (std::size_t k = 0; k < omitted.size(); ++k) text += (k ? ", " : "") + omitted[k];
    write_keyed(out, "", text + " (the JSON report has them all).", 0, width);
  }

  const std::size_t key_width = 9;
  std::string key;
  for (ThreadIndex i = 0; i < std::min(thread_count, kUniqueSymbols); ++i)
    key += (i ? "  " : "") + std::string(1, thread_symbol(i)) + "=" + ascii_clean(roster.full_name(i));
  if (thread_count > kUniqueSymbols) key += "  *=the other " + std::to_string(thread_count - kUniqueSymbols) + " threads";
  write_keyed(out, "Threads", key, key_width, width);
  // Symbols of the optional features are listed only when a run can show them.
  bool waits = std::any_of(result.threads.begin(), result.threads.end(), [](const ThreadResult& r) {
    return r.time_in[ThreadState::process_wait] > 0;
  });
  const bool sync = !roster.syncs().empty() || !roster.scenario().devices.empty();
  write_keyed(out, "States",
              std::string("#=running -=ready g=gil_wait s=sleep i=I/O j=join t=start-wait ") +
                  (waits ? "w=process-wait " : "") +
                  (sync ? "l=lock_wait e=event_wait q=queue_wait d=device_wait " : "") + "(blank)=not alive",
              key_width, width);
  bool switches = roster.scenario().scheduler.context_switch > 0;
  write_keyed(out, "Cores",
              std::string("thread that ran, ") + (switches ? "%=switching, " : "") + ".=idle; GIL" +
                  (lock_labels.empty() ? "" : " and locks") + ": thread that held it, .=free",
              key_width, width);
  write_keyed(out, "Levels", "concurrency = threads alive, parallelism = threads on a core; +=more than 9",
              key_width, width);
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
    write_timeline(out, roster, result, timeline, width, unit);
    out << '\n';
  }

  write_summary(out, roster, result, width, unit);
}

}  // namespace gilsim
