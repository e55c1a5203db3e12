#pragma once
// The lanes of the HTML chart, aggregated while the run goes on, in memory
// that does not grow with the number of events (issue 6): a Recorder with
// RecorderDetail::totals gives the page its tables, an HtmlTimeline next to
// it (through an ObserverTee) gives the chart.
//
// Each drawn lane is a SliceList: its slices as they come, exactly, until
// there are more than its capacity; then runs of neighbouring short slices are
// merged as merge_for_drawing does, with a minimum span that doubles each time
// the list overflows again. A lane that never overflows holds exactly the
// slices the full Recorder's intervals would give, and the page draws it
// exactly as before; the curves work the same way (LevelCurve). The page then
// applies merge_for_drawing / reduce_for_drawing with the makespan, as always.
//
// Capacity: each kind (cores and GILs; threads) shares kLaneSliceBudget / 2
// slices among its lanes, each lane between kMinLaneSlices and
// kMaxLaneSlices: at most about 2 x 10^6 slices of 32 bytes in all, whatever
// the run's length. Per thread there are 16 bytes of state (a running thread
// may show on any drawn core lane).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/observer.h"
#include "model/roster.h"
#include "report/html_chart.h"
#include "report/result.h"

namespace gilsim {

inline constexpr std::size_t kLaneSliceBudget = std::size_t{1} << 21;
inline constexpr std::size_t kMinLaneSlices = 512;
inline constexpr std::size_t kMaxLaneSlices = 4 * std::size_t{kDrawBuckets};

// Slices of one lane in time order, at most `capacity` of them.
class SliceList {
 public:
  // `join_same`: a slice that starts where the last one ended with the same
  // key extends it (a thread's intervals, as the Recorder coalesces them).
  SliceList(std::size_t capacity, bool join_same);

  // [start, end) with end > start >= the last slice's end.
  void add(Time start, Time end, std::uint64_t key);

  const std::vector<DrawSlice>& slices() const { return slices_; }
  // The span under which neighbours are merged; 0 while every slice is exact.
  Time min_span() const { return min_span_; }

 private:
  void compact();
  // A weighted majority vote (Boyer-Moore): the key of a merged slice is the
  // one that covered most of its time whenever one covered more than half;
  // O(1) memory however many keys the merged slices had.
  void vote(DrawSlice& into, std::uint64_t key, Time weight);

  std::vector<DrawSlice> slices_;
  std::size_t capacity_;
  bool join_same_;
  Time min_span_ = 0;
  Time vote_weight_ = 0;  // of the last slice's key, while it is still open to merging
};

// A step curve (concurrency, parallelism) with the Recorder's coalescing, at
// most `capacity` points: when it has more, each bucket of a doubling width
// keeps its first, lowest, highest and last point, as reduce_for_drawing does.
class LevelCurve {
 public:
  explicit LevelCurve(std::size_t capacity = std::size_t{1} << 16);
  void record(Time t, std::uint32_t value);
  const std::vector<StepPoint>& points() const { return points_; }
  Time bucket_width() const { return width_; }  // 0 while every point is exact

 private:
  void compact();
  std::vector<StepPoint> points_;
  std::size_t capacity_;
  Time width_ = 0;
};

class HtmlTimeline final : public Observer {
 public:
  explicit HtmlTimeline(const Roster& roster);

  void on_thread_state(const StateChange& change) override;
  void on_gil_acquire(Time t, ProcessIndex process, ThreadIndex holder, bool forced) override;
  void on_gil_release(Time t, ProcessIndex process, ThreadIndex holder) override;
  void on_gil_drop_request(Time, ProcessIndex, ThreadIndex) override {}
  // A context switch is drawn on its core lane with the key one past the last thread.
  void on_core_overhead(Time t, CoreIndex core, ThreadIndex incoming, Time duration) override;
  void on_print(Time, ThreadIndex, std::string_view) override {}
  void on_sync(Time t, ThreadIndex thread, SyncIndex sync, SyncOp op, std::int64_t value) override;
  void on_device(Time t, ThreadIndex thread, DeviceIndex device, bool begin) override;
  void on_deadlock(const Deadlock&) override { deadlocked_ = true; }
  void on_end(Time t, const ThreadStates& states) override;

  static constexpr std::uint64_t kNoKey = UINT64_MAX;
  struct Lane {
    const char* kind;  // "core", "gil", "lock", "thread"
    ProcessIndex process;  // of a GIL, lock or thread lane
    std::size_t index;     // the core, process, primitive or thread it shows
    SliceList slices;
    std::uint64_t end_key = kNoKey;  // what it shows when the run ends, if anything
  };
  // A level over time: a semaphore's permits in use, a queue's items, an
  // event's being set (0 or 1), a device's busy channels.
  struct Counter {
    const char* kind;       // "semaphore", "queue", "event", "device"
    std::uint32_t index;    // the primitive (SyncIndex) or device
    std::int64_t capacity;  // permits, maxsize (0: none), 1, channels
    std::size_t before;     // drawn just before lanes()[before] (lanes().size(): after the last)
    LevelCurve curve;
    std::int64_t value = 0;
  };
  // Cores, then per process its GIL, its locks and its threads, as chart_lanes() counts them.
  const std::vector<Lane>& lanes() const { return lanes_; }
  // Devices (before the first GIL, lock or thread lane), then per process its
  // semaphores, queues and events (before its threads).
  const std::vector<Counter>& counters() const { return counters_; }
  bool deadlocked() const { return deadlocked_; }
  const ChartLanes& shown() const { return shown_; }
  const LevelCurve& concurrency() const { return concurrency_; }
  const LevelCurve& parallelism() const { return parallelism_; }
  Time makespan() const { return makespan_; }
  // Bytes held by the lanes, curves and per-thread state: for tests and docs.
  std::size_t memory_bytes() const;

 private:
  static constexpr std::uint32_t kNoLane = UINT32_MAX;
  struct GilNow {
    bool held = false;
    bool forced = false;
    ThreadIndex holder = 0;
    Time since = 0;
  };
  void close_state(const StateChange& change);  // the slices of the state it ends
  void close_gil(std::uint32_t lane, Time t);
  void set_counter(std::uint32_t counter, Time t, std::int64_t value);

  ChartLanes shown_;
  std::vector<Lane> lanes_;
  std::vector<Counter> counters_;
  std::vector<std::uint32_t> sync_lane_;     // per primitive: its lock lane, or kNoLane
  std::vector<std::uint32_t> sync_counter_;  // per primitive: its counter, or kNoLane
  std::vector<std::uint32_t> device_counter_;  // per device: its counter, or kNoLane
  bool deadlocked_ = false;
  std::vector<std::uint32_t> thread_lane_;  // per drawn thread
  std::vector<std::uint32_t> gil_lane_;     // per process: its GIL lane or kNoLane
  std::vector<GilNow> gil_now_;             // per lane (GIL lanes; lock lanes: the holder, `forced` unused)
  std::size_t thread_count_;
  std::uint32_t alive_ = 0;
  std::uint32_t running_ = 0;
  LevelCurve concurrency_;
  LevelCurve parallelism_;
  Time makespan_ = 0;
};

}  // namespace gilsim
