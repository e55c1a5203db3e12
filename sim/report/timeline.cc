#include "report/timeline.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <limits>

namespace gilsim {

namespace {

// Products of a time and a time overflow int64.
__extension__ typedef __int128 Wide;

constexpr std::uint32_t kNoLane = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint8_t kLevelCategories = 11;  // 0..9 and '+'


std::uint8_t thread_category(ThreadIndex i) {
  return static_cast<std::uint8_t>(std::min<ThreadIndex>(i, kUniqueSymbols));
}
// Only alive states are drawn: ready .. process_wait (1 .. 8) and lock_wait ..
// device_wait (10 .. 13), as categories 0 .. 11.
constexpr std::uint8_t kStateCategories = 12;
std::uint8_t state_category(ThreadState s) {
  int i = static_cast<int>(s);
  return static_cast<std::uint8_t>(s >= ThreadState::lock_wait ? i - 2 : i - 1);
}
ThreadState category_state(std::uint8_t category) {
  return static_cast<ThreadState>(category >= 8 ? category + 2 : category + 1);
}
static_assert(static_cast<int>(ThreadState::ready) == 1 && static_cast<int>(ThreadState::process_wait) == 8 &&
              static_cast<int>(ThreadState::lock_wait) == 10 && kThreadStateCount == 14);
// Core lanes: a context switch, after the thread symbols.
constexpr std::uint8_t kOverheadCategory = kUniqueSymbols + 1;
std::uint8_t level_category(std::uint32_t v) { return static_cast<std::uint8_t>(std::min<std::uint32_t>(v, 10)); }

char symbol(LaneKind kind, std::uint8_t category) {
  switch (kind) {
    case LaneKind::core: return category == kOverheadCategory ? kOverheadSymbol : thread_symbol(category);
    case LaneKind::gil:
    case LaneKind::lock: return thread_symbol(category);
    case LaneKind::thread: return state_symbol(category_state(category));
    case LaneKind::concurrency:
    case LaneKind::parallelism: return level_symbol(category);
  }
  return '?';
}

char background(LaneKind kind) {
  switch (kind) {
    case LaneKind::core:
    case LaneKind::gil:
    case LaneKind::lock: return '.';
    case LaneKind::thread: return ' ';
    case LaneKind::concurrency:
    case LaneKind::parallelism: return '0';
  }
  return '?';
}

// One character per column: the symbol with the most time in the column,
// time nobody claimed counting as the background; on a tie the symbol that
// came first wins. Fed in time order, one column after the other.
class ColumnVote {
 public:
  explicit ColumnVote(char background) : background_(background) {}

  void add(char symbol, Time time) {
    if (time <= 0) return;
    auto index = static_cast<unsigned char>(symbol) & 0x7f;
    if (total_[index] == 0) touched_ += static_cast<char>(index);
    total_[index] += time;
  }

  char close() {
    char best = touched_.empty() ? background_ : touched_[0];
    for (char c : touched_)
      if (total_[static_cast<unsigned char>(c)] > total_[static_cast<unsigned char>(best)]) best = c;
    for (char c : touched_) total_[static_cast<unsigned char>(c)] = 0;
    touched_.clear();
    return best;
  }

