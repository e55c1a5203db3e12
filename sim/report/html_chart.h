#pragma once
// The timeline of the HTML report as data for the page's script: a lane per
// core, per process GIL and per thread, and the concurrency and parallelism
// curves.
//
// A big run has far more slices than a screen has pixels. Where a lane has
// more slices than kDrawBuckets, runs of short slices are merged for drawing
// (the page says so on hover), which keeps the file at a few MB however long
// the run. The lanes come from an HtmlTimeline, which aggregates them while the
// run goes on (report/html_lanes.h). The report's tables are computed from the
// RunResult's totals, never from this data, so merging changes no number in them.

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <vector>

#include "model/roster.h"
#include "report/result.h"

namespace gilsim {

inline constexpr std::uint32_t kDrawBuckets = 4000;  // about 3 x the chart's pixels: zoom headroom
inline constexpr std::size_t kMaxCoreLanes = 512;
inline constexpr std::size_t kMaxThreadLanes = 2000;
inline constexpr std::size_t kMaxSyncLanes = 256;  // primitives and devices

// One bar on a lane. `key` says what it shows: a thread index on core and lock
// lanes, on GIL lanes 2 x holder + 1 if taken after a forced drop, 16 x detail
// + state on thread lanes. `count` > 1: that many slices merged for drawing.
struct DrawSlice {
  Time start = 0;
  Time end = 0;
  std::uint64_t key = 0;
  std::uint64_t count = 1;
};

// `slices` in time order, not overlapping. Unchanged if there are at most
// `buckets`; otherwise each run of slices shorter than makespan / buckets that
// fits in that width becomes one slice with the key that covered most of its
// time (ties: the smaller key). Longer slices stay exact. The result has at
// most about 3 x buckets slices.
std::vector<DrawSlice> merge_for_drawing(std::vector<DrawSlice> slices, Time makespan,
                                         std::uint32_t buckets = kDrawBuckets);

// A step curve with at most about 4 x buckets points: where it has more, each
// bucket keeps its first, lowest, highest and last point, in time order, so the
// drawing still reaches every extreme.
std::vector<StepPoint> reduce_for_drawing(const std::vector<StepPoint>& curve, Time makespan,
                                          std::uint32_t buckets = kDrawBuckets);
// The same with buckets of `width` ns (>= 1), whatever the curve's size.
std::vector<StepPoint> reduce_curve(const std::vector<StepPoint>& curve, Time width);

// Which lanes the chart draws, in order: cores, devices, then per process its
// GIL, its primitives and its threads. Threads past kMaxThreadLanes (and the
// GILs and primitives of processes that have none of their threads drawn),
// cores past kMaxCoreLanes and primitives and devices past kMaxSyncLanes are
// left out. Locks and rlocks have a lane of holders; semaphores (permits in
// use), queues (items), events (set) and devices (busy channels) a counter.
struct ChartLanes {
  std::size_t cores = 0;
  std::size_t gils = 0;
  std::size_t threads = 0;
  std::size_t syncs = 0;  // primitives and devices
  std::size_t hidden_cores = 0;
  std::size_t hidden_threads = 0;
  std::size_t hidden_syncs = 0;
  std::size_t total() const { return cores + gils + threads + syncs; }
};
ChartLanes chart_lanes(const Roster& roster);

class HtmlTimeline;

// Writes the JSON object the page's script draws from: the lanes and curves
// of `timeline` (which saw the run whose totals are `result`). Every '<' is
// escaped, so the text can sit inside a <script> element whatever the names say.
void write_chart_data(std::ostream& out, const Roster& roster, const RunResult& result, const HtmlTimeline& timeline);

}  // namespace gilsim
