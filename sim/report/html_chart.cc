#include "report/html_chart.h"

#include <algorithm>
#include <charconv>
#include <numeric>
#include <string>
#include <string_view>
#include <utility>

#include "report/events_writer.h"  // json_quote
#include "report/html_lanes.h"

namespace gilsim {

namespace {

// The width of one bucket: makespan / buckets rounded up, at least 1 ns.
Time bucket_width(Time makespan, std::uint32_t buckets) {
  Time width = makespan / buckets + (makespan % buckets != 0 ? 1 : 0);
  return std::max<Time>(width, 1);
}

// The key that covered most of the time of slices [first, last); ties go to
// the smaller key. Sorting keeps this O(n log n) however many keys there are.
std::uint64_t dominant_key(std::vector<DrawSlice>::const_iterator first, std::vector<DrawSlice>::const_iterator last) {
  std::vector<std::pair<std::uint64_t, Time>> time_by_key;
  for (auto it = first; it != last; ++it) time_by_key.emplace_back(it->key, it->end - it->start);
  std::sort(time_by_key.begin(), time_by_key.end());
  std::uint64_t best = time_by_key.front().first;
  Time best_time = -1;
  for (std::size_t i = 0; i < time_by_key.size();) {
    std::size_t j = i;
    Time total = 0;
    while (j < time_by_key.size() && time_by_key[j].first == time_by_key[i].first) total += time_by_key[j++].second;
    if (total > best_time) {
      best = time_by_key[i].first;
      best_time = total;
    }
    i = j;
  }
  return best;
}

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
  void flush() {
    *out_ << buffer_;
    buffer_.clear();
  }

 private:
  std::ostream* out_;
  std::string buffer_;
};

struct Lane {
  const char* kind;  // "core", "gil", "thread"
  std::string label;
  std::vector<DrawSlice> slices;
  std::int64_t process = -1;  // the process of a GIL or thread lane
};

std::vector<Lane> build_lanes(const Roster& roster, const HtmlTimeline& timeline) {
  std::vector<Lane> lanes;
  lanes.reserve(timeline.lanes().size());
  for (const HtmlTimeline::Lane& from : timeline.lanes()) {
    Lane lane{from.kind, "", merge_for_drawing(from.slices.slices(), timeline.makespan()), -1};
    if (from.kind == std::string_view("core")) {
      lane.label = "core " + std::to_string(from.index);
    } else if (from.kind == std::string_view("gil")) {
      lane.label = "GIL " + roster.process_name(from.process);
      lane.process = from.process;
    } else {
      lane.label = roster.full_name(static_cast<ThreadIndex>(from.index));
      lane.process = from.process;
    }
    lanes.push_back(std::move(lane));
  }
  return lanes;
}

void write_curve(DataWriter& out, const std::vector<StepPoint>& curve, Time tick) {
  out.text("[");
  for (std::size_t i = 0; i < curve.size(); ++i) {
    if (i > 0) out.text(",");
    out.number(static_cast<std::uint64_t>(curve[i].time / tick)).text(",").number(curve[i].value);
  }
  out.text("]");
}

}  // namespace

std::vector<DrawSlice> merge_for_drawing(std::vector<DrawSlice> slices, Time makespan, std::uint32_t buckets) {
  if (slices.size() <= buckets || makespan <= 0 || buckets == 0) return slices;
  const Time width = bucket_width(makespan, buckets);
  std::vector<DrawSlice> merged;
  std::size_t i = 0;
  while (i < slices.size()) {
    if (slices[i].end - slices[i].start >= width) {
      merged.push_back(slices[i++]);
      continue;
    }
    const Time group_start = slices[i].start;
    std::size_t j = i;
    std::uint64_t count = 0;
    while (j < slices.size() && slices[j].end - slices[j].start < width && slices[j].end - group_start <= width)
      count += slices[j++].count;
    if (j - i == 1) {
      merged.push_back(slices[i]);
    } else {
      auto first = slices.cbegin() + static_cast<std::ptrdiff_t>(i);
      auto last = slices.cbegin() + static_cast<std::ptrdiff_t>(j);
      merged.push_back({group_start, slices[j - 1].end, dominant_key(first, last), count});
    }
    i = j;
  }
  return merged;
}

std::vector<StepPoint> reduce_for_drawing(const std::vector<StepPoint>& curve, Time makespan, std::uint32_t buckets) {
  if (curve.size() <= 4 * std::size_t{buckets} || makespan <= 0 || buckets == 0) return curve;
  return reduce_curve(curve, bucket_width(makespan, buckets));
}

