#pragma once
// The least vruntime among the threads on cores, at any instant, in
// O(log cores) per change: cfs places a woken thread against min_vruntime,
// and scanning every core at every wake-up made a run of 10^5 cores and
// threads take minutes (issue 18).
//
// A running thread's vruntime grows with time: v + (now - since) x 1024 / w.
// With key = v x w - since x 1024 that is floor((key + now x 1024) / w),
// exactly (v is a whole number), and floor is monotonic: among threads of
// one weight the least key is the least vruntime at every instant. So each
// weight in use (at most 40, one per nice level) keeps an indexed min-heap of
// its cores by key, and the answer is the least of the heads' vruntimes.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/time.h"
#include "model/observer.h"

namespace gilsim {

class RunningVruntimes {
 public:
  __extension__ using Wide = __int128;

  explicit RunningVruntimes(std::uint32_t cores) : slots_(cores) {}

  // The thread on `core` has vruntime `v` as of `since` and weight `weight`.
  void set(CoreIndex core, std::int64_t v, Time since, std::uint32_t weight) {
    erase(core);
    Slot& slot = slots_[core];
    slot.group = group_of(weight);
    slot.key = static_cast<Wide>(v) * weight - static_cast<Wide>(since) * 1024;
    Group& g = groups_[slot.group];
    slot.position = static_cast<std::uint32_t>(g.heap.size());
    g.heap.push_back(core);
    rise(g, slot.position);
  }

  // The core runs no thread (or its thread is being brought up to date).
  void erase(CoreIndex core) {
    Slot& slot = slots_[core];
    if (slot.group == kNone) return;
    Group& g = groups_[slot.group];
    std::uint32_t at = slot.position;
    CoreIndex last = g.heap.back();
    g.heap.pop_back();
    slot.group = kNone;
    if (last == core) return;
    g.heap[at] = last;
    slots_[last].position = at;
    rise(g, at);
    sink(g, slots_[last].position);
  }

  // min over the running threads of their vruntime at `now`, saturated at
  // INT64_MAX; none when no thread runs.
  std::optional<std::int64_t> least(Time now) const {
    std::optional<std::int64_t> best;
    for (const Group& g : groups_) {
      if (g.heap.empty()) continue;
      Wide v = (slots_[g.heap.front()].key + static_cast<Wide>(now) * 1024) / g.weight;
      std::int64_t value = static_cast<std::int64_t>(std::min<Wide>(v, INT64_MAX));
      best = best ? std::min(*best, value) : value;
    }
    return best;
  }

 private:
  static constexpr std::uint32_t kNone = UINT32_MAX;
  struct Slot {
    Wide key = 0;
    std::uint32_t group = kNone;
    std::uint32_t position = 0;
  };
  struct Group {
    std::uint32_t weight;
    std::vector<CoreIndex> heap;  // a min-heap of cores by their slot's key
  };

  std::uint32_t group_of(std::uint32_t weight) {
    for (std::uint32_t g = 0; g < groups_.size(); ++g)
      if (groups_[g].weight == weight) return g;
    groups_.push_back({weight, {}});
    return static_cast<std::uint32_t>(groups_.size() - 1);
  }
  // Ties by core number, so the heap's shape never depends on anything but the input.
  bool before(CoreIndex a, CoreIndex b) const {
    return slots_[a].key != slots_[b].key ? slots_[a].key < slots_[b].key : a < b;
  }
  void place(Group& g, std::uint32_t at, CoreIndex core) {
    g.heap[at] = core;
    slots_[core].position = at;
  }
  void rise(Group& g, std::uint32_t at) {
    CoreIndex core = g.heap[at];
    while (at > 0 && before(core, g.heap[(at - 1) / 2])) {
      place(g, at, g.heap[(at - 1) / 2]);
      at = (at - 1) / 2;
    }
    place(g, at, core);
  }
  void sink(Group& g, std::uint32_t at) {
    CoreIndex core = g.heap[at];
    const std::size_t n = g.heap.size();
    while (2 * std::size_t{at} + 1 < n) {
      std::uint32_t child = 2 * at + 1;
      if (child + 1 < n && before(g.heap[child + 1], g.heap[child])) ++child;
      if (!before(g.heap[child], core)) break;
      place(g, at, g.heap[child]);
      at = child;
    }
    place(g, at, core);
  }

  std::vector<Slot> slots_;  // per core
  std::vector<Group> groups_;
};

}  // namespace gilsim
