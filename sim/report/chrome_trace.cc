#include "report/chrome_trace.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "report/deadlock_view.h"
#include "report/events_writer.h"  // json_quote
#include "report/outcome_text.h"

namespace gilsim {

namespace {

// pid and tid of every track; see the header for the layout.
struct TrackIds {
  explicit TrackIds(const Roster& roster) : processes(roster.processes().size()), threads(roster.threads().size()) {}
  std::uint64_t process_pid(ProcessIndex p) const { return p + 1; }
  std::uint64_t cpu_pid() const { return processes + 1; }
  std::uint64_t thread_tid(ThreadIndex t) const { return processes + 2 + t; }
  std::uint64_t gil_tid(ProcessIndex p) const { return processes + 2 + threads + p; }
  std::uint64_t core_tid(CoreIndex c) const { return processes + 2 + threads + processes + c; }
  std::uint64_t processes;
  std::uint64_t threads;
};

// chrome://tracing colours slices by these reserved names; Perfetto ignores
// them and colours by slice name, which is the state's name: stable either way.
const char* state_colour(ThreadState s) {
  switch (s) {
    case ThreadState::running: return "thread_state_running";
    case ThreadState::native: return "rail_animation";
    case ThreadState::ready: return "thread_state_runnable";
    case ThreadState::gil_wait: return "terrible";
    case ThreadState::sleep: return "thread_state_sleeping";
    case ThreadState::io: return "thread_state_iowait";
    case ThreadState::join:
    case ThreadState::start:
    case ThreadState::process_wait: return "grey";
    case ThreadState::lock_wait: return "bad";
    case ThreadState::event_wait: return "yellow";
    case ThreadState::queue_wait: return "olive";
    case ThreadState::device_wait: return "thread_state_uninterruptible";
    case ThreadState::not_started:
    case ThreadState::finished: return "white";
  }
  return "white";
}

// Appends one event per line to the traceEvents array. Each event is built in
// a reused buffer: a million events cost no more than their bytes.
class EventStream {
 public:
  explicit EventStream(std::ostream& out) : out_(&out) {}

  // Starts an event: {"ph":"X","name":...,"cat":...,"pid":...
  EventStream& begin(char phase, std::string_view quoted_name, std::string_view cat, std::uint64_t pid) {
    line_.assign(first_ ? "\n{\"ph\":\"" : ",\n{\"ph\":\"");
    line_ += phase;
    line_ += "\",\"name\":";
    line_ += quoted_name;
    if (!cat.empty()) {
      line_ += ",\"cat\":\"";
      line_ += cat;
      line_ += '"';
    }
    return number("pid", pid);
  }
  EventStream& number(std::string_view key, std::uint64_t value) {
    char buf[24];
    auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
    return raw(key, std::string_view(buf, static_cast<std::size_t>(end - buf)));
  }
  EventStream& micros(std::string_view key, Time t) { return raw(key, trace_micros(t)); }
  // `value` is already JSON (a quoted string, a number or an object).
  EventStream& raw(std::string_view key, std::string_view value) {
    line_ += ",\"";
    line_ += key;
    line_ += "\":";
    line_ += value;
    return *this;
  }
  void end() {
    line_ += '}';
    *out_ << line_;
    first_ = false;
  }

