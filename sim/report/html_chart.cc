#include "report/html_chart.h"

#include <algorithm>
#include <string>
#include <utility>


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
  std::size_t all_syncs = roster.scenario().devices.size() + roster.syncs().size();
  // Devices and the scenario's multiprocessing queues first, then each process's primitives.
  lanes.syncs = std::min(roster.scenario().devices.size() + roster.scenario().shared_syncs.size(), kMaxSyncLanes);
  for (const ProcessInfo& p : roster.processes()) {
    if (p.first_thread >= lanes.threads) continue;
    if (p.gil) ++lanes.gils;
    const std::size_t own = roster.scenario().processes[p.spec].syncs.size();
    lanes.syncs += std::min(own, kMaxSyncLanes - lanes.syncs);
  }
  lanes.hidden_syncs = all_syncs - lanes.syncs;
  return lanes;
}

}  // namespace gilsim
