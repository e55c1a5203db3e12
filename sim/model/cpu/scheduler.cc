#include "model/cpu/scheduler.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <map>

namespace gilsim {

namespace {
__extension__ using Wide = __int128;
constexpr int kPriorityLevels = 100;  // priorities 0..99, as the loader allows

Time saturating_add(Time now, Time delay) { return delay > kTimeMax - now ? kTimeMax : now + delay; }
}  // namespace

const char* policy_name(SchedulerPolicy p) {
  switch (p) {
    case SchedulerPolicy::round_robin: return "round_robin";
    case SchedulerPolicy::fifo: return "fifo";
    case SchedulerPolicy::priority: return "priority";
    case SchedulerPolicy::cfs: return "cfs";
  }
  return "?";
}

CpuScheduler::CpuScheduler(std::uint32_t cores, const SchedulerSpec& spec, std::size_t threads)
    : spec_(spec),
      thread_count_(threads),
      simple_(spec.policy == SchedulerPolicy::fifo || spec.policy == SchedulerPolicy::round_robin),
      running_(cores, kIdle),
      last_(cores, kIdle),
      generation_(cores, 0),
      armed_generation_(cores, 0),
      slice_end_(cores, 0),
      free_cores_(cores),
      free_count_(cores) {
  classes_.emplace_back();
  if (preemptive()) switching_.assign(cores, 0);
  if (spec_.policy == SchedulerPolicy::priority) {
    core_priority_.assign(cores, 0);
    cores_at_level_.resize(kPriorityLevels);
  }
  if (spec_.policy == SchedulerPolicy::cfs) {
    cfs_ = cfs_tunables(spec_, cores);
    dispatched_.assign(cores, 0);
    running_vruntimes_ = RunningVruntimes(cores);
    vruntime_.assign(threads, 0);
    seen_.assign(threads, 0);
  }
}

void CpuScheduler::set_priority(ThreadIndex t, std::int32_t priority) {
  if (priority_.empty()) priority_.assign(thread_count_, 0);
  priority_[t] = priority;
}

void CpuScheduler::set_nice(ThreadIndex t, std::int32_t nice) {
  if (weight_.empty()) weight_.assign(thread_count_, 1024);
  weight_[t] = nice_weight(nice);
}

void CpuScheduler::set_affinity(ThreadIndex t, const std::vector<std::uint32_t>& cpus) {
  if (class_of_.empty()) {
    class_of_.assign(thread_count_, 0);
    ready_order_.assign(thread_count_, 0);
    simple_ = false;
  }
  // Few distinct sets in practice (one per process or thread spec): a linear search.
  for (std::uint32_t c = 1; c < classes_.size(); ++c)
    if (classes_[c].cpus == cpus) {
      class_of_[t] = c;
      return;
    }
  classes_.emplace_back();
  classes_.back().cpus = cpus;
  class_of_[t] = static_cast<std::uint32_t>(classes_.size() - 1);
}

bool CpuScheduler::allows(ThreadIndex t, CoreIndex core) const {
  return class_of_.empty() || class_allows(classes_[class_of_[t]], core);
}

bool CpuScheduler::class_allows(const ReadyClass& c, CoreIndex core) const {
  return c.cpus.empty() || std::binary_search(c.cpus.begin(), c.cpus.end(), core);
}

CoreIndex CpuScheduler::free_core_of(const ReadyClass& c) const {
  if (c.cpus.empty()) return free_cores_.lowest();
  for (CoreIndex core : c.cpus)
    if (free_cores_.contains(core)) return core;
  return FreeCores::kNone;
}

void CpuScheduler::enqueue(ThreadIndex t, Time now, bool woke, Enqueue where) {
  ReadyClass& c = classes_[class_of_.empty() ? 0 : class_of_[t]];
  std::int64_t order = where == Enqueue::head ? next_head_order_-- : next_order_++;
  switch (spec_.policy) {
    case SchedulerPolicy::fifo:
    case SchedulerPolicy::round_robin:
      ready_order_[t] = order;
      c.ring.push_back(t);
      return;
    case SchedulerPolicy::priority: {
      Wide key = -static_cast<Wide>(priority_of(t));
      // With aging, rank = priority x aging - ready_since: equal ranks age alike.
      if (spec_.aging > 0) key = static_cast<Wide>(now) - static_cast<Wide>(priority_of(t)) * spec_.aging;
      c.heap.push_back({key, order, t});
      break;
    }
    case SchedulerPolicy::cfs: {
      if (woke) {
        update_min_vruntime(now);
        std::int64_t& v = vruntime_[t];
        if (!seen_[t]) {
          v = min_vruntime_;  // a new thread starts level with the queue
          seen_[t] = 1;
        } else {
          v = std::max(v, min_vruntime_ - cfs_.latency / 2);  // a sleeper gets at most half a period of credit
        }
        runnable_weight_ += weight_of(t);
        ++runnable_count_;
        c.runnable_weight += weight_of(t);
        ++c.runnable_count;
      }
      c.heap.push_back({vruntime_[t], order, t});
      break;
    }
  }
  std::push_heap(c.heap.begin(), c.heap.end(), [](const HeapEntry& a, const HeapEntry& b) { return b < a; });
}

ThreadIndex CpuScheduler::pop_head(ReadyClass& c) {
  if (!c.ring.empty()) return c.ring.pop_front();
  std::pop_heap(c.heap.begin(), c.heap.end(), [](const HeapEntry& a, const HeapEntry& b) { return b < a; });
  ThreadIndex t = c.heap.back().thread;
  c.heap.pop_back();
  return t;
}

bool CpuScheduler::head_before(const ReadyClass& a, const ReadyClass& b) const {
  if (!a.ring.empty()) return ready_order_[a.ring.front()] < ready_order_[b.ring.front()];
  return a.heap.front() < b.heap.front();
}

std::optional<CpuScheduler::Choice> CpuScheduler::choose() {
  if (free_cores_.empty()) return std::nullopt;
  ReadyClass* best = nullptr;
  CoreIndex best_core = FreeCores::kNone;
  for (ReadyClass& c : classes_) {
    if (c.empty()) continue;
    CoreIndex core = free_core_of(c);
    if (core == FreeCores::kNone) continue;
    if (best == nullptr || head_before(c, *best)) {
      best = &c;
      best_core = core;
    }
  }
  if (best == nullptr) return std::nullopt;
  return Choice{pop_head(*best), best, best_core};
}

// Which of its free cores a thread of class `c` takes. Who gets a core is
// decided by rank (choose); where, by a look one placement ahead: if the
// waiter that will be placed next is pinned, the lowest free core it may use
// is kept for it, so a thread that could run anywhere does not take the only
// core a pinned waiter may use while another core idles. Among the rest: the
// thread's previous core, else the lowest. If every free core it may use is
// kept, it takes `fallback`. O(classes) per placement.
CoreIndex CpuScheduler::core_for(const ReadyClass& c, CoreIndex previous, CoreIndex fallback) {
  CoreIndex kept = FreeCores::kNone;
  if (classes_.size() > 1 && free_count_ > 1) {
    const ReadyClass* next = nullptr;
    CoreIndex next_core = FreeCores::kNone;
    for (const ReadyClass& other : classes_) {
      if (other.empty()) continue;
      CoreIndex core = free_core_of(other);
      if (core != FreeCores::kNone && (next == nullptr || head_before(other, *next))) {
        next = &other;
        next_core = core;
      }
    }
    if (next != nullptr && next != &c && !next->cpus.empty()) kept = next_core;
  }
  if (previous != kIdle && free_cores_.contains(previous) && class_allows(c, previous) && previous != kept)
    return previous;
  if (kept == FreeCores::kNone || fallback != kept) return fallback;
  if (c.cpus.empty()) {
    free_cores_.erase(kept);
    CoreIndex core = free_cores_.lowest();
    free_cores_.insert(kept);
    return core == FreeCores::kNone ? fallback : core;
  }
  for (CoreIndex core : c.cpus)
    if (free_cores_.contains(core) && core != kept) return core;
  return fallback;
}

// Waiters that have an idle core of their own are no reason to give up this one.
const CpuScheduler::ReadyClass* CpuScheduler::best_class_for(CoreIndex core) const {
  const ReadyClass* best = nullptr;
  for (const ReadyClass& c : classes_)
    if (!c.empty() && class_allows(c, core) && free_core_of(c) == FreeCores::kNone &&
        (best == nullptr || head_before(c, *best)))
      best = &c;
  return best;
}

void CpuScheduler::occupy(CoreIndex core, ThreadIndex t, Time now) {
  free_cores_.erase(core);
  --free_count_;
  running_[core] = t;
  ++generation_[core];
  if (spec_.policy == SchedulerPolicy::priority) {
    std::int32_t p = priority_of(t);
    core_priority_[core] = p;
    auto& level = cores_at_level_[static_cast<std::size_t>(p)];
    if (!level) level = std::make_unique<FreeCores>(core_count(), false);
    level->insert(core);
    levels_running_[p / 64] |= std::uint64_t{1} << (p % 64);
  }
  begin_slice(core, now);
}

void CpuScheduler::begin_slice(CoreIndex core, Time now) {
  Time length = spec_.quantum;
  if (spec_.policy == SchedulerPolicy::fifo) length = kTimeMax;
  if (spec_.policy == SchedulerPolicy::cfs) {
    length = cfs_slice(running_[core]);
    dispatched_[core] = now;
    running_vruntimes_.set(core, vruntime_[running_[core]], now, weight_of(running_[core]));
  }
  slice_end_[core] = saturating_add(now, length);
}

// The latency period is shared by weight among the runnable threads that
// compete for the same cores, as if they were spread evenly over them: period
// = max(latency, ceil(n / cores) x min_granularity), slice = period x weight x
// cores / total weight, at least min_granularity and at most the period. For
// a thread that may run anywhere, n, cores and the total weight are the whole
// machine's; for a pinned thread, those of its affinity class (the threads
// with the same cpus) on its cores: three threads pinned to one core get a
// third of the period each. (Linux computes the slice per core run queue.)
Time CpuScheduler::cfs_slice(ThreadIndex t) const {
  std::uint64_t cores = core_count(), count = runnable_count_, weight = runnable_weight_;
  if (restricted(t)) {
    const ReadyClass& c = classes_[class_of_[t]];
    cores = c.cpus.size();
    count = c.runnable_count;
    weight = c.runnable_weight;
  }
  std::uint64_t per_core = (count + cores - 1) / cores;
  Wide period = std::max<Wide>(cfs_.latency, static_cast<Wide>(per_core) * cfs_.min_granularity);
  std::uint64_t total = std::max<std::uint64_t>(weight, weight_of(t));
  Wide slice = period * weight_of(t) * static_cast<Wide>(cores) / static_cast<Wide>(total);
  slice = std::clamp<Wide>(slice, cfs_.min_granularity, period);
  return static_cast<Time>(std::min<Wide>(slice, kTimeMax));
}

// In 128 bits and saturated: a run of 2^63 - 1 ns at nice 19 would pass
// INT64_MAX about 70 times over (UB, and a wrapped vruntime that runs first).
std::int64_t CpuScheduler::current_vruntime(CoreIndex core, Time now) const {
  ThreadIndex t = running_[core];
  Wide v = vruntime_[t] + static_cast<Wide>(now - dispatched_[core]) * 1024 / weight_of(t);
  return static_cast<std::int64_t>(std::min<Wide>(v, INT64_MAX));
}

// Brings the running thread's vruntime up to date.
void CpuScheduler::account(CoreIndex core, Time now) {
  vruntime_[running_[core]] = current_vruntime(core, now);
  dispatched_[core] = now;
  running_vruntimes_.set(core, vruntime_[running_[core]], now, weight_of(running_[core]));
}

// min_vruntime moves on, as the kernel's update_min_vruntime does, to the
// least vruntime among the running threads and the leftmost waiters, never
// backwards. It is read only where a woken thread is placed, so it is worked
// out there: O(log cores + classes) per cfs wake-up (running_vruntimes.h).
// (Linux keeps one per core run queue; the global queue has one for all.)
void CpuScheduler::update_min_vruntime(Time now) {
  bool any = false;
  std::int64_t v = 0;
  auto consider = [&](std::int64_t x) {
    v = any ? std::min(v, x) : x;
    any = true;
  };
  if (std::optional<std::int64_t> running = running_vruntimes_.least(now)) consider(*running);
  for (const ReadyClass& c : classes_)
    if (!c.heap.empty()) consider(static_cast<std::int64_t>(c.heap.front().key));
  if (any) min_vruntime_ = std::max(min_vruntime_, v);
}

bool CpuScheduler::should_yield(CoreIndex core, Time now) {
  // Threads woken at this instant may still be waiting for idle cores: only more waiters than idle cores count.
  if (simple_) return ready_.size() > free_count_;
  const ReadyClass* waiter = best_class_for(core);
  switch (spec_.policy) {
    case SchedulerPolicy::fifo: return false;
    case SchedulerPolicy::round_robin: return waiter != nullptr;
    case SchedulerPolicy::priority: {
      if (waiter == nullptr) return false;
      Wide mine = core_priority_[core];
      const HeapEntry& head = waiter->heap.front();
      if (spec_.aging == 0) return -head.key >= mine;
      return static_cast<Wide>(now) - head.key >= mine * spec_.aging;
    }
    case SchedulerPolicy::cfs:
      account(core, now);
      return waiter != nullptr && waiter->heap.front().key < vruntime_[running_[core]];
  }
  return false;
}

std::optional<CoreIndex> CpuScheduler::preemption_target(ThreadIndex t, CoreIndex previous, Time now) const {
  if (spec_.policy == SchedulerPolicy::priority) {
    std::int32_t mine = priority_of(t);
    // The lowest-priority running thread below t's; among equals the lowest
    // core; a core mid-switch only if every candidate is (the caller then waits for it).
    auto better = [&](CoreIndex core, const std::optional<CoreIndex>& victim) {
      if (!victim) return true;
      if (switching(core) != switching(*victim)) return !switching(core);
      return core_priority_[core] < core_priority_[*victim];
    };
    if (restricted(t)) {
      std::optional<CoreIndex> victim;
      for (CoreIndex core : classes_[class_of_[t]].cpus)
        if (running_[core] != kIdle && core_priority_[core] < mine && better(core, victim)) victim = core;
      return victim;
    }
    int lowest = levels_running_[0] != 0   ? std::countr_zero(levels_running_[0])
                 : levels_running_[1] != 0 ? 64 + std::countr_zero(levels_running_[1])
                                           : kPriorityLevels;
    if (lowest >= mine) return std::nullopt;
    CoreIndex usual = cores_at_level_[static_cast<std::size_t>(lowest)]->lowest();
    if (!switching(usual)) return usual;
    // Rare (a wake-up during a context switch): look at every core.
    std::optional<CoreIndex> victim;
    for (CoreIndex core = 0; core < core_count(); ++core)
      if (running_[core] != kIdle && core_priority_[core] < mine && better(core, victim)) victim = core;
    return victim;
  }
  if (spec_.policy == SchedulerPolicy::cfs) {
    // Linux wakes a thread on its previous core: only that core's thread is a candidate.
    CoreIndex core = previous;
    if (core == kIdle || !allows(t, core)) core = restricted(t) ? classes_[class_of_[t]].cpus.front() : 0;
    if (running_[core] == kIdle) return std::nullopt;
    if (current_vruntime(core, now) - vruntime_[t] > cfs_.wakeup_granularity) return core;
  }
  return std::nullopt;
}

void CpuScheduler::leave_core_general(CoreIndex core, Time now, bool still_runnable) {
  ThreadIndex t = running_[core];
  assert(t != kIdle);
  if (spec_.policy == SchedulerPolicy::priority) {
    std::int32_t p = core_priority_[core];
    FreeCores& level = *cores_at_level_[static_cast<std::size_t>(p)];
    level.erase(core);
    if (level.empty()) levels_running_[p / 64] &= ~(std::uint64_t{1} << (p % 64));
  }
  if (spec_.policy == SchedulerPolicy::cfs) {
    account(core, now);
    running_vruntimes_.erase(core);
    if (!still_runnable) {
      runnable_weight_ -= weight_of(t);
      --runnable_count_;
      ReadyClass& c = classes_[class_of_.empty() ? 0 : class_of_[t]];
      c.runnable_weight -= weight_of(t);
      --c.runnable_count;
    }
  }
  last_[core] = t;
  running_[core] = kIdle;
  ++generation_[core];
  free_cores_.insert(core);
  ++free_count_;
}

}  // namespace gilsim
