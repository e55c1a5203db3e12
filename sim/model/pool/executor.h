#pragma once
// One concurrent.futures executor's state and rules, as CPython 3.11 has
// them (Lib/concurrent/futures/thread.py and process.py):
// - A thread pool's calls wait in its work queue (a SimpleQueue) for a
//   worker. A submit that finds the idle semaphore above zero takes it and
//   starts nobody; otherwise, below max_workers, it starts the next worker
//   (_adjust_thread_count). A worker releases the idle semaphore after each
//   call.
// - A process pool's calls wait (work_ids) for the feeder thread, which
//   pickles each and writes it to the call queue's pipe, with at most
//   max_workers + 1 calls between the feeder and the workers
//   (EXTRA_QUEUED_CALLS); a worker process takes the next call, runs it and
//   writes the result to the result queue, which the manager thread reads;
//   it sets the future. With fork, the first submit starts every worker and
//   the manager and feeder threads; with forkserver or spawn
//   (`starts_lazily`), a submit starts a worker process as a thread pool's
//   does (_adjust_process_count: none if the idle semaphore, which the
//   manager releases after each result, is above zero), and the first submit
//   then the manager and feeder.
//   Each submit to a ProcessPoolExecutor also writes to the manager's
//   wake-up pipe (_ThreadWakeup.wakeup()); the manager, woken by it or by a
//   result, reads every wake-up waiting (_ThreadWakeup.clear()) in one loop,
//   which brings no result if none was there.
// - A thread waiting in `results` goes on when every call it submitted is done.
// - After shutdown, each thread of the pool exits once nothing more can reach it.
//
// A taker that must wait is woken when its stage may have something for it
// and takes again (SimpleQueue.get and the call queue's get retry: a thread
// that was not waiting may take first). The executor owns no thread, core or
// clock; the simulation carries out what it says (wakes(), done()).

#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

#include "engine/ring_queue.h"
#include "engine/time.h"
#include "model/program.h"
#include "model/scenario.h"
#include "model/thread_state.h"

namespace gilsim {

// A submitted call: `items` runs of task `task` (a chunk of a process pool's map).
struct PoolCall {
  std::uint32_t task = 0;
  std::uint32_t items = 1;
  ThreadIndex submitter = 0;
  Time submitted = 0;
};

// A call whose future was set.
struct PoolDone {
  PoolCall call;
  Time done = 0;
  ThreadIndex by = 0;  // who set it
};

class Executor {
 public:
  // A multiprocessing.Pool starts every worker at once whatever its start method,
  // and its task handler sends calls without a limit (the pipe's capacity is not modelled).
  Executor(ExecutorKind kind, std::uint32_t max_workers, bool starts_lazily = false)
      : kind_(kind),
        max_workers_(max_workers),
        lazy_(kind == ExecutorKind::thread || (kind == ExecutorKind::process && starts_lazily)) {}

  ExecutorKind kind() const { return kind_; }
  bool is_shut_down() const { return shutdown_; }  // a submit now raises RuntimeError

  // submit(): the call enters. What the submitter does next:
  struct Submitted {
    std::optional<std::uint32_t> start_worker;  // start this worker copy (a thread pool, or a lazy process pool)
    bool launch = false;  // a process pool's first submit: start every worker (fork), or the manager (lazy)
  };
  Submitted submit(ThreadIndex t, PoolCall call);

  // woken: a ProcessPoolExecutor's manager woke for submits' wake-ups alone.
  enum class Take : std::uint8_t { got, wait, exit, woken };
  // `role` takes the next call of its stage into `call`, waits, or exits.
  Take take(PoolRole role, ThreadIndex t, PoolCall& call);
  // The wake-ups the manager's last take (got or woken) read from its pipe.
  std::uint64_t drained_wakeups() const { return drained_; }
  // What the feeder or a process worker sends enters the next stage.
  void give(PoolRole role, const PoolCall& call);
  // The call's future is set at `now` (a thread pool's worker after running
  // it, a process pool's manager after unpickling its result).
  void complete(const PoolCall& call, Time now, ThreadIndex by);

  // false: t waits until every call it submitted is done.
  bool results(ThreadIndex t);
  // as_completed: t goes on with the next of its calls to finish (got), has
  // seen them all (done), or waits for one.
  enum class Next : std::uint8_t { got, done, wait };
  Next next(ThreadIndex t);
  void shutdown();

  // Threads to make runnable after the last operation, in order, and the calls
  // whose futures it set. The simulation reads and clears them.
  std::vector<ThreadIndex>& wakes() { return wakes_; }
  std::vector<PoolDone>& done() { return done_; }

  // Calls waiting in the stage that `role` takes from (its queue's length).
  std::size_t queued(PoolRole role) const { return queued_[stage_of(role)].size(); }

  // For the deadlock report: how many calls t submitted that are not done.
  std::uint64_t outstanding(ThreadIndex t) const;

 private:
  enum Stage : std::uint8_t { work, calls, results_stage, kStages };
  static Stage stage_of(PoolRole role);
  bool can_take(PoolRole role) const;
  bool may_exit(PoolRole role) const;
  void wake_one(Stage stage);
  void wake_all(Stage stage);

  ExecutorKind kind_;
  std::uint32_t max_workers_;
  bool lazy_;  // workers start one by one as submits find none idle
  bool launched_ = false;
  RingQueue<PoolCall> queued_[kStages];
  RingQueue<ThreadIndex> takers_[kStages];  // waiting to take, first come first woken
  std::uint32_t in_flight_ = 0;  // process pool: calls the feeder took that no worker has taken yet
  std::uint32_t idle_ = 0;       // lazy pools: the idle (worker) semaphore
  std::uint32_t started_ = 0;    // workers started
  bool shutdown_ = false;
  std::uint64_t wakeups_ = 0;  // ProcessPoolExecutor: submits' wake-ups the manager has not read
  std::uint64_t drained_ = 0;  // read by the manager's last take
  std::uint64_t unfinished_ = 0;  // calls submitted and not done
  std::unordered_map<ThreadIndex, std::uint64_t> outstanding_;  // per submitter (looked up, never iterated)
  std::vector<ThreadIndex> result_waiters_;
  std::unordered_map<ThreadIndex, std::uint64_t> unseen_;  // per submitter: finished calls as_completed has not given yet
  std::vector<ThreadIndex> next_waiters_;
  std::vector<ThreadIndex> wakes_;
  std::vector<PoolDone> done_;
};

}  // namespace gilsim
