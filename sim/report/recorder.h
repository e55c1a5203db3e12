#pragma once
// Builds a RunResult from the model's observer calls: per-thread time per
// state, GIL counters, core use, the concurrency (threads alive) and
// parallelism (threads on cores) averages and maxima, and the program's output.
//
// With RecorderDetail::full it also keeps every state interval, every GIL
// holder and both level curves (json, chrome, html need them); memory then
// grows with the run. With RecorderDetail::totals nothing is stored per event
// (only per thread, process and core, plus the printed lines), and every number
// it does fill is the same as full's.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/observer.h"
#include "model/sync/open_holds.h"
#include "model/roster.h"
#include "report/result.h"

namespace gilsim {

enum class RecorderDetail : std::uint8_t {
  full,    // totals plus intervals, GIL holders and level curves
  totals,  // totals only: ThreadResult::intervals, ProcessResult::holders and LevelSummary::curve stay empty
};

// What the program printed is kept for the report, within a budget: a
// `repeat` of a billion prints must stop with a clear limit, not fill the
// memory. Thrown by on_print when the kept lines would pass the budget.
struct OutputBudget {
  bool keep = true;                             // false: keep no line (compare shows none)
  std::uint64_t max_bytes = UINT64_MAX;         // a line costs its text plus kOutputLineBytes
  static constexpr std::uint64_t kOutputLineBytes = sizeof(OutputLine);
};
struct OutputLimitReached {
  Time at;  // the print that would have passed the budget
};

class Recorder : public Observer {
 public:
  explicit Recorder(const Roster& roster, RecorderDetail detail = RecorderDetail::full, OutputBudget output = {});

  void on_thread_state(const StateChange& change) override;
  void on_gil_acquire(Time t, ProcessIndex process, ThreadIndex holder, bool forced) override;
  void on_gil_release(Time t, ProcessIndex process, ThreadIndex holder) override;
  void on_gil_drop_request(Time t, ProcessIndex process, ThreadIndex requester) override;
  void on_print(Time t, ThreadIndex thread, std::string_view text) override;
  void on_core_overhead(Time t, CoreIndex core, ThreadIndex incoming, Time duration) override;
  void on_sync(Time t, ThreadIndex thread, SyncIndex sync, SyncOp op, std::int64_t value) override;
  void on_device(Time t, ThreadIndex thread, DeviceIndex device, bool begin) override;
  void on_program_error(const ProgramError& error) override;
  void on_pool_call(std::uint32_t executor, const PoolDone& done) override { pools_.add(executor, done); }
  void on_pool_workers(std::uint32_t executor, std::uint32_t count) override { pools_.add_workers(executor, count); }
  void on_pool_busy(std::uint32_t executor, ThreadIndex, Time taken, Time finished) override {
    pools_.add_busy(executor, finished - taken);
  }
  void on_pool_cost(std::uint32_t executor, ThreadIndex, PoolCostKind kind, Time duration) override {
    pools_.add_cost(executor, kind, duration);
  }
  void on_end(Time t, const ThreadStates& states) override;

  // The run stopped because no thread can make progress.
  void on_deadlock(const Deadlock& deadlock) override;

  // The finished result; call once, after on_end.
  RunResult take();

 private:
  struct GilNow {
    bool held = false;
    bool forced = false;
    bool ever_held = false;
    ThreadIndex holder = 0;  // the current holder, or the last one when free
    Time since = 0;
  };
  // A level (threads alive, threads on a core) followed over time: its area
  // (value x duration, exact) and its maximum, as the coalesced curve gives them.
  struct LevelNow {
    __extension__ using Area = unsigned __int128;  // up to 2^32 threads x 2^63 ns
    std::uint32_t value = 0;
    std::uint32_t max = 0;
    Time since = 0;
    Area area = 0;
  };

  // The time of the state that `change` ends, added to the totals (and the intervals).
  void close_state(const StateChange& change);
  SyncResult* waited_on(ThreadState state, std::uint32_t detail);
  void begin_hold(SyncResult& r, OpenHolds& open, ThreadIndex thread, Time t);
  void end_hold(SyncResult& r, std::optional<OpenHolds::Hold> hold, Time t);
  void close_gil(ProcessIndex process, Time t);
  void change_level(LevelNow& now, LevelSummary& summary, Time t, std::uint32_t value);
  static void finish_level(LevelNow& now, LevelSummary& summary, Time end);

  // Holds not yet released, per primitive or device (the release rule is OpenHolds').
  std::vector<OpenHolds> open_syncs_;
  std::vector<OpenHolds> open_devices_;
  const Roster* roster_;
  bool keep_detail_;
  OutputBudget output_budget_;
  std::uint64_t output_bytes_ = 0;
  RunResult result_;
  PoolTally pools_;
  std::vector<GilNow> gil_now_;
  LevelNow alive_;
  LevelNow running_;
  bool ended_ = false;
  bool deadlocked_ = false;
};

}  // namespace gilsim
