#include "report/html_lanes.h"

#include <algorithm>
#include <bit>
#include <string_view>

namespace gilsim {

namespace {



constexpr Time kWidestSpan = Time{1} << 62;

// The smallest power of two >= n (n >= 1), capped where Time would overflow.
Time power_of_two_at_least(Time n) {
  if (n <= 1) return 1;
  if (n > kWidestSpan / 2) return kWidestSpan;
  return static_cast<Time>(std::bit_ceil(static_cast<std::uint64_t>(n)));
}

// Twice `span`, never past kWidestSpan.
Time doubled(Time span) { return span >= kWidestSpan / 2 ? kWidestSpan : 2 * span; }

// Each kind of lane shares half the budget.
std::size_t lane_capacity(std::size_t lanes_of_kind) {
  if (lanes_of_kind == 0) return kMaxLaneSlices;
  return std::clamp(kLaneSliceBudget / 2 / lanes_of_kind, kMinLaneSlices, kMaxLaneSlices);
}

}  // namespace

SliceList::SliceList(std::size_t capacity, bool join_same)
    : capacity_(std::max<std::size_t>(capacity, 4)), join_same_(join_same) {}

void SliceList::vote(DrawSlice& into, std::uint64_t key, Time weight) {
  if (key == into.key) {
    vote_weight_ += weight;
  } else if (weight > vote_weight_) {
    into.key = key;
    vote_weight_ = weight - vote_weight_;
  } else {
    vote_weight_ -= weight;
  }
}

void SliceList::add(Time start, Time end, std::uint64_t key) {
  if (!slices_.empty()) {
    DrawSlice& last = slices_.back();
    if (join_same_ && last.count == 1 && last.end == start && last.key == key) {
      last.end = end;
      vote_weight_ += end - start;
      return;
    }
    // Merging is on only once the list has overflowed: small lanes stay exact.
    if (min_span_ > 0 && end - start < min_span_ && last.end - last.start < min_span_ && end - last.start <= min_span_) {
      last.end = end;
      ++last.count;
      vote(last, key, end - start);
      return;
    }
  }
  slices_.push_back({start, end, key, 1});
  vote_weight_ = end - start;
  if (slices_.size() > capacity_) compact();
}

// Merges as merge_for_drawing does with width min_span_, doubling it until the
// list is at most half full: each run of slices shorter than min_span_ that
// fits in min_span_ becomes one slice. Runs of such groups are at least
// min_span_ apart, so about 3 x (lane span / min_span_) slices are left.
void SliceList::compact() {
  const Time span = slices_.back().end - slices_.front().start;
  min_span_ = std::max(doubled(min_span_), power_of_two_at_least(span / static_cast<Time>(capacity_) * 2 + 1));
  for (;;) {
    std::size_t kept = 0;
    std::size_t i = 0;
    while (i < slices_.size()) {
      const DrawSlice first = slices_[i++];
      slices_[kept] = first;
      vote_weight_ = first.end - first.start;
      if (first.end - first.start < min_span_) {
        while (i < slices_.size() && slices_[i].end - slices_[i].start < min_span_ &&
               slices_[i].end - first.start <= min_span_) {
          const DrawSlice next = slices_[i++];
          slices_[kept].end = next.end;
          slices_[kept].count += next.count;
          vote(slices_[kept], next.key, next.end - next.start);
        }
      }
      ++kept;
    }
    slices_.resize(kept);
    if (slices_.size() <= capacity_ / 2 || min_span_ >= kWidestSpan) break;
    min_span_ = doubled(min_span_);
  }
}

LevelCurve::LevelCurve(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 16)) {
  points_.push_back({0, 0});
}

// As the Recorder's curve: several changes at one instant make one point; a
// point equal to the one before it is no change at all.
void LevelCurve::record(Time t, std::uint32_t value) {
  if (points_.back().time == t) {
    points_.back().value = value;
    if (points_.size() >= 2 && points_[points_.size() - 2].value == value) points_.pop_back();
    return;
  }
  if (points_.back().value == value) return;
  points_.push_back({t, value});
  if (points_.size() > capacity_) compact();
}

void LevelCurve::compact() {
  // Four points per bucket: buckets of width w over [0, last] fit in half the
  // capacity once w >= 8 x last / capacity.
  const Time last = points_.back().time;
  width_ = std::max(doubled(width_), power_of_two_at_least(last / static_cast<Time>(capacity_) * 8 + 1));
  for (;;) {
    std::vector<StepPoint> reduced = reduce_curve(points_, width_);
    if (reduced.size() <= capacity_ / 2 || width_ >= kWidestSpan) {
      points_ = std::move(reduced);
      return;
    }
    width_ = doubled(width_);
  }
}

