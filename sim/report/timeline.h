#pragma once
// The lanes of the timeline picture (text now, html later), aggregated while
// the run goes on, in memory that does not grow with the number of events.
//
// Lanes: the first 32 cores (which thread ran), the first 32 processes with a
// GIL (which thread held it), the first 32 threads (their state), and the
// concurrency and parallelism levels. Each lane keeps, for B buckets over
// [0, span), the time spent in each symbol it can show (B x symbols x 8
// bytes: 1 MiB for a core lane of a run with 63+ threads at B = 2048). The
// span starts at B ns and, when a piece of a lane ends beyond it, grows by a
// power of two, adding neighbouring buckets together; times are integers, so
// every total stays exact.
//
// Cost: an observer call adds at most a few pieces, and a piece adds its time
// to the buckets it covers: O(1) for a piece within a bucket. A long piece may
// cover up to B buckets, but within one span the pieces of a lane cover each
// bucket at most once, so a run costs O(calls + B x symbols x lanes x
// doublings) in all, with fewer than 63 doublings. Nothing is allocated per
// call once the exact pieces below are gone.
//
// Small runs are drawn exactly: until the drawn lanes hold more than
// TimelineOptions::exact_pieces pieces in all, the Timeline also keeps them as
// they are, and chart() draws from them exactly as the interval-based picture
// always has. Beyond that it frees them and draws from the buckets, giving a
// column each bucket's time in proportion to their overlap. Where a column is
// a near-tie of many symbols (round-robin over more threads than a column can
// tell apart), that may pick another of the tied symbols, or '*' (many
// threads) from just beyond the column's edge; with 8 or more buckets per
// column (text_timeline_options) other columns come out as exact.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "model/observer.h"
#include "model/roster.h"
#include "report/result.h"

namespace gilsim {

inline constexpr std::size_t kLanesPerKind = 32;  // cores, GILs, threads drawn at most
inline constexpr std::size_t kUniqueSymbols = 62;  // A-Z a-z 0-9; later threads share '*'

inline constexpr char kOverheadSymbol = '%';  // a core switching threads (scheduler.context_switch)
char thread_symbol(ThreadIndex i);    // 'A'..'Z', 'a'..'z', '0'..'9', then '*'
char state_symbol(ThreadState s);     // '#' running, '-' ready, 'g' gil_wait, ...; ' ' not alive
char level_symbol(std::uint32_t v);   // '0'..'9', '+' above 9

// Drawn in the order core, gil, lock, thread, concurrency, parallelism.
enum class LaneKind : std::uint8_t { core, gil, thread, concurrency, parallelism, lock };

struct TimelineOptions {
  std::size_t buckets = 2048;          // per lane, at least 2
  std::size_t exact_pieces = 1 << 16;  // pieces kept as they are, all drawn lanes together
};

class Timeline final : public Observer {
 public:
  explicit Timeline(const Roster& roster, TimelineOptions options = {});

  // The lanes of a finished full-detail result (RecorderDetail::full), drawn
  // exactly whatever its size: for callers that already hold every interval.
  static Timeline from_result(const Roster& roster, const RunResult& result);

  void on_thread_state(const StateChange& change) override;
  void on_gil_acquire(Time t, ProcessIndex process, ThreadIndex holder, bool forced) override;
  void on_gil_release(Time t, ProcessIndex process, ThreadIndex holder) override;
  void on_gil_drop_request(Time, ProcessIndex, ThreadIndex) override {}
  void on_core_overhead(Time t, CoreIndex core, ThreadIndex incoming, Time duration) override;
  // Lock and rlock lanes: who held each (semaphores, events and queues have no lane).
  void on_sync(Time t, ThreadIndex thread, SyncIndex sync, SyncOp op, std::int64_t value) override;
  void on_print(Time, ThreadIndex, std::string_view) override {}
  void on_deadlock(const Deadlock&) override { deadlocked_ = true; }
  void on_end(Time t, const ThreadStates& states) override;

  // The run ended in a deadlock: what each lane shows at the end, it shows for ever.
  bool deadlocked() const { return deadlocked_; }
  // The symbol lane `lane` shows at the end of the run (the background where nothing).
  char end_symbol(LaneKind kind, std::size_t lane) const;

