// The JSON object the HTML page's script draws from (write_chart_data): the
// lanes and counters of an HtmlTimeline, the curves, the prints, how threads
// are grouped for colour, the palette and, after a deadlock, its cycle.
#include <algorithm>
#include <charconv>
#include <map>
#include <numeric>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "report/deadlock_view.h"
#include "report/events_writer.h"  // json_quote
#include "report/html_chart.h"
#include "report/html_lanes.h"
#include "report/palette.h"

namespace gilsim {

namespace {

constexpr std::size_t kMaxPrintMarks = 2000;     // prints marked on the chart; the table has more
constexpr std::size_t kMaxPrintMarkBytes = 300;  // of each print's text, for the hover

// JSON text for the page: numbers and strings, every '<' escaped so that
// "</script>" in a thread name or a print cannot end the data element.
class DataWriter {
 public:
  explicit DataWriter(std::ostream& out) : out_(&out) {}
  ~DataWriter() { flush(); }
  DataWriter(const DataWriter&) = delete;
  DataWriter& operator=(const DataWriter&) = delete;

  DataWriter& text(std::string_view s) {
    buffer_ += s;
    if (buffer_.size() > (1u << 16)) flush();
    return *this;
  }
  DataWriter& number(std::uint64_t n) {
    char buf[24];
    auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
    return text(std::string_view(buf, static_cast<std::size_t>(end - buf)));
  }
  DataWriter& string(std::string_view s) {
    for (char c : json_quote(s)) {
      if (c == '<')
        buffer_ += "\\u003c";
      else
        buffer_ += c;
    }
    return text("");
  }
  // `[a,b,c]` from a container of strings.
  template <class Strings>
  DataWriter& strings(const Strings& list) {
    text("[");
    bool first = true;
    for (const auto& s : list) {
      if (!first) text(",");
      string(s);
      first = false;
    }
    return text("]");
  }
  void flush() {
    *out_ << buffer_;
    buffer_.clear();
  }