 private:
  char background_;
  std::array<Time, 128> total_{};
  std::string touched_;  // symbols in the current column, in order of first appearance
};

}  // namespace

char thread_symbol(ThreadIndex i) {
  if (i < 26) return static_cast<char>('A' + i);
  if (i < 52) return static_cast<char>('a' + (i - 26));
  if (i < 62) return static_cast<char>('0' + (i - 52));
  return '*';
}

char state_symbol(ThreadState s) {
  switch (s) {
    case ThreadState::running: return '#';
    case ThreadState::ready: return '-';
    case ThreadState::gil_wait: return 'g';
    case ThreadState::sleep: return 's';
    case ThreadState::io: return 'i';
    case ThreadState::join: return 'j';
    case ThreadState::start: return 't';
    case ThreadState::process_wait: return 'w';
    case ThreadState::lock_wait: return 'l';
    case ThreadState::event_wait: return 'e';
    case ThreadState::queue_wait: return 'q';
    case ThreadState::device_wait: return 'd';
    case ThreadState::not_started:
    case ThreadState::finished: return ' ';
  }
  return '?';
}

char level_symbol(std::uint32_t v) { return v > 9 ? '+' : static_cast<char>('0' + v); }

// ---------------------------------------------------------------- building

Timeline::Timeline(const Roster& roster, TimelineOptions options)
    : options_(options),
      shown_cores_(std::min<std::size_t>(roster.cores(), kLanesPerKind)),
      shown_threads_(std::min<std::size_t>(roster.threads().size(), kLanesPerKind)),
      gil_lane_(roster.processes().size(), kNoLane) {
  assert(options_.buckets >= 2);
  for (ProcessIndex p = 0; p < roster.processes().size(); ++p) {
    if (!roster.processes()[p].gil) continue;
    ++gil_process_count_;
    if (gil_processes_.size() == kLanesPerKind) continue;
    gil_lane_[p] = static_cast<std::uint32_t>(gil_processes_.size());
    gil_processes_.push_back(p);
  }
  gil_now_.resize(gil_processes_.size());
  lock_lane_.assign(roster.syncs().size(), kNoLane);
  for (SyncIndex s = 0; s < roster.syncs().size(); ++s) {
    SyncKind kind = roster.sync_spec(s).kind;
    if (kind != SyncKind::lock && kind != SyncKind::rlock) continue;
    ++lock_count_;
    if (lock_syncs_.size() == kLanesPerKind) continue;
    lock_lane_[s] = static_cast<std::uint32_t>(lock_syncs_.size());
    lock_syncs_.push_back(s);
  }
  lock_now_.resize(lock_syncs_.size());
  // Each lane has room for the symbols it can show, and no more.
  auto add_lane = [&](LaneKind kind, std::uint8_t first, std::uint8_t last) {
    Lane lane;
    lane.kind = kind;
    lane.first = first;
    lane.categories = static_cast<std::uint8_t>(last - first + 1);
    lane.time.assign(options_.buckets * lane.categories, 0);
    lanes_.push_back(std::move(lane));
  };
  const auto thread_count = static_cast<ThreadIndex>(roster.threads().size());
  // Overheads need room for their category only when the scenario has any.
  std::uint8_t last_on_core = thread_category(thread_count > 0 ? thread_count - 1 : 0);
  if (roster.scenario().scheduler.context_switch > 0) last_on_core = kOverheadCategory;
  for (std::size_t c = 0; c < shown_cores_; ++c) add_lane(LaneKind::core, 0, last_on_core);
  for (ProcessIndex p : gil_processes_) {  // only its own threads hold a process's GIL
    const ProcessInfo& info = roster.processes()[p];
    ThreadIndex last = info.first_thread + (info.thread_count > 0 ? info.thread_count - 1 : 0);
    add_lane(LaneKind::gil, thread_category(info.first_thread), thread_category(last));
  }
  for (SyncIndex s : lock_syncs_) {  // only its own process's threads hold a lock
    const ProcessInfo& info = roster.processes()[roster.syncs()[s].process];
    ThreadIndex last = info.first_thread + (info.thread_count > 0 ? info.thread_count - 1 : 0);
    add_lane(LaneKind::lock, thread_category(info.first_thread), thread_category(last));
  }
  for (std::size_t i = 0; i < shown_threads_; ++i) add_lane(LaneKind::thread, 0, kStateCategories - 1);
  add_lane(LaneKind::concurrency, 0, kLevelCategories - 1);
  add_lane(LaneKind::parallelism, 0, kLevelCategories - 1);
  std::size_t first = 0;
  for (LaneKind kind : {LaneKind::core, LaneKind::gil, LaneKind::lock, LaneKind::thread, LaneKind::concurrency,
                        LaneKind::parallelism}) {
    first_lane_[static_cast<std::size_t>(kind)] = first;
    first += lanes(kind);
  }
  span_ = options_.buckets;
}

Timeline Timeline::from_result(const Roster& roster, const RunResult& result) {
  TimelineOptions options;
  options.exact_pieces = std::numeric_limits<std::size_t>::max();
  options.buckets = 2;  // drawn from the pieces, never from the buckets
  Timeline timeline(roster, options);
  for (ThreadIndex i = 0; i < result.threads.size(); ++i) {
    for (const StateInterval& iv : result.intervals_of(i)) {
      if (!is_alive(iv.state)) continue;  // never recorded; nothing to draw
      if (i < timeline.shown_threads_)
        timeline.add(timeline.lane_index(LaneKind::thread, i), iv.start, iv.end, state_category(iv.state));
      if (iv.state == ThreadState::running && iv.detail < timeline.shown_cores_)
        timeline.add(timeline.lane_index(LaneKind::core, iv.detail), iv.start, iv.end, thread_category(i));
    }
  }
  for (std::size_t c = 0; c < result.core_overheads.size() && c < timeline.shown_cores_; ++c)
    for (const OverheadInterval& o : result.core_overheads[c])
      timeline.add(timeline.lane_index(LaneKind::core, c), o.start, o.end, kOverheadCategory);
  for (std::size_t k = 0; k < timeline.gil_processes_.size(); ++k)
    for (const GilInterval& g : result.processes[timeline.gil_processes_[k]].holders)
      timeline.add(timeline.lane_index(LaneKind::gil, k), g.start, g.end, thread_category(g.holder));
  for (std::size_t k = 0; k < timeline.lock_syncs_.size(); ++k) {
    std::vector<HoldInterval> holds = result.syncs[timeline.lock_syncs_[k]].holds;  // in the order they ended
    std::sort(holds.begin(), holds.end(), [](const HoldInterval& a, const HoldInterval& b) { return a.start < b.start; });
    for (const HoldInterval& h : holds)
      timeline.add(timeline.lane_index(LaneKind::lock, k), h.start, h.end, thread_category(h.holder));
  }
  for (LaneKind kind : {LaneKind::concurrency, LaneKind::parallelism}) {
    const auto& curve = (kind == LaneKind::concurrency ? result.concurrency : result.parallelism).curve;
    for (std::size_t k = 0; k < curve.size(); ++k) {
      Time end = k + 1 < curve.size() ? curve[k + 1].time : result.makespan;
      timeline.add(timeline.lane_index(kind, 0), curve[k].time, end, level_category(curve[k].value));
    }
  }
  timeline.makespan_ = result.makespan;
  if (result.makespan > 0) timeline.grow_to(result.makespan);
  timeline.ended_ = true;
  return timeline;
}

std::size_t Timeline::lanes(LaneKind kind) const {
  switch (kind) {
    case LaneKind::core: return shown_cores_;
    case LaneKind::gil: return gil_processes_.size();
    case LaneKind::lock: return lock_syncs_.size();
    case LaneKind::thread: return shown_threads_;
    case LaneKind::concurrency:
    case LaneKind::parallelism: return 1;
  }
  return 0;
}

std::size_t Timeline::lane_index(LaneKind kind, std::size_t lane) const {
  assert(lane < lanes(kind));
  return first_lane_[static_cast<std::size_t>(kind)] + lane;
}

const Timeline::Lane& Timeline::lane_of(LaneKind kind, std::size_t lane) const {
  return lanes_[lane_index(kind, lane)];
}

// The time of [start, end) goes to the buckets it covers, the first and the
// last in part.
void Timeline::add(std::size_t lane_number, Time start, Time end, std::uint8_t category) {
  if (end <= start) return;
  grow_to(end);
  Lane& lane = lanes_[lane_number];
  const std::size_t stride = lane.categories;
  // Outside the lane's symbols only if the model broke its own rules: keep memory safe.
  const std::size_t cell = std::min<std::size_t>(category > lane.first ? category - lane.first : 0, stride - 1);
  const auto first = static_cast<std::size_t>(start >> shift_);
  const auto last = static_cast<std::size_t>((end - 1) >> shift_);
  Time* time = lane.time.data() + cell;
  if (first == last) {
    time[first * stride] += end - start;
  } else {
    time[first * stride] += static_cast<Time>(first + 1) * width_ - start;
    for (std::size_t k = first + 1; k < last; ++k) time[k * stride] += width_;
    time[last * stride] += end - static_cast<Time>(last) * width_;
  }
  lane.used = std::max(lane.used, last + 1);

  if (!exact_) return;
  if (!lane.pieces.empty() && lane.pieces.back().end == start && lane.pieces.back().category == category) {
    lane.pieces.back().end = end;  // the same symbol goes on: one piece draws the same
    return;
  }
  lane.pieces.push_back({start, end, category});
  if (++piece_count_ > options_.exact_pieces) drop_pieces();
}

// Widens the buckets by the smallest power of two that brings `end` within
// the span, adding each group of neighbours into the first bucket of the lane.
void Timeline::grow_to(Time end) {
  if (static_cast<std::uint64_t>(end) <= span_) return;
  std::size_t factor = 1;
  while (static_cast<std::uint64_t>(end) > span_ * factor) factor *= 2;
  for (Lane& lane : lanes_) {
    const std::size_t stride = lane.categories;
    const std::size_t used = (lane.used + factor - 1) / factor;
    Time* time = lane.time.data();
    // Bucket k moves into k / factor, which is never after k: in place, in order.
    for (std::size_t k = 0; k < used; ++k) {
      for (std::size_t c = 0; c < stride; ++c) {
        Time sum = 0;
        for (std::size_t j = k * factor; j < std::min((k + 1) * factor, lane.used); ++j) sum += time[j * stride + c];
        time[k * stride + c] = sum;
      }
    }
    std::fill(time + used * stride, time + lane.used * stride, 0);
    lane.used = used;
  }
  width_ *= static_cast<Time>(factor);
  span_ *= factor;
  while (Time{1} << shift_ < width_) ++shift_;
}

void Timeline::drop_pieces() {
  for (Lane& lane : lanes_) std::vector<Piece>().swap(lane.pieces);
  piece_count_ = 0;
  exact_ = false;
}

// ---------------------------------------------------------------- observing

void Timeline::close_levels(Time t) {
  for (auto [kind, level] : {std::pair{LaneKind::concurrency, &alive_}, std::pair{LaneKind::parallelism, &running_}}) {
    if (t <= level->since) continue;
    add(lane_index(kind, 0), level->since, t, level_category(level->value));
    level->since = t;
  }
}

void Timeline::close_state(const StateChange& c) {
  if (c.at <= c.since || !is_alive(c.from)) return;
  if (c.thread < shown_threads_)
    add(lane_index(LaneKind::thread, c.thread), c.since, c.at, state_category(c.from));
  if (c.from == ThreadState::running && c.from_detail < shown_cores_)
    add(lane_index(LaneKind::core, c.from_detail), c.since, c.at, thread_category(c.thread));
}

void Timeline::on_thread_state(const StateChange& c) {
  close_state(c);
  close_levels(c.at);
  alive_.value = alive_.value - (is_alive(c.from) ? 1 : 0) + (is_alive(c.to) ? 1 : 0);
  running_.value = running_.value - (c.from == ThreadState::running ? 1 : 0) +
                   (c.to == ThreadState::running ? 1 : 0);
}

void Timeline::on_core_overhead(Time t, CoreIndex core, ThreadIndex, Time duration) {
  if (core < shown_cores_) add(lane_index(LaneKind::core, core), t, t + duration, kOverheadCategory);
}

void Timeline::on_gil_acquire(Time t, ProcessIndex process, ThreadIndex holder, bool) {
  std::uint32_t lane = gil_lane_[process];
  if (lane == kNoLane) return;
  GilNow& now = gil_now_[lane];
  if (now.held) add(lane_index(LaneKind::gil, lane), now.since, t, thread_category(now.holder));  // a forgotten release
  now = {true, holder, t};
}

void Timeline::on_gil_release(Time t, ProcessIndex process, ThreadIndex holder) {
  std::uint32_t lane = gil_lane_[process];
  if (lane == kNoLane) return;
  GilNow& now = gil_now_[lane];
  if (!now.held || now.holder != holder) return;
  add(lane_index(LaneKind::gil, lane), now.since, t, thread_category(holder));
  now.held = false;
}

void Timeline::on_sync(Time t, ThreadIndex thread, SyncIndex sync, SyncOp op, std::int64_t value) {
  std::uint32_t lane = sync < lock_lane_.size() ? lock_lane_[sync] : kNoLane;
  if (lane == kNoLane) return;
  GilNow& now = lock_now_[lane];
  if (op == SyncOp::acquire && value == 1) {  // a new hold (not an rlock's re-entry)
    now = {true, thread, t};
  } else if (op == SyncOp::release && value == 0 && now.held) {
    add(lane_index(LaneKind::lock, lane), now.since, t, thread_category(now.holder));
    now.held = false;
  }
}

void Timeline::on_end(Time t, const ThreadStates& states) {
  makespan_ = t;
  if (t > 0) grow_to(t);
  for (ThreadIndex i = 0; i < states.size(); ++i) close_state(states.current(i, t));
  for (std::size_t k = 0; k < gil_now_.size(); ++k)
    if (gil_now_[k].held) on_gil_release(t, gil_processes_[k], gil_now_[k].holder);
  for (std::size_t k = 0; k < lock_now_.size(); ++k)  // still held at the end (a deadlock, a thread that died)
    if (lock_now_[k].held) on_sync(t, lock_now_[k].holder, lock_syncs_[k], SyncOp::release, 0);
  close_levels(t);
  ended_ = true;
}

// ---------------------------------------------------------------- drawing

std::string Timeline::chart(LaneKind kind, std::size_t lane, const std::vector<Time>& bounds) const {
  assert(ended_ && bounds.size() >= 2 && bounds.back() == makespan_);
  const Lane& l = lane_of(kind, lane);
  return exact_ ? chart_from_pieces(l, bounds) : chart_from_buckets(l, bounds);
}

std::string Timeline::chart_from_pieces(const Lane& lane, const std::vector<Time>& bounds) const {
  std::vector<Piece> sorted;
  const std::vector<Piece>* pieces = &lane.pieces;
  if (lane.kind == LaneKind::core) {  // pieces of different threads: put them in time order
    sorted = lane.pieces;
    std::stable_sort(sorted.begin(), sorted.end(), [](const Piece& a, const Piece& b) {
      return a.start != b.start ? a.start < b.start : a.end < b.end;
    });
    pieces = &sorted;
  }
  const char back = background(lane.kind);
  const std::size_t columns = bounds.size() - 1;
  std::string out;
  out.reserve(columns);
  ColumnVote vote(back);
  Time cursor = 0;
  std::size_t column = 0;
  // Time from the cursor up to `end` counts for `symbol`, column by column.
  auto fill = [&](Time end, char sym) {
    while (cursor < end && column < columns) {
      Time upto = std::min(end, bounds[column + 1]);
      vote.add(sym, upto - cursor);
      cursor = upto;
      if (cursor == bounds[column + 1]) {
        out += vote.close();
        ++column;
      }
    }
  };
  for (const Piece& p : *pieces) {
    Time start = std::max(p.start, cursor);
    Time end = std::min(p.end, bounds.back());
    if (end <= start) continue;
    fill(start, back);
    fill(end, symbol(lane.kind, p.category));
  }
  fill(bounds.back(), back);
  return out;
}

// A bucket that straddles a column boundary gives each column the share of
// each of its symbols that the overlap is of the bucket (the part before the
// makespan). Within a bucket the order of first appearance is unknown: the
// symbols count in category order, the background last.
std::string Timeline::chart_from_buckets(const Lane& lane, const std::vector<Time>& bounds) const {
  const char back = background(lane.kind);
  const std::size_t stride = lane.categories;
  const std::size_t columns = bounds.size() - 1;
  std::string out;
  out.reserve(columns);
  ColumnVote vote(back);
  for (std::size_t c = 0; c < columns; ++c) {
    const Time from = bounds[c], to = bounds[c + 1];
    for (auto k = static_cast<std::size_t>(from / width_); to > from && static_cast<Time>(k) * width_ < to; ++k) {
      const Time bucket_start = static_cast<Time>(k) * width_;
      const Time bucket_end = std::min(bucket_start + width_, makespan_);
      const Time overlap = std::min(to, bucket_end) - std::max(from, bucket_start);
      Time claimed = 0;
      if (k < lane.used) {
        const Time* time = lane.time.data() + k * stride;
        for (std::size_t cat = 0; cat < stride; ++cat) {
          if (time[cat] == 0) continue;
          auto share = static_cast<Time>(static_cast<Wide>(time[cat]) * overlap / (bucket_end - bucket_start));
          vote.add(symbol(lane.kind, static_cast<std::uint8_t>(lane.first + cat)), share);
          claimed += share;
        }
      }
      vote.add(back, overlap - claimed);
    }
    out += vote.close();
  }
  return out;
}

Time Timeline::bucket_total(LaneKind kind, std::size_t lane) const {
  Time sum = 0;
  for (Time t : lane_of(kind, lane).time) sum += t;
  return sum;
}

std::size_t Timeline::memory_bytes() const {
  std::size_t bytes = gil_now_.capacity() * sizeof(GilNow) +
                      gil_lane_.capacity() * sizeof(std::uint32_t) + lanes_.capacity() * sizeof(Lane);
  for (const Lane& lane : lanes_) bytes += lane.time.capacity() * sizeof(Time) + lane.pieces.capacity() * sizeof(Piece);
  return bytes;
}

}  // namespace gilsim