 private:
  std::ostream* out_;
  std::string line_;
  bool first_ = true;
};

std::string args_object(std::string_view key, std::string_view json_value) {
  return "{\"" + std::string(key) + "\":" + std::string(json_value) + "}";
}

// Metadata events carry the category Chrome gives them: some trace libraries
// read "cat" on every event.
constexpr std::string_view kMetadata = "__metadata";

void name_process(EventStream& events, std::uint64_t pid, const std::string& name, std::uint64_t sort_index) {
  events.begin('M', "\"process_name\"", kMetadata, pid).raw("args", args_object("name", json_quote(name))).end();
  events.begin('M', "\"process_sort_index\"", kMetadata, pid)
      .raw("args", args_object("sort_index", std::to_string(sort_index)))
      .end();
}

void name_track(EventStream& events, std::uint64_t pid, std::uint64_t tid, const std::string& name,
                std::uint64_t sort_index) {
  events.begin('M', "\"thread_name\"", kMetadata, pid).number("tid", tid).raw("args", args_object("name", json_quote(name))).end();
  events.begin('M', "\"thread_sort_index\"", kMetadata, pid)
      .number("tid", tid)
      .raw("args", args_object("sort_index", std::to_string(sort_index)))
      .end();
}

// Every core is named, so that an idle one shows as such, up to this many;
// past it only the cores that ran something (a run may have a million cores).
constexpr CoreIndex kAllCoresNamedUpTo = 1024;

void write_metadata(EventStream& events, const Roster& roster, const RunResult& result, const TrackIds& ids) {
  name_process(events, ids.cpu_pid(), "CPU", 0);
  for (CoreIndex c = 0; c < roster.cores(); ++c)
    if (roster.cores() <= kAllCoresNamedUpTo || (c < result.core_busy.size() && result.core_busy[c] > 0))
      name_track(events, ids.cpu_pid(), ids.core_tid(c), "core " + std::to_string(c), c);
  for (ProcessIndex p = 0; p < roster.processes().size(); ++p) {
    const ProcessInfo& info = roster.processes()[p];
    name_process(events, ids.process_pid(p), roster.process_name(p), p + 1);
    if (info.gil) name_track(events, ids.process_pid(p), ids.gil_tid(p), "GIL", 0);
    for (std::uint32_t k = 0; k < info.thread_count; ++k) {
      ThreadIndex t = info.first_thread + k;
      name_track(events, ids.process_pid(p), ids.thread_tid(t), roster.thread_name(t), k + 1);
    }
  }
}

struct CoreSlice {
  Time start;
  Time end;
  ThreadIndex thread;  // kSwitching: the core switching threads
};
constexpr ThreadIndex kSwitching = UINT32_MAX;

void write_cores(EventStream& events, const Roster& roster, const RunResult& result, const TrackIds& ids,
                 const std::vector<std::string>& quoted_names) {
  std::vector<std::vector<CoreSlice>> by_core(roster.cores());
  for (ThreadIndex t = 0; t < result.threads.size(); ++t)
    for (const StateInterval& iv : result.intervals_of(t))
      if (on_core(iv.state) && iv.detail < by_core.size()) by_core[iv.detail].push_back({iv.start, iv.end, t});
  for (CoreIndex c = 0; c < result.core_overheads.size() && c < by_core.size(); ++c)
    for (const OverheadInterval& o : result.core_overheads[c]) by_core[c].push_back({o.start, o.end, kSwitching});
  for (CoreIndex c = 0; c < by_core.size(); ++c) {
    std::vector<CoreSlice>& slices = by_core[c];
    std::sort(slices.begin(), slices.end(), [](const CoreSlice& a, const CoreSlice& b) { return a.start < b.start; });
    for (const CoreSlice& s : slices)
      events.begin('X', s.thread == kSwitching ? "\"context switch\"" : quoted_names[s.thread],
                   s.thread == kSwitching ? "overhead" : "core", ids.cpu_pid())
          .number("tid", ids.core_tid(c))
          .micros("ts", s.start)
          .micros("dur", s.end - s.start)
          .end();
  }
}

void write_level(EventStream& events, const LevelSummary& level, std::string_view name, std::string_view series,
                 std::uint64_t pid) {
  const std::string quoted_name = json_quote(name);
  const std::string key = json_quote(series);
  for (const StepPoint& p : level.curve)
    events.begin('C', quoted_name, "level", pid).micros("ts", p.time).raw("args", "{" + key + ":" + std::to_string(p.value) + "}").end();
}

// A flow arrow's two ends, each at the exact start of the slice it binds to
// and written right after that slice: viewers that bind to the enclosing
// slice, to the next slice or to the slice that starts at the flow's time all
// bind it to that slice (Perfetto draws the arrow from the end of the first).
void flow_start(EventStream& events, std::string_view name, std::string_view cat, std::uint64_t pid,
                std::uint64_t tid, Time slice_start, std::uint64_t id) {
  events.begin('s', name, cat, pid).number("tid", tid).micros("ts", slice_start).number("id", id).end();
}
void flow_end(EventStream& events, std::string_view name, std::string_view cat, std::uint64_t pid, std::uint64_t tid,
              Time slice_start, std::uint64_t id) {
  events.begin('f', name, cat, pid).number("tid", tid).micros("ts", slice_start).number("id", id).raw("bp", "\"e\"").end();
}

// Holder slices, and an arrow from each holder to the next different one.
void write_gil(EventStream& events, ProcessIndex p, const ProcessResult& process, const TrackIds& ids,
               const std::vector<std::string>& quoted_names, std::uint64_t& next_flow_id) {
  const std::uint64_t pid = ids.process_pid(p);
  const std::uint64_t tid = ids.gil_tid(p);
  const std::vector<GilInterval>& holders = process.holders;
  for (std::size_t k = 0; k < holders.size(); ++k) {
    const GilInterval& g = holders[k];
    events.begin('X', quoted_names[g.holder], "gil", pid)
        .number("tid", tid)
        .micros("ts", g.start)
        .micros("dur", g.end - g.start)
        .raw("args", g.forced ? "{\"forced\":true}" : "{\"forced\":false}")
        .end();
    if (k > 0 && holders[k - 1].holder != g.holder)  // the arrow that ends here; its id is the previous one
      flow_end(events, g.forced ? "\"forced GIL hand-off\"" : "\"GIL hand-off\"", "gil", pid, tid, g.start,
               next_flow_id - 1);
    if (k + 1 == holders.size() || holders[k + 1].holder == g.holder) continue;
    flow_start(events, holders[k + 1].forced ? "\"forced GIL hand-off\"" : "\"GIL hand-off\"", "gil", pid, tid, g.start,
               next_flow_id++);
  }
}

// What a state's slice says in its args: "\"core\":0", "\"on\":\"app/L1\"", or nothing.
std::string state_args(const Roster& roster, const StateInterval& iv, const std::vector<std::string>& quoted_names) {
  if (on_core(iv.state)) return "\"core\":" + std::to_string(iv.detail);
  if ((iv.state == ThreadState::join || iv.state == ThreadState::start) && iv.detail < quoted_names.size())
    return "\"thread\":" + quoted_names[iv.detail];
  if (iv.state == ThreadState::process_wait) return "\"process\":" + json_quote(roster.process_name(iv.detail));
  if (iv.state == ThreadState::device_wait) return "\"device\":" + json_quote(roster.device_name(iv.detail));
  if (is_sync_wait(iv.state)) return "\"on\":" + json_quote(roster.sync_full_name(iv.detail));
  return "";
}

void write_thread(EventStream& events, const Roster& roster, ThreadIndex t, const std::vector<StateInterval>& intervals,
                  const std::vector<const OutputLine*>& prints,
                  const TrackIds& ids, std::uint64_t pid, const std::vector<std::string>& quoted_names) {
  const std::uint64_t tid = ids.thread_tid(t);
  for (const StateInterval& iv : intervals) {
    if (iv.end == iv.start) continue;  // a wait a deadlock began as it stopped the run: see write_stuck
    events.begin('X', json_quote(state_name(iv.state)), "state", pid)
        .number("tid", tid)
        .micros("ts", iv.start)
        .micros("dur", iv.end - iv.start)
        .raw("cname", json_quote(state_colour(iv.state)));
    const std::string args = state_args(roster, iv, quoted_names);
    if (!args.empty()) events.raw("args", "{" + args + "}");
    events.end();
  }
  for (const OutputLine* line : prints)
    events.begin('i', json_quote(line->text), "print", pid).number("tid", tid).micros("ts", line->time).raw("s", "\"t\"").end();
}

// After a deadlock: on each thread it blocks for ever, a slice "stuck:
// lock_wait" from the deadlock on (an eighth of the run long, as the other
// timelines draw it), and a "waits for" arrow along each wait-for cycle.
void write_stuck(EventStream& events, const Roster& roster, const RunResult& result, const TrackIds& ids,
                 const std::vector<std::string>& quoted_names, std::uint64_t& next_flow_id) {
  if (result.deadlock.empty()) return;
  const Deadlock& d = result.deadlock.front();
  const DeadlockView view = deadlock_view(roster, result.deadlock);
  const Time at = result.makespan;
  for (ThreadIndex t = 0; t < result.threads.size(); ++t) {
    const std::vector<StateInterval>& intervals = result.intervals_of(t);
    if (!view.thread_stuck(t) || intervals.empty()) continue;
    const StateInterval& last = intervals.back();
    std::string args = state_args(roster, last, quoted_names);
    args += std::string(args.empty() ? "" : ",") + "\"since_us\":" + trace_micros(last.start) +
            ",\"in_cycle\":" + (view.thread_marked(t) ? "true" : "false");
    events.begin('X', json_quote(std::string("stuck: ") + state_name(last.state)), "deadlock",
                 ids.process_pid(roster.threads()[t].process))
        .number("tid", ids.thread_tid(t))
        .micros("ts", at)
        .micros("dur", stuck_stretch(at))
        .raw("cname", "\"terrible\"")
        .raw("args", "{" + args + "}")
        .end();
  }
  for (const std::vector<StuckThread>& cycle : d.cycles) {
    for (std::size_t i = 0; i < cycle.size(); ++i) {
      const ThreadIndex from = cycle[i].thread, to = cycle[(i + 1) % cycle.size()].thread;
      const std::uint64_t id = next_flow_id++;
      flow_start(events, "\"waits for\"", "deadlock", ids.process_pid(roster.threads()[from].process),
                 ids.thread_tid(from), at, id);
      flow_end(events, "\"waits for\"", "deadlock", ids.process_pid(roster.threads()[to].process), ids.thread_tid(to),
               at, id);
    }
  }
}

// The thread's scheduling counts, as an instant where its life ends (or the run does).
void write_scheduling(EventStream& events, ThreadIndex t, const ThreadResult& thread, const TrackIds& ids,
                      std::uint64_t pid, Time makespan) {
  if (thread.start < 0) return;
  std::string args = "{\"dispatches\":" + std::to_string(thread.dispatches) +
                     ",\"response_total_us\":" + trace_micros(thread.response_total) +
                     ",\"response_max_us\":" + trace_micros(thread.response_max) +
                     ",\"preemptions\":" + std::to_string(thread.preemptions) +
                     ",\"voluntary_switches\":" + std::to_string(thread.voluntary) +
                     ",\"migrations\":" + std::to_string(thread.migrations) + "}";
  events.begin('i', "\"scheduling\"", "scheduling", pid)
      .number("tid", ids.thread_tid(t))
      .micros("ts", thread.finish >= 0 ? thread.finish : makespan)
      .raw("s", "\"t\"")
      .raw("args", args)
      .end();
}

// Holds of one primitive or device on tracks of their own; overlapping holds
// (a semaphore's permits, a device's channels) each take the lowest free track.
void write_holds(EventStream& events, const std::vector<HoldInterval>& holds, std::uint64_t pid, const std::string& name,
                 std::uint64_t& next_tid, std::uint64_t sort_base, const std::vector<std::string>& quoted_names) {
  if (holds.empty()) return;
  std::vector<HoldInterval> sorted = holds;
  std::stable_sort(sorted.begin(), sorted.end(), [](const HoldInterval& a, const HoldInterval& b) { return a.start < b.start; });
  std::vector<Time> track_end;  // per track: when its last hold ends
  std::vector<std::uint64_t> tids;
  for (const HoldInterval& h : sorted) {
    std::size_t k = 0;
    while (k < track_end.size() && track_end[k] > h.start) ++k;
    if (k == track_end.size()) {
      track_end.push_back(0);
      tids.push_back(next_tid++);
      name_track(events, pid, tids[k], k == 0 ? name : name + " #" + std::to_string(k + 1), sort_base + tids[k]);
    }
    track_end[k] = h.end;
    events.begin('X', quoted_names[h.holder], "sync", pid)
        .number("tid", tids[k])
        .micros("ts", h.start)
        .micros("dur", h.end - h.start)
        .end();
  }
}

}  // namespace

std::string trace_micros(Time t) {
  // Negative times do not occur in a run; they are written exactly all the same.
  const bool negative = t < 0;
  const std::uint64_t magnitude = negative ? static_cast<std::uint64_t>(-(t + 1)) + 1 : static_cast<std::uint64_t>(t);
  std::string out = negative ? "-" : "";
  out += std::to_string(magnitude / 1000);
  const auto frac = static_cast<unsigned>(magnitude % 1000);
  out += '.';
  out += static_cast<char>('0' + frac / 100);
  out += static_cast<char>('0' + frac / 10 % 10);
  out += static_cast<char>('0' + frac % 10);
  return out;
}

void write_chrome_trace(std::ostream& out, const Roster& roster, const RunResult& result) {
  const TrackIds ids(roster);
  std::vector<std::string> quoted_names;
  quoted_names.reserve(result.threads.size());
  for (ThreadIndex t = 0; t < result.threads.size(); ++t) quoted_names.push_back(json_quote(roster.full_name(t)));
  std::vector<std::vector<const OutputLine*>> prints(result.threads.size());
  for (const OutputLine& line : result.output)
    if (line.thread < prints.size()) prints[line.thread].push_back(&line);

  // No "displayTimeUnit": some Perfetto versions read it as the unit of "ts".
  out << "{\"traceEvents\":[";
  EventStream events(out);
  write_metadata(events, roster, result, ids);
  write_cores(events, roster, result, ids, quoted_names);
  write_level(events, result.concurrency, "concurrency", "threads alive", ids.cpu_pid());
  write_level(events, result.parallelism, "parallelism", "threads on a core", ids.cpu_pid());
  std::uint64_t next_flow_id = 1;
  for (ProcessIndex p = 0; p < roster.processes().size(); ++p) {
    const ProcessInfo& info = roster.processes()[p];
    if (info.gil) write_gil(events, p, result.processes[p], ids, quoted_names, next_flow_id);
    for (std::uint32_t k = 0; k < info.thread_count; ++k) {
      ThreadIndex t = info.first_thread + k;
      write_thread(events, roster, t, result.intervals_of(t), prints[t], ids, ids.process_pid(p), quoted_names);
      write_scheduling(events, t, result.threads[t], ids, ids.process_pid(p), result.makespan);
    }
  }
  write_stuck(events, roster, result, ids, quoted_names, next_flow_id);
  std::uint64_t next_tid = ids.core_tid(roster.cores());
  for (SyncIndex s = 0; s < result.syncs.size(); ++s) {
    ProcessIndex p = roster.syncs()[s].process;
    const std::string name = std::string(sync_kind_name(roster.sync_spec(s).kind)) + " " + roster.sync_name(s);
    if (p == kSharedProcess)  // the scenario's (a queue has no holds): beside the devices
      write_holds(events, result.syncs[s].holds, ids.cpu_pid(), name, next_tid, roster.cores(), quoted_names);
    else
      write_holds(events, result.syncs[s].holds, ids.process_pid(p), name, next_tid,
                  roster.processes()[p].thread_count + 1, quoted_names);
  }
  for (DeviceIndex d = 0; d < result.devices.size(); ++d)
    write_holds(events, result.devices[d].holds, ids.cpu_pid(), "device " + roster.device_name(d), next_tid,
                roster.cores(), quoted_names);
  for (const ProgramError& e : result.program_errors)
    events.begin('i', json_quote(program_error_text(roster, e)), "program_error", ids.cpu_pid())
        .micros("ts", e.at)
        .raw("s", "\"g\"")
        .end();
  for (const Deadlock& d : result.deadlock)
    events.begin('i', json_quote(deadlock_text(roster, d)), "deadlock", ids.cpu_pid()).micros("ts", d.at).raw("s", "\"g\"").end();

  const Scenario& sc = roster.scenario();
  out << "\n],\n\"otherData\":{\"generator\":\"gilsim\",\"scenario\":" << json_quote(sc.name)
      << ",\"cores\":" << roster.cores() << ",\"makespan_ns\":" << result.makespan
      << ",\"outcome\":"
      << (!result.program_errors.empty() ? "\"program error\"" : result.deadlock.empty() ? "\"completed\"" : "\"deadlock\"")
      << "}}\n";
}

}  // namespace gilsim