  // Lanes drawn of each kind: cores, GIL processes, threads; 1 for the levels.
  std::size_t lanes(LaneKind kind) const;
  // The processes whose GIL lanes are drawn, in order.
  const std::vector<ProcessIndex>& gil_processes() const { return gil_processes_; }
  // All processes with a GIL, drawn or not.
  std::size_t gil_process_count() const { return gil_process_count_; }
  // The locks and rlocks whose lanes are drawn, in order; and how many there are.
  const std::vector<SyncIndex>& lock_syncs() const { return lock_syncs_; }
  std::size_t lock_count() const { return lock_count_; }

  // One symbol per column [bounds[c], bounds[c+1]) of the lane: the symbol
  // that covered most of the column, the lane's background ('.' core or GIL
  // free, ' ' thread not alive) where nothing did; on a tie the one seen first
  // wins. `bounds` rises from 0 to the makespan. Call after on_end.
  std::string chart(LaneKind kind, std::size_t lane, const std::vector<Time>& bounds) const;

  Time makespan() const { return makespan_; }
  // Whether a thread lane shows state `s` anywhere (for the key).
  bool shows(ThreadState s) const { return (states_shown_ >> static_cast<unsigned>(s) & 1U) != 0; }
  bool exact() const { return exact_; }  // still holding every piece
  Time bucket_width() const { return width_; }
  // Time in the lane's buckets, background excluded (levels: all of it): for tests.
  Time bucket_total(LaneKind kind, std::size_t lane) const;
  // Bytes held in the lanes' buckets and pieces and the per-thread state.
  std::size_t memory_bytes() const;

 private:
  struct Piece {
    Time start = 0;
    Time end = 0;
    std::uint8_t category = 0;
  };
  // A category is a symbol's number: thread_symbol's index (cores, GILs),
  // the state less 1 (threads: ready .. start), the level up to 10 (levels).
  // A lane keeps buckets for categories first .. first + categories - 1.
  struct Lane {
    LaneKind kind = LaneKind::core;
    std::uint8_t first = 0;
    std::uint8_t categories = 0;
    std::size_t used = 0;         // buckets that may be non-zero: [0, used)
    std::vector<Time> time;       // [bucket * categories + category]
    std::vector<Piece> pieces;    // in arrival order, while exact
  };
  struct GilNow {
    bool held = false;
    ThreadIndex holder = 0;
    Time since = 0;
  };
  struct LevelNow {
    std::uint32_t value = 0;
    Time since = 0;
  };

  const Lane& lane_of(LaneKind kind, std::size_t lane) const;
  std::size_t lane_index(LaneKind kind, std::size_t lane) const;
  void add(std::size_t lane, Time start, Time end, std::uint8_t category);
  void grow_to(Time end);
  void drop_pieces();
  void close_levels(Time t);
  void close_state(const StateChange& change);  // the pieces of the state it ends
  std::string chart_from_pieces(const Lane& lane, const std::vector<Time>& bounds) const;
  std::string chart_from_buckets(const Lane& lane, const std::vector<Time>& bounds) const;

  TimelineOptions options_;
  std::size_t shown_cores_ = 0;
  std::size_t shown_threads_ = 0;
  std::vector<ProcessIndex> gil_processes_;
  std::size_t gil_process_count_ = 0;
  std::vector<std::uint32_t> gil_lane_;  // per process: its GIL lane, or kNoLane
  std::vector<Lane> lanes_;              // cores, GILs, threads, concurrency, parallelism
  std::vector<GilNow> gil_now_;          // per drawn GIL lane
  std::vector<SyncIndex> lock_syncs_;
  std::size_t lock_count_ = 0;
  std::vector<std::uint32_t> lock_lane_;  // per primitive: its lock lane, or kNoLane
  std::vector<GilNow> lock_now_;          // per drawn lock lane: its holder, as for a GIL
  LevelNow alive_;
  LevelNow running_;
  std::array<std::size_t, 6> first_lane_{};  // per LaneKind: its first lane in lanes_
  Time width_ = 1;           // of one bucket: a power of two
  int shift_ = 0;            // width_ == 1 << shift_
  std::uint64_t span_ = 0;   // buckets x width_: up to 2^63, which Time cannot hold
  std::size_t piece_count_ = 0;
  std::uint32_t states_shown_ = 0;  // bit per ThreadState drawn on a thread lane
  std::vector<std::int16_t> end_category_;  // per lane: its category at the end, -1 for none
  bool deadlocked_ = false;
  bool exact_ = true;
  bool ended_ = false;
  Time makespan_ = 0;
};

}  // namespace gilsim