std::vector<StepPoint> reduce_curve(const std::vector<StepPoint>& curve, Time width) {
  std::vector<StepPoint> reduced;
  std::size_t i = 0;
  while (i < curve.size()) {
    const Time bucket = curve[i].time / width;
    std::size_t lowest = i, highest = i, j = i;
    while (j < curve.size() && curve[j].time / width == bucket) {
      if (curve[j].value < curve[lowest].value) lowest = j;
      if (curve[j].value > curve[highest].value) highest = j;
      ++j;
    }
    std::size_t kept[] = {i, std::min(lowest, highest), std::max(lowest, highest), j - 1};
    for (std::size_t k = 0; k < 4; ++k)
      if (k == 0 || kept[k] != kept[k - 1]) reduced.push_back(curve[kept[k]]);
    i = j;
  }
  return reduced;
}

ChartLanes chart_lanes(const Roster& roster) {
  ChartLanes lanes;
  lanes.cores = std::min<std::size_t>(roster.cores(), kMaxCoreLanes);
  lanes.hidden_cores = roster.cores() - lanes.cores;
  lanes.threads = std::min(roster.threads().size(), kMaxThreadLanes);
  lanes.hidden_threads = roster.threads().size() - lanes.threads;
  for (const ProcessInfo& p : roster.processes())
    if (p.gil && p.first_thread < lanes.threads) ++lanes.gils;
  return lanes;
}

void write_chart_data(std::ostream& stream, const Roster& roster, const RunResult& result, const HtmlTimeline& timeline) {
  const std::vector<Lane> lanes = build_lanes(roster, timeline);
  const std::vector<StepPoint> concurrency = reduce_for_drawing(timeline.concurrency().points(), result.makespan);
  const std::vector<StepPoint> parallelism = reduce_for_drawing(timeline.parallelism().points(), result.makespan);

  // Every time is written as a multiple of the largest common divisor, "tick":
  // a run in whole milliseconds writes 5 rather than 5000000.
  Time tick = result.makespan;
  for (const Lane& lane : lanes)
    for (const DrawSlice& s : lane.slices) tick = std::gcd(std::gcd(tick, s.start), s.end);
  for (const auto* curve : {&concurrency, &parallelism})
    for (const StepPoint& p : *curve) tick = std::gcd(tick, p.time);
  if (tick <= 0) tick = 1;

  DataWriter out(stream);
  out.text("{\"tick\":").number(static_cast<std::uint64_t>(tick));
  out.text(",\"makespan\":").number(static_cast<std::uint64_t>(result.makespan / tick));
  out.text(",\"cores\":").number(roster.cores());
  out.text(",\"states\":[");
  for (int s = 0; s < kThreadStateCount; ++s) (s ? out.text(",") : out).string(state_name(static_cast<ThreadState>(s)));
  out.text("],\n\"threads\":[");
  for (ThreadIndex t = 0; t < roster.threads().size(); ++t) (t ? out.text(",") : out).string(roster.full_name(t));
  out.text("],\n\"processes\":[");
  for (ProcessIndex p = 0; p < roster.processes().size(); ++p) (p ? out.text(",") : out).string(roster.process_name(p));
  out.text("],\n\"syncs\":[");
  for (SyncIndex s = 0; s < roster.syncs().size(); ++s) (s ? out.text(",") : out).string(roster.sync_full_name(s));
  out.text("],\n\"devices\":[");
  for (DeviceIndex d = 0; d < roster.scenario().devices.size(); ++d) (d ? out.text(",") : out).string(roster.device_name(d));
  out.text("],\n\"lanes\":[");
  for (std::size_t l = 0; l < lanes.size(); ++l) {
    const Lane& lane = lanes[l];
    out.text(l ? ",\n{\"kind\":\"" : "\n{\"kind\":\"").text(lane.kind).text("\",\"label\":").string(lane.label);
    if (lane.process >= 0) out.text(",\"process\":").number(static_cast<std::uint64_t>(lane.process));
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
  out.text("],\n\"concurrency\":");
  write_curve(out, concurrency, tick);
  out.text(",\n\"parallelism\":");
  write_curve(out, parallelism, tick);
  out.text(",\"concurrency_max\":").number(result.concurrency.max);
  out.text(",\"parallelism_max\":").number(result.parallelism.max);
  out.text("}");
}

}  // namespace gilsim
