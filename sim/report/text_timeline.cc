#include "report/text_timeline.h"

#include <algorithm>
#include <utility>

#include "report/deadlock_view.h"
#include "report/text_format.h"

namespace gilsim {

namespace {

// Products of a time and a column count overflow int64 for long runs.
__extension__ typedef __int128 Wide;

Time mul_div(Time a, Time b, Time c) {
  return static_cast<Time>(static_cast<Wide>(a) * static_cast<Wide>(b) / static_cast<Wide>(c));
}

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

// After a deadlock each lane gets a few more columns: what it shows for ever,
// then a mark if it is in the wait-for cycle.
constexpr std::size_t kStuckColumns = 5;
constexpr const char* kStuckLabel = "stuck";
constexpr const char* kCycleMark = " <";

struct LaneWriter {
  std::ostream& out;
  std::size_t label_width;
  bool stuck;  // the run deadlocked: lanes go on past the makespan

  // `label` shortened to the width (a thread's key letter, "A ", always
  // kept), `chart`, then (stuck) `end` for ever and the cycle mark.
  void lane(const std::string& label, const std::string& chart, char end = ' ', bool in_cycle = false) const {
    const bool keyed = label.size() > 2 && label[1] == ' ' && label[0] != ' ';
    const std::string shown =
        keyed ? label.substr(0, 2) + abbreviate(label.substr(2), label_width - 2) : abbreviate(label, label_width);
    std::string line = pad(shown, label_width, Align::left) + " |" + chart + "|";
    if (stuck) line += std::string(kStuckColumns, end) + "|" + (in_cycle ? kCycleMark : "");
    out << rtrim(std::move(line)) << '\n';
  }
};

}  // namespace

void write_text_timeline(std::ostream& out, const Roster& roster, const RunResult& result, const Timeline& timeline,
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
  for (ProcessIndex p : gil_processes) gil_labels.push_back("GIL " + terminal_text(roster.process_name(p)));
  for (SyncIndex s : timeline.lock_syncs()) lock_labels.push_back(terminal_text(roster.sync_full_name(s)));
  for (ThreadIndex i = 0; i < shown_threads; ++i)
    thread_labels.push_back(std::string(1, thread_symbol(i)) + " " + terminal_text(roster.full_name(i)));
  std::size_t label_width = std::string("parallelism").size();
  for (const auto* labels : {&core_labels, &gil_labels, &lock_labels, &thread_labels})
    for (const std::string& l : *labels) label_width = std::max(label_width, text_columns(l));
  label_width = std::min(label_width, std::max<std::size_t>(12, width / 4));
  const bool stuck = timeline.deadlocked();
  const std::size_t stuck_width = stuck ? kStuckColumns + 1 + std::string(kCycleMark).size() : 0;
  auto columns = static_cast<Time>(width - label_width - 3 - stuck_width);
  columns = std::min(columns, makespan);  // every column at least 1 ns
  const DeadlockView cycle = deadlock_view(roster, result.deadlock);
  const LaneWriter lanes{out, label_width, stuck};

  std::vector<Time> bounds(static_cast<std::size_t>(columns) + 1);
  for (Time i = 0; i <= columns; ++i) bounds[static_cast<std::size_t>(i)] = mul_div(i, makespan, columns);

  write_keyed(out, "",
              "Timeline: 0 to " + format_time_fixed(makespan) + ", " + std::to_string(columns) +
                  (columns == 1 ? " column of " : " columns of ") + (makespan % columns != 0 ? "about " : "") +
                  format_time_fixed(makespan / columns) + (stuck ? ", then stuck" : ""),
              0, width);
  Axis axis = make_axis(bounds, unit);
  out << rtrim(pad(axis_label, label_width, Align::left) + "  " + axis.labels + (stuck ? std::string(" ") + kStuckLabel : ""))
      << '\n';
  lanes.lane("", axis.ruler);

  auto end = [&](LaneKind kind, std::size_t lane) { return timeline.end_symbol(kind, lane); };
  for (std::size_t c = 0; c < shown_cores; ++c)
    lanes.lane(core_labels[c], timeline.chart(LaneKind::core, c, bounds), end(LaneKind::core, c));
  for (std::size_t k = 0; k < gil_processes.size(); ++k)
    lanes.lane(gil_labels[k], timeline.chart(LaneKind::gil, k, bounds), end(LaneKind::gil, k));
  for (std::size_t k = 0; k < lock_labels.size(); ++k)
    lanes.lane(lock_labels[k], timeline.chart(LaneKind::lock, k, bounds), end(LaneKind::lock, k),
               cycle.sync_marked(timeline.lock_syncs()[k]));
  for (ThreadIndex i = 0; i < shown_threads; ++i)
    lanes.lane(thread_labels[i], timeline.chart(LaneKind::thread, i, bounds), end(LaneKind::thread, i),
               cycle.thread_marked(i));
  lanes.lane("concurrency", timeline.chart(LaneKind::concurrency, 0, bounds), end(LaneKind::concurrency, 0));
  lanes.lane("parallelism", timeline.chart(LaneKind::parallelism, 0, bounds), end(LaneKind::parallelism, 0));
  lanes.lane("", axis.ruler);

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
  std::vector<std::string> key;
  for (ThreadIndex i = 0; i < std::min(thread_count, kUniqueSymbols); ++i)
    key.push_back(std::string(1, thread_symbol(i)) + "=" + terminal_text(roster.full_name(i)));
  if (thread_count > kUniqueSymbols) key.push_back("*=the other " + std::to_string(thread_count - kUniqueSymbols) + " threads");
  write_keyed_items(out, "Threads", key, " ", key_width, width);
  // The key lists the states the lanes show, and only those.
  static constexpr std::pair<ThreadState, const char*> kStateWords[] = {
      {ThreadState::running, "running"},       {ThreadState::native, "native"},
      {ThreadState::ready, "ready"},           {ThreadState::gil_wait, "gil_wait"},
      {ThreadState::sleep, "sleep"},           {ThreadState::io, "I/O"},
      {ThreadState::join, "join"},             {ThreadState::start, "start-wait"},
      {ThreadState::process_wait, "process-wait"}, {ThreadState::lock_wait, "lock_wait"},
      {ThreadState::event_wait, "event_wait"}, {ThreadState::queue_wait, "queue_wait"},
      {ThreadState::device_wait, "device_wait"}};
  std::vector<std::string> states;
  for (const auto& [state, word] : kStateWords)
    if (timeline.shows(state)) states.push_back(std::string(1, state_symbol(state)) + " " + word);
  states.push_back("(blank) not alive");
  write_keyed_items(out, "States", states, ", ", key_width, width);
  bool switches = roster.scenario().scheduler.context_switch > 0;
  write_keyed(out, "Cores",
              std::string("thread that ran, ") + (switches ? "%=switching, " : "") + ".=idle; GIL" +
                  (lock_labels.empty() ? "" : " and locks") + ": thread that held it, .=free",
              key_width, width);
  write_keyed(out, "Levels", "concurrency = threads alive, parallelism = threads on a core; +=more than 9",
              key_width, width);
  if (stuck) {
    std::string paths;
    for (const std::vector<std::string>& path : cycle_paths(roster, result.deadlock.front())) {
      std::string text;
      for (const std::string& step : path) text += (text.empty() ? "" : " -> ") + terminal_text(step);
      paths += (paths.empty() ? "" : "; ") + text;
    }
    write_keyed(out, "Deadlock",
                "at " + format_time_fixed(makespan) + "; \"" + kStuckLabel + "\": what each lane shows for ever after" +
                    (paths.empty() ? "" : std::string(";") + kCycleMark + " = in the wait-for cycle " + paths),
                key_width, width);
  }
}

}  // namespace gilsim
