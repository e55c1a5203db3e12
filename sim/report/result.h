#pragma once
// The recorded outcome of one run, as the reports see it: per-thread state
// intervals, GIL holders, output lines and the totals derived from them.

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/time.h"
#include "model/observer.h"

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

struct ThreadResult {
  Time start = -1;   // became alive; -1 = never started
  Time finish = -1;  // -1 = never finished
  std::array<Time, kThreadStateCount> time_in{};  // indexed by ThreadState
  std::vector<StateInterval> intervals;           // alive states only, in order
  // Scheduling, as /proc/PID/status and schedstat count it.
  Time response_total = 0;          // time from ready to running, summed over dispatches
  Time response_max = 0;
  std::uint64_t dispatches = 0;     // ready -> running
  std::uint64_t preemptions = 0;    // running -> ready: involuntary switches
  std::uint64_t voluntary = 0;      // running -> a blocked state (GIL wait included)
  std::uint64_t migrations = 0;     // dispatched on another core than the last one
  // join, start, waits for processes, and waits on primitives and devices
  Time blocked() const {
    return time_in[static_cast<int>(ThreadState::join)] + time_in[static_cast<int>(ThreadState::start)] +
           time_in[static_cast<int>(ThreadState::process_wait)] + sync_wait();
  }
  Time sync_wait() const {
    return time_in[static_cast<int>(ThreadState::lock_wait)] + time_in[static_cast<int>(ThreadState::event_wait)] +
           time_in[static_cast<int>(ThreadState::queue_wait)] + time_in[static_cast<int>(ThreadState::device_wait)];
  }
};

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

struct Deadlock {
  Time time = 0;
  std::string message;  // "deadlock at 12 ms: app/t1 waits for app/t2 (join); ..."
};

struct RunResult {
  Time makespan = 0;
  std::vector<ThreadResult> threads;     // indexed by ThreadIndex
  std::vector<ProcessResult> processes;  // indexed by ProcessIndex
  std::vector<Time> core_busy;           // indexed by CoreIndex
  std::vector<Time> core_overhead;       // indexed by CoreIndex: time spent switching threads
  std::vector<std::vector<OverheadInterval>> core_overheads;  // per core; detailed results only
  LevelSummary concurrency;
  LevelSummary parallelism;
  std::vector<OutputLine> output;
  std::vector<Deadlock> deadlock;  // empty, or one entry
  std::vector<Deadlock> program_errors;  // forbidden releases, in order (the run went on)
  std::vector<SyncResult> syncs;    // indexed by SyncIndex
  std::vector<SyncResult> devices;  // indexed by DeviceIndex
  // false when recorded with RecorderDetail::totals: then every
  // ThreadResult::intervals, ProcessResult::holders and LevelSummary::curve is
  // empty, and only the totals above are filled.
  bool detailed = true;
};

}  // namespace gilsim