HtmlTimeline::HtmlTimeline(const Roster& roster)
    : shown_(chart_lanes(roster)),
      sync_lane_(roster.syncs().size(), kNoLane),
      sync_counter_(roster.syncs().size(), kNoLane),
      device_counter_(roster.scenario().devices.size(), kNoLane),
      thread_lane_(shown_.threads, kNoLane),
      gil_lane_(roster.processes().size(), kNoLane),
      thread_count_(roster.threads().size()) {
  const std::size_t core_capacity = lane_capacity(shown_.cores + shown_.gils + shown_.syncs);
  const std::size_t thread_capacity = lane_capacity(shown_.threads);
  // A counter keeps up to 65,536 points exactly; many share 2^20.
  const std::size_t counter_capacity =
      std::clamp<std::size_t>((std::size_t{1} << 20) / std::max<std::size_t>(shown_.syncs, 1), 256, 65536);
  std::size_t syncs_left = shown_.syncs;
  auto add_counter = [&](const char* kind, std::uint32_t index, std::int64_t capacity, std::int64_t start) {
    counters_.push_back({kind, index, capacity, lanes_.size(), LevelCurve(counter_capacity), start});
    counters_.back().curve.record(0, static_cast<std::uint32_t>(std::max<std::int64_t>(start, 0)));
    --syncs_left;
    return static_cast<std::uint32_t>(counters_.size() - 1);
  };
  lanes_.reserve(shown_.total());
  for (std::size_t c = 0; c < shown_.cores; ++c) lanes_.push_back({"core", 0, c, SliceList(core_capacity, true)});
  for (DeviceIndex d = 0; d < device_counter_.size() && syncs_left > 0; ++d)
    device_counter_[d] = add_counter("device", d, roster.scenario().devices[d].channels, 0);
  // A lock's holders in a lane; a level over time for the others.
  auto add_sync = [&](ProcessIndex p, SyncIndex s) {
    const SyncSpec& spec = roster.sync_spec(s);
    if (is_lock(spec)) {  // a lock, or a Value's or an Array's
      sync_lane_[s] = static_cast<std::uint32_t>(lanes_.size());
      lanes_.push_back({"lock", p, s, SliceList(core_capacity, false)});
      --syncs_left;
      return;
    }
    switch (spec.kind) {
      case SyncKind::lock:
      case SyncKind::rlock:
      case SyncKind::mp_value:  // without a lock: nothing to wait for
      case SyncKind::mp_array:
      case SyncKind::mp_shared_memory: break;
      case SyncKind::semaphore: sync_counter_[s] = add_counter("semaphore", s, spec.value, 0); break;
      case SyncKind::queue: sync_counter_[s] = add_counter("queue", s, spec.value, 0); break;
      case SyncKind::event: sync_counter_[s] = add_counter("event", s, 1, 0); break;
      case SyncKind::mp_queue:
      case SyncKind::mp_simple_queue:
      case SyncKind::mp_pipe: sync_counter_[s] = add_counter("queue", s, 0, 0); break;  // messages in the pipe
    }
  };
  for (std::uint32_t q = 0; q < roster.scenario().shared_syncs.size() && syncs_left > 0; ++q)
    add_sync(kSharedProcess, roster.shared_sync(q));
  for (ProcessIndex p = 0; p < roster.processes().size(); ++p) {
    const ProcessInfo& info = roster.processes()[p];
    if (info.first_thread >= shown_.threads) break;
    if (info.gil) {
      gil_lane_[p] = static_cast<std::uint32_t>(lanes_.size());
      lanes_.push_back({"gil", p, p, SliceList(core_capacity, false)});
    }
    const std::size_t own = roster.scenario().processes[info.spec].syncs.size();
    for (SyncIndex s = info.first_sync; s < info.first_sync + own && syncs_left > 0; ++s) add_sync(p, s);
    for (ThreadIndex t = info.first_thread; t < info.first_thread + info.thread_count && t < shown_.threads; ++t) {
      thread_lane_[t] = static_cast<std::uint32_t>(lanes_.size());
      lanes_.push_back({"thread", p, t, SliceList(thread_capacity, true)});
    }
  }
  gil_now_.resize(lanes_.size());
}

void HtmlTimeline::set_counter(std::uint32_t counter, Time t, std::int64_t value) {
  Counter& c = counters_[counter];
  c.value = value;
  c.curve.record(t, static_cast<std::uint32_t>(std::clamp<std::int64_t>(value, 0, UINT32_MAX)));
}

// Locks: who holds each (an rlock's re-entries are no new hold); semaphores:
// permits in use, from the free ones the operation leaves; queues: items;
// events: set or not.
void HtmlTimeline::on_sync(Time t, ThreadIndex thread, SyncIndex sync, SyncOp op, std::int64_t value) {
  if (const std::uint32_t lane = sync_lane_[sync]; lane != kNoLane) {
    GilNow& now = gil_now_[lane];
    if (op == SyncOp::acquire && value == 1) {
      now = {true, false, thread, t};
    } else if (op == SyncOp::release && value == 0 && now.held) {
      if (t > now.since) lanes_[lane].slices.add(now.since, t, now.holder);
      now.held = false;
    }
    return;
  }
  const std::uint32_t counter = sync_counter_[sync];
  if (counter == kNoLane) return;
  const Counter& c = counters_[counter];
  if (c.kind[0] == 's' && (op == SyncOp::acquire || op == SyncOp::release)) set_counter(counter, t, c.capacity - value);
  if (c.kind[0] == 'q' && (op == SyncOp::put || op == SyncOp::get)) set_counter(counter, t, value);
  if (c.kind[0] == 'e' && (op == SyncOp::set || op == SyncOp::clear)) set_counter(counter, t, op == SyncOp::set ? 1 : 0);
}

