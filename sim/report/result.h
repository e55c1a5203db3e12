#pragma once
// The recorded outcome of one run, as the reports see it: per-thread state
// intervals, GIL holders, output lines and the totals derived from them.

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/time.h"
#include "model/deadlock.h"
#include "model/observer.h"
#include "model/sync/release_refusal.h"
#include "report/pool_result.h"

namespace gilsim {

struct StateInterval {
  Time start = 0;
  Time end = 0;
  ThreadState state = ThreadState::not_started;
  std::uint32_t detail = 0;  // core for running, awaited thread for join/start
};

struct GilInterval {
  Time start = 0;
  Time end = 0;
  ThreadIndex holder = 0;
  bool forced = false;  // acquired after a requested (forced) drop
};

// A core switching threads.
struct OverheadInterval {
  Time start = 0;
  Time end = 0;
};

struct OutputLine {
  Time time = 0;
  ThreadIndex thread = 0;
  std::string text;
};

// A piecewise-constant count over time (concurrency, parallelism): the value
// is `value` from `time` until the next point's time.
struct StepPoint {
  Time time = 0;
  std::uint32_t value = 0;
};

struct LevelSummary {
  double average = 0;  // time-weighted over [0, makespan]
  std::uint32_t max = 0;
  std::vector<StepPoint> curve;
};

// Time spent in each state a thread has while alive. not_started and finished
// are not part of its life (see ThreadResult::start and finish): they read 0,
// and leaving them out keeps a thread's totals at 96 bytes (docs/performance.md).
// Native code counts as running: [running] and [native] both read the time on
// a core (the timelines tell the two apart, the totals do not).
class StateTimes {
 public:
  Time operator[](ThreadState s) const { return is_alive_state(s) ? times_[slot(s)] : 0; }
  void add(ThreadState s, Time length) {
    if (is_alive_state(s)) times_[slot(s)] += length;
  }
  Time total() const {
    Time sum = 0;
    for (Time t : times_) sum += t;
    return sum;
  }
  bool operator==(const StateTimes&) const = default;

 private:
  static bool is_alive_state(ThreadState s) { return s != ThreadState::not_started && s != ThreadState::finished; }
  static std::size_t slot(ThreadState s) {
    if (s == ThreadState::native) s = ThreadState::running;
    auto i = static_cast<std::size_t>(s);
    return s < ThreadState::finished ? i - 1 : i - 2;
  }
  static_assert(static_cast<int>(ThreadState::not_started) == 0 &&
                static_cast<int>(ThreadState::native) == kThreadStateCount - 1);
  std::array<Time, kThreadStateCount - 3> times_{};  // not_started, finished and native have none
};

// Per-thread totals. Counts saturate at 2^32 - 1 (a thread would need more
// than 4 x 10^9 state changes of its own to get there).
struct ThreadResult {
  Time start = -1;   // became alive; -1 = never started
  Time finish = -1;  // -1 = never finished
  StateTimes time_in;
  // Scheduling, as /proc/PID/status and schedstat count it.
  Time response_total = 0;          // time from ready to running, summed over dispatches
  Time response_max = 0;
  std::uint32_t dispatches = 0;     // ready -> running
  std::uint32_t preemptions = 0;    // running -> ready: involuntary switches
  std::uint32_t voluntary = 0;      // running -> a blocked state (GIL wait included)
  std::uint32_t migrations = 0;     // dispatched on another core than the last one
  // join, start, waits for processes, and waits on primitives and devices
  Time blocked() const {
    return time_in[ThreadState::join] + time_in[ThreadState::start] + time_in[ThreadState::process_wait] +
           sync_wait();
  }
  Time sync_wait() const {
    return time_in[ThreadState::lock_wait] + time_in[ThreadState::event_wait] + time_in[ThreadState::queue_wait] +
           time_in[ThreadState::device_wait];
  }
};

// 144 bytes: with the recorder's 17 bytes of current state and the model's 64,
// RR-1e6 stays under 256 MB (docs/performance.md).
static_assert(sizeof(ThreadResult) == 144, "a thread's totals stay small");

struct ProcessResult {
  std::uint64_t gil_handoffs = 0;     // GIL moved to a different thread
  std::uint64_t forced_switches = 0;  // drops because a waiter asked
  std::uint64_t drop_requests = 0;
  Time gil_wait = 0;  // sum over its threads
  Time gil_held = 0;
  std::vector<GilInterval> holders;
};

// A primitive held by a thread (a lock, rlock or semaphore permit), or a
// device channel serving it.
struct HoldInterval {
  Time start = 0;
  Time end = 0;
  ThreadIndex holder = 0;
};

// One primitive's (or device's) use over the run. Uses: acquisitions (lock,
// rlock, semaphore), gets (queue), sets (event), requests (device).
struct SyncResult {
  std::uint64_t uses = 0;
  std::uint64_t puts = 0;    // queue
  std::uint64_t waits = 0;   // times a thread blocked on it
  Time wait = 0;             // total time threads spent blocked on it
  Time max_wait = 0;         // longest single wait
  Time held = 0;             // total hold time (device: channel busy time)
  Time max_held = 0;         // longest single hold
  std::int64_t peak = 0;     // most holders at once; queue: longest; device: most busy channels
  std::uint64_t errors = 0;  // forbidden releases
  // Total hold time per thread that held it: only those, so that many
  // primitives among many threads cost no more than their holds.
  std::map<ThreadIndex, Time> held_by;
  std::vector<HoldInterval> holds;    // every hold, in the order they ended (full detail only)
};


struct RunResult {
  Time makespan = 0;
  std::vector<ThreadResult> threads;     // indexed by ThreadIndex
  // Per thread (indexed by ThreadIndex), its alive states in order; detailed results only.
  std::vector<std::vector<StateInterval>> intervals;
  // Thread t's intervals; none when recorded with totals only.
  const std::vector<StateInterval>& intervals_of(ThreadIndex t) const {
    static const std::vector<StateInterval> none;
    return t < intervals.size() ? intervals[t] : none;
  }
  std::vector<ProcessResult> processes;  // indexed by ProcessIndex
  std::vector<Time> core_busy;           // indexed by CoreIndex
  std::vector<Time> core_overhead;       // indexed by CoreIndex: time spent switching threads
  std::vector<std::vector<OverheadInterval>> core_overheads;  // per core; detailed results only
  LevelSummary concurrency;
  LevelSummary parallelism;
  std::vector<OutputLine> output;
  std::vector<PoolResult> pools;  // per executor (Roster::executors order)
  std::vector<Deadlock> deadlock;  // empty, or one entry
  std::vector<ProgramError> program_errors;  // forbidden releases, in order (the run went on)
  std::vector<SyncResult> syncs;    // indexed by SyncIndex
  std::vector<SyncResult> devices;  // indexed by DeviceIndex
  // false when recorded with RecorderDetail::totals: then `intervals` is
  // empty, as every ProcessResult::holders and LevelSummary::curve, and only
  // the totals above are filled.
  bool detailed = true;
};

}  // namespace gilsim