 private:
  std::ostream* out_;
  std::string buffer_;
};

// A lane as the page draws it: bars (core, GIL, lock, thread) or a counter.
struct Lane {
  const char* kind;  // "core", "gil", "lock", "thread", "counter"
  std::string label;
  std::vector<DrawSlice> slices;
  std::int64_t process = -1;  // of a GIL, lock, thread or primitive's counter lane
  std::int64_t thread = -1;   // of a thread lane
  bool in_cycle = false;      // a thread or lock of a deadlock's wait-for cycle
  // Counters: what they count, their points and the most they can show.
  const char* counts = "";
  std::vector<StepPoint> points;
  std::uint64_t max = 0;
};

std::string counter_label(const Roster& roster, const HtmlTimeline::Counter& c) {
  if (c.kind == std::string_view("device")) return "device " + roster.device_name(c.index);
  return std::string(c.kind) + " " + roster.sync_full_name(c.index);
}

const char* counter_counts(const HtmlTimeline::Counter& c) {
  switch (c.kind[0]) {
    case 's': return "permits in use";
    case 'q': return "items";
    case 'e': return "set";
    default: return "busy channels";
  }
}

Lane counter_lane(const Roster& roster, const HtmlTimeline::Counter& c, Time makespan) {
  Lane lane{"counter", counter_label(roster, c), {}};
  // A device and a multiprocessing queue belong to no process.
  if (c.kind != std::string_view("device") && roster.syncs()[c.index].process != kSharedProcess)
    lane.process = roster.syncs()[c.index].process;
  lane.counts = counter_counts(c);
  lane.points = reduce_for_drawing(c.curve.points(), makespan);
  std::uint64_t peak = 0;
  for (const StepPoint& p : c.curve.points()) peak = std::max<std::uint64_t>(peak, p.value);
  lane.max = std::max<std::uint64_t>(peak, static_cast<std::uint64_t>(std::max<std::int64_t>(c.capacity, 1)));
  return lane;
}

// The lanes in drawing order, merged for drawing; after a deadlock each lane
// that shows something at the end goes on showing it up to `extent`.
std::vector<Lane> build_lanes(const Roster& roster, const RunResult& result, const HtmlTimeline& timeline,
                              Time extent) {
  const DeadlockView cycle = deadlock_view(roster, result.deadlock);
  const Time makespan = timeline.makespan();
  std::vector<Lane> lanes;
  lanes.reserve(timeline.lanes().size() + timeline.counters().size());
  std::size_t next_counter = 0;
  for (std::size_t i = 0; i <= timeline.lanes().size(); ++i) {
    while (next_counter < timeline.counters().size() && timeline.counters()[next_counter].before == i)
      lanes.push_back(counter_lane(roster, timeline.counters()[next_counter++], makespan));
    if (i == timeline.lanes().size()) break;
    const HtmlTimeline::Lane& from = timeline.lanes()[i];
    Lane lane{from.kind, "", merge_for_drawing(from.slices.slices(), makespan)};
    const std::string_view kind = from.kind;
    if (kind == "core") {
      lane.label = "core " + std::to_string(from.index);
    } else if (kind == "gil") {
      lane.label = "GIL " + roster.process_name(from.process);
    } else if (kind == "lock") {
      const auto s = static_cast<SyncIndex>(from.index);
      lane.label = std::string(sync_kind_name(roster.sync_spec(s).kind)) + " " + roster.sync_full_name(s);
      lane.in_cycle = cycle.sync_marked(s);
    } else {
      lane.label = roster.full_name(static_cast<ThreadIndex>(from.index));
      lane.thread = static_cast<std::int64_t>(from.index);
      lane.in_cycle = cycle.thread_marked(static_cast<ThreadIndex>(from.index));
    }
    if (kind != "core" && from.process != kSharedProcess) lane.process = from.process;  // (a scenario's lock: none)
    if (extent > makespan && from.end_key != HtmlTimeline::kNoKey) lane.slices.push_back({makespan, extent, from.end_key, 1});
    lanes.push_back(std::move(lane));
  }
  return lanes;
}

// Threads in colour groups: each thread its own colour when there are a
// handful of them, else one colour per thread spec (its copies share it), or
// per process spec when there are more specs than colours.
struct Groups {
  std::vector<std::uint32_t> of_thread;
  std::vector<std::string> labels;
};

Groups thread_groups(const Roster& roster) {
  Groups g;
  const std::size_t n = roster.threads().size();
  g.of_thread.resize(n);
  if (n <= kGroupColourCount) {
    for (ThreadIndex t = 0; t < n; ++t) {
      g.of_thread[t] = t;
      g.labels.push_back(roster.full_name(t));
    }
    return g;
  }
  for (bool by_process : {false, true}) {
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> index;
    std::vector<std::uint64_t> members;
    g.labels.clear();
    for (ThreadIndex t = 0; t < n; ++t) {
      const ThreadInfo& info = roster.threads()[t];
      const std::uint32_t pspec = roster.processes()[info.process].spec;
      const auto key = std::make_pair(pspec, by_process ? 0u : info.spec);
      auto [it, added] = index.emplace(key, static_cast<std::uint32_t>(g.labels.size()));
      if (added) {
        const ProcessSpec& ps = roster.scenario().processes[pspec];
        g.labels.push_back(by_process ? ps.name : ps.name + "/" + ps.threads[info.spec].name);
        members.push_back(0);
      }
      g.of_thread[t] = it->second;
      ++members[it->second];
    }
    for (std::size_t k = 0; k < g.labels.size(); ++k)
      if (members[k] > 1) g.labels[k] += " (" + std::to_string(members[k]) + " threads)";
    if (g.labels.size() <= kGroupColourCount) break;
  }
  return g;
}

void write_curve(DataWriter& out, const std::vector<StepPoint>& curve, Time tick) {
  out.text("[");
  for (std::size_t i = 0; i < curve.size(); ++i) {
    if (i > 0) out.text(",");
    out.number(static_cast<std::uint64_t>(curve[i].time / tick)).text(",").number(curve[i].value);
  }
  out.text("]");
}

void write_lane(DataWriter& out, const Lane& lane, Time tick) {
  out.text("{\"kind\":\"").text(lane.kind).text("\",\"label\":").string(lane.label);
  if (lane.process >= 0) out.text(",\"process\":").number(static_cast<std::uint64_t>(lane.process));
  if (lane.thread >= 0) out.text(",\"thread\":").number(static_cast<std::uint64_t>(lane.thread));
  if (lane.in_cycle) out.text(",\"cycle\":true");
  if (lane.kind == std::string_view("counter")) {
    out.text(",\"counts\":\"").text(lane.counts).text("\",\"max\":").number(lane.max).text(",\"points\":");
    write_curve(out, lane.points, tick);
    out.text("}");
    return;
  }
  // Slices as flat triples: gap since the previous slice's end, length, key.
  out.text(",\"slices\":[");
  Time previous_end = 0;
  for (std::size_t i = 0; i < lane.slices.size(); ++i) {
    const DrawSlice& s = lane.slices[i];
    (i ? out.text(",") : out).number(static_cast<std::uint64_t>((s.start - previous_end) / tick));
    out.text(",").number(static_cast<std::uint64_t>((s.end - s.start) / tick)).text(",").number(s.key);
    previous_end = s.end;
  }
  out.text("],\"merged\":[");
  bool first = true;
  for (std::size_t i = 0; i < lane.slices.size(); ++i) {
    if (lane.slices[i].count == 1) continue;
    out.text(first ? "[" : ",[").number(i).text(",").number(lane.slices[i].count).text("]");
    first = false;
  }
  out.text("]}");
}

// The palette: per state (by index, as "states" names them) its colour and
// words, null for the states no lane shows.
void write_palette(DataWriter& out) {
  out.text(",\n\"styles\":[");
  for (int s = 0; s < kThreadStateCount; ++s) {
    if (s > 0) out.text(",");
    const StateStyle* style = state_style(static_cast<ThreadState>(s));
    if (style == nullptr) {
      out.text("null");
    } else {
      out.text("[").string(style->colour).text(",").string(style->words).text("]");
    }
  }
  out.text("],\"style_order\":[");  // the legend's order
  for (std::size_t i = 0; i < kStateStyleCount; ++i)
    (i ? out.text(",") : out).number(static_cast<std::uint64_t>(kStateStyles[i].state));
  out.text("],\"lane_background\":").string(kLaneBackground).text(",\"group_colours\":").strings(kGroupColours);
}

}  // namespace

void write_chart_data(std::ostream& stream, const Roster& roster, const RunResult& result, const HtmlTimeline& timeline) {
  const bool stuck = !result.deadlock.empty() && timeline.makespan() > 0;
  const Time extent = result.makespan + (stuck ? stuck_stretch(result.makespan) : 0);
  const std::vector<Lane> lanes = build_lanes(roster, result, timeline, extent);
  const std::vector<StepPoint> concurrency = reduce_for_drawing(timeline.concurrency().points(), result.makespan);
  const std::vector<StepPoint> parallelism = reduce_for_drawing(timeline.parallelism().points(), result.makespan);
  std::vector<const OutputLine*> prints;
  for (const OutputLine& line : result.output) {
    if (prints.size() == kMaxPrintMarks) break;
    if (line.thread < timeline.shown().threads) prints.push_back(&line);
  }

  // Every time is written as a multiple of the largest common divisor, "tick":
  // a run in whole milliseconds writes 5 rather than 5000000.
  Time tick = std::gcd(result.makespan, extent);
  for (const Lane& lane : lanes) {
    for (const DrawSlice& s : lane.slices) tick = std::gcd(std::gcd(tick, s.start), s.end);
    for (const StepPoint& p : lane.points) tick = std::gcd(tick, p.time);
  }
  for (const auto* curve : {&concurrency, &parallelism})
    for (const StepPoint& p : *curve) tick = std::gcd(tick, p.time);
  for (const OutputLine* line : prints) tick = std::gcd(tick, line->time);
  if (tick <= 0) tick = 1;

  DataWriter out(stream);
  out.text("{\"tick\":").number(static_cast<std::uint64_t>(tick));
  out.text(",\"makespan\":").number(static_cast<std::uint64_t>(result.makespan / tick));
  out.text(",\"extent\":").number(static_cast<std::uint64_t>(extent / tick));
  out.text(",\"cores\":").number(roster.cores());
  out.text(",\"states\":[");
  for (int s = 0; s < kThreadStateCount; ++s) (s ? out.text(",") : out).string(state_name(static_cast<ThreadState>(s)));
  out.text("]");
  write_palette(out);
  out.text(",\n\"threads\":[");
  for (ThreadIndex t = 0; t < roster.threads().size(); ++t) (t ? out.text(",") : out).string(roster.full_name(t));
  const Groups groups = thread_groups(roster);
  out.text("],\n\"thread_group\":[");
  for (ThreadIndex t = 0; t < groups.of_thread.size(); ++t) (t ? out.text(",") : out).number(groups.of_thread[t]);
  out.text("],\n\"groups\":").strings(groups.labels);
  out.text(",\n\"processes\":[");
  for (ProcessIndex p = 0; p < roster.processes().size(); ++p) (p ? out.text(",") : out).string(roster.process_name(p));
  out.text("],\n\"syncs\":[");
  for (SyncIndex s = 0; s < roster.syncs().size(); ++s) (s ? out.text(",") : out).string(roster.sync_full_name(s));
  out.text("],\n\"devices\":[");
  for (DeviceIndex d = 0; d < roster.scenario().devices.size(); ++d) (d ? out.text(",") : out).string(roster.device_name(d));
  out.text("],\n\"lanes\":[");
  for (std::size_t l = 0; l < lanes.size(); ++l) {
    out.text(l ? ",\n" : "\n");
    write_lane(out, lanes[l], tick);
  }
  out.text("],\n\"prints\":[");
  for (std::size_t i = 0; i < prints.size(); ++i) {
    const OutputLine& line = *prints[i];
    std::string_view text = line.text;
    if (text.size() > kMaxPrintMarkBytes) text = text.substr(0, kMaxPrintMarkBytes);  // json_quote mends a cut character
    (i ? out.text(",[") : out.text("[")).number(line.thread).text(",").number(static_cast<std::uint64_t>(line.time / tick));
    out.text(",").string(text).text("]");
  }
  out.text("],\"prints_total\":").number(result.output.size());
  if (stuck) {
    out.text(",\n\"deadlock\":{\"paths\":[");
    const auto paths = cycle_paths(roster, result.deadlock.front());
    for (std::size_t i = 0; i < paths.size(); ++i) (i ? out.text(",") : out).strings(paths[i]);
    out.text("]}");
  }
  out.text(",\n\"concurrency\":");
  write_curve(out, concurrency, tick);
  out.text(",\n\"parallelism\":");
  write_curve(out, parallelism, tick);
  out.text(",\"concurrency_max\":").number(result.concurrency.max);
  out.text(",\"parallelism_max\":").number(result.parallelism.max);
  out.text("}");
}

}  // namespace gilsim