void HtmlTimeline::on_device(Time t, ThreadIndex, DeviceIndex device, bool begin) {
  const std::uint32_t counter = device_counter_[device];
  if (counter != kNoLane) set_counter(counter, t, counters_[counter].value + (begin ? 1 : -1));
}

void HtmlTimeline::close_state(const StateChange& c) {
  if (c.at <= c.since || !is_alive(c.from)) return;
  if (on_core(c.from) && c.from_detail < shown_.cores)
    lanes_[c.from_detail].slices.add(c.since, c.at, c.thread);
  if (c.thread < shown_.threads)
    lanes_[thread_lane_[c.thread]].slices.add(c.since, c.at,
                                              16 * std::uint64_t{c.from_detail} + static_cast<std::uint64_t>(c.from));
}

void HtmlTimeline::on_thread_state(const StateChange& c) {
  close_state(c);
  alive_ = alive_ - (is_alive(c.from) ? 1 : 0) + (is_alive(c.to) ? 1 : 0);
  running_ = running_ - (on_core(c.from) ? 1 : 0) + (on_core(c.to) ? 1 : 0);
  concurrency_.record(c.at, alive_);
  parallelism_.record(c.at, running_);
}

void HtmlTimeline::on_core_overhead(Time t, CoreIndex core, ThreadIndex, Time duration) {
  if (core < shown_.cores) lanes_[core].slices.add(t, t + duration, thread_count_);
}

void HtmlTimeline::close_gil(std::uint32_t lane, Time t) {
  GilNow& now = gil_now_[lane];
  if (!now.held) return;
  if (t > now.since) lanes_[lane].slices.add(now.since, t, 2 * std::uint64_t{now.holder} + (now.forced ? 1 : 0));
  now.held = false;
}

void HtmlTimeline::on_gil_acquire(Time t, ProcessIndex process, ThreadIndex holder, bool forced) {
  const std::uint32_t lane = gil_lane_[process];
  if (lane == kNoLane) return;
  close_gil(lane, t);  // only if the model forgot a release
  gil_now_[lane] = {true, forced, holder, t};
}

void HtmlTimeline::on_gil_release(Time t, ProcessIndex process, ThreadIndex holder) {
  const std::uint32_t lane = gil_lane_[process];
  if (lane != kNoLane && gil_now_[lane].held && gil_now_[lane].holder == holder) close_gil(lane, t);
}

void HtmlTimeline::on_end(Time t, const ThreadStates& states) {
  makespan_ = t;
  // What each lane shows at the end: after a deadlock, it shows that for ever.
  for (ThreadIndex i = 0; i < states.size(); ++i) {
    const ThreadState s = states.state(i);
    if (i < shown_.threads && is_alive(s))
      lanes_[thread_lane_[i]].end_key = 16 * std::uint64_t{states.detail(i)} + static_cast<std::uint64_t>(s);
    if (on_core(s) && states.detail(i) < shown_.cores) lanes_[states.detail(i)].end_key = i;
  }
  for (std::uint32_t lane = 0; lane < lanes_.size(); ++lane) {
    GilNow& now = gil_now_[lane];
    if (!now.held) continue;
    const bool lock = lanes_[lane].kind == std::string_view("lock");
    lanes_[lane].end_key = lock ? now.holder : 2 * std::uint64_t{now.holder} + (now.forced ? 1 : 0);
    if (lock) {  // still held (a deadlock, a thread that never released)
      if (t > now.since) lanes_[lane].slices.add(now.since, t, now.holder);
      now.held = false;
    }
  }
  for (ThreadIndex i = 0; i < states.size(); ++i) close_state(states.current(i, t));
  for (std::uint32_t lane = 0; lane < lanes_.size(); ++lane) close_gil(lane, t);
}

std::size_t HtmlTimeline::memory_bytes() const {
  std::size_t bytes = gil_now_.capacity() * sizeof(GilNow) +
                      (thread_lane_.capacity() + gil_lane_.capacity()) * sizeof(std::uint32_t) +
                      lanes_.capacity() * sizeof(Lane) + counters_.capacity() * sizeof(Counter) +
                      (sync_lane_.capacity() + sync_counter_.capacity() + device_counter_.capacity()) *
                          sizeof(std::uint32_t) +
                      (concurrency_.points().capacity() + parallelism_.points().capacity()) * sizeof(StepPoint);
  for (const Lane& lane : lanes_) bytes += lane.slices.slices().capacity() * sizeof(DrawSlice);
  for (const Counter& c : counters_) bytes += c.curve.points().capacity() * sizeof(StepPoint);
  return bytes;
}

}  // namespace gilsim
