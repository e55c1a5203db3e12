#include "report/timeline.h"

#include <algorithm>
#include <cassert>
#include <limits>

#include "report/timeline_categories.h"

namespace gilsim {

using namespace timeline_detail;

namespace {

constexpr std::uint32_t kNoLane = std::numeric_limits<std::uint32_t>::max();

}  // namespace

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
    if (!is_lock(roster.sync_spec(s))) continue;
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
  for (SyncIndex s : lock_syncs_) {  // only its own process's threads hold a lock; any thread the scenario's
    if (roster.syncs()[s].process == kSharedProcess) {
      add_lane(LaneKind::lock, thread_category(0), thread_category(thread_count > 0 ? thread_count - 1 : 0));
      continue;
    }
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
      if (i < timeline.shown_threads_ && iv.end > iv.start) {
        timeline.add(timeline.lane_index(LaneKind::thread, i), iv.start, iv.end, state_category(iv.state));
        timeline.states_shown_ |= 1U << static_cast<unsigned>(iv.state);
      }
      if (on_core(iv.state) && iv.detail < timeline.shown_cores_)
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
  // The end, as on_end would see it: the state of each unfinished thread (its
  // last interval, which may take no time), the locks still held.
  timeline.deadlocked_ = !result.deadlock.empty();
  timeline.end_category_.assign(timeline.lanes_.size(), -1);
  for (ThreadIndex i = 0; i < result.threads.size(); ++i) {
    const std::vector<StateInterval>& intervals = result.intervals_of(i);
    if (result.threads[i].finish >= 0 || intervals.empty() || intervals.back().end != result.makespan) continue;
    const StateInterval& last = intervals.back();
    if (i < timeline.shown_threads_) {
      timeline.end_category_[timeline.lane_index(LaneKind::thread, i)] = state_category(last.state);
      if (timeline.deadlocked_) timeline.states_shown_ |= 1U << static_cast<unsigned>(last.state);
    }
    if (on_core(last.state) && last.detail < timeline.shown_cores_)
      timeline.end_category_[timeline.lane_index(LaneKind::core, last.detail)] = thread_category(i);
  }
  for (std::size_t k = 0; k < timeline.lock_syncs_.size(); ++k)
    for (const HoldInterval& h : result.syncs[timeline.lock_syncs_[k]].holds)
      if (h.end == result.makespan && result.threads[h.holder].finish < 0)
        timeline.end_category_[timeline.lane_index(LaneKind::lock, k)] = thread_category(h.holder);
  for (LaneKind kind : {LaneKind::concurrency, LaneKind::parallelism}) {
    const auto& curve = (kind == LaneKind::concurrency ? result.concurrency : result.parallelism).curve;
    if (!curve.empty()) timeline.end_category_[timeline.lane_index(kind, 0)] = level_category(curve.back().value);
  }
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
  if (c.thread < shown_threads_) {
    add(lane_index(LaneKind::thread, c.thread), c.since, c.at, state_category(c.from));
    states_shown_ |= 1U << static_cast<unsigned>(c.from);
  }
  if (on_core(c.from) && c.from_detail < shown_cores_)
    add(lane_index(LaneKind::core, c.from_detail), c.since, c.at, thread_category(c.thread));
}

void Timeline::on_thread_state(const StateChange& c) {
  close_state(c);
  close_levels(c.at);
  alive_.value = alive_.value - (is_alive(c.from) ? 1 : 0) + (is_alive(c.to) ? 1 : 0);
  running_.value = running_.value - (on_core(c.from) ? 1 : 0) + (on_core(c.to) ? 1 : 0);
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
  end_category_.assign(lanes_.size(), -1);
  for (ThreadIndex i = 0; i < states.size(); ++i) {
    const ThreadState s = states.state(i);
    if (i < shown_threads_ && is_alive(s)) {
      end_category_[lane_index(LaneKind::thread, i)] = state_category(s);
      if (deadlocked_) states_shown_ |= 1U << static_cast<unsigned>(s);  // drawn in the stuck columns
    }
    if (on_core(s) && states.detail(i) < shown_cores_)
      end_category_[lane_index(LaneKind::core, states.detail(i))] = thread_category(i);
  }
  for (std::size_t k = 0; k < gil_now_.size(); ++k)
    if (gil_now_[k].held) end_category_[lane_index(LaneKind::gil, k)] = thread_category(gil_now_[k].holder);
  for (std::size_t k = 0; k < lock_now_.size(); ++k)
    if (lock_now_[k].held) end_category_[lane_index(LaneKind::lock, k)] = thread_category(lock_now_[k].holder);
  end_category_[lane_index(LaneKind::concurrency, 0)] = level_category(alive_.value);
  end_category_[lane_index(LaneKind::parallelism, 0)] = level_category(running_.value);
  for (ThreadIndex i = 0; i < states.size(); ++i) close_state(states.current(i, t));
  for (std::size_t k = 0; k < gil_now_.size(); ++k)
    if (gil_now_[k].held) on_gil_release(t, gil_processes_[k], gil_now_[k].holder);
  for (std::size_t k = 0; k < lock_now_.size(); ++k)  // still held at the end (a deadlock, a thread that died)
    if (lock_now_[k].held) on_sync(t, lock_now_[k].holder, lock_syncs_[k], SyncOp::release, 0);
  close_levels(t);
  ended_ = true;
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
