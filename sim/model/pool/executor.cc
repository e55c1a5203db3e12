#include "model/pool/executor.h"

#include <algorithm>

namespace gilsim {

Executor::Stage Executor::stage_of(PoolRole role) {
  switch (role) {
    case PoolRole::thread_worker:
    case PoolRole::feeder: return work;
    case PoolRole::process_worker: return calls;
    case PoolRole::manager: return results_stage;
  }
  return work;
}

Executor::Submitted Executor::submit(ThreadIndex t, PoolCall call) {
  queued_[work].push_back(call);
  outstanding_[t] += call.items;
  unfinished_ += call.items;
  wake_one(work);
  if (kind_ == ExecutorKind::process) {  // submit()'s _executor_manager_thread_wakeup.wakeup()
    ++wakeups_;
    wake_one(results_stage);
  }
  Submitted next;
  if (has_worker_processes(kind_)) {
    next.launch = !launched_;
    launched_ = true;
    if (!lazy_) {
      if (next.launch) started_ = max_workers_;
      return next;
    }
  }
  // _adjust_thread_count (_adjust_process_count): an idle worker (a release
  // since the last take) serves this call; otherwise a new one, while there is room.
  if (idle_ > 0) {
    --idle_;
  } else if (started_ < max_workers_) {
    next.start_worker = started_++;
  }
  return next;
}

bool Executor::can_take(PoolRole role) const {
  Stage stage = stage_of(role);
  if (queued_[stage].empty()) return false;
  return role != PoolRole::feeder || kind_ == ExecutorKind::mp_pool || in_flight_ < max_workers_ + 1;
}

// After shutdown, a thread of the pool exits when nothing more can reach its
// stage: no call waits before it and none is on its way.
bool Executor::may_exit(PoolRole role) const {
  if (!shutdown_) return false;
  switch (role) {
    case PoolRole::thread_worker:
    case PoolRole::feeder: return queued_[work].empty();
    case PoolRole::process_worker: return queued_[work].empty() && in_flight_ == 0;
    case PoolRole::manager: return unfinished_ == 0;
  }
  return false;
}

Executor::Take Executor::take(PoolRole role, ThreadIndex t, PoolCall& call) {
  Stage stage = stage_of(role);
  if (role == PoolRole::manager) {  // wait_result_broken_or_wakeup's clear(): every wake-up waiting
    drained_ = wakeups_;
    wakeups_ = 0;
  }
  if (!can_take(role)) {
    if (role == PoolRole::manager && drained_ > 0) return Take::woken;
    if (may_exit(role)) return Take::exit;
    takers_[stage].push_back(t);
    return Take::wait;
  }
  call = queued_[stage].pop_front();
  if (role == PoolRole::feeder) ++in_flight_;
  if (role == PoolRole::process_worker) {
    --in_flight_;
    wake_one(work);  // room for the feeder
    if (may_exit(role)) wake_all(calls);  // the last call is taken: the others exit
  }
  if (role == PoolRole::feeder && may_exit(role)) wake_all(work);  // (another feeder's wait: none in CPython)
  return Take::got;
}

void Executor::give(PoolRole role, const PoolCall& call) {
  Stage to = role == PoolRole::feeder ? calls : results_stage;
  queued_[to].push_back(call);
  wake_one(to);
}

void Executor::complete(const PoolCall& call, Time now, ThreadIndex by) {
  done_.push_back({call, now, by});
  unfinished_ -= call.items;
  auto it = outstanding_.find(call.submitter);
  it->second -= call.items;
  ++unseen_[call.submitter];
  if (it->second == 0) {
    outstanding_.erase(it);
    auto waiter = std::find(result_waiters_.begin(), result_waiters_.end(), call.submitter);
    if (waiter != result_waiters_.end()) {
      result_waiters_.erase(waiter);
      unseen_.erase(call.submitter);  // wait() returned: as_completed will not see these
      wakes_.push_back(call.submitter);
    }
  }
  auto next = std::find(next_waiters_.begin(), next_waiters_.end(), call.submitter);
  if (next != next_waiters_.end()) {
    next_waiters_.erase(next);
    wakes_.push_back(call.submitter);
  }
  if (lazy_) ++idle_;  // the worker's _idle_semaphore.release() (a process pool's manager's)
  if (may_exit(PoolRole::manager)) wake_all(results_stage);
}

bool Executor::results(ThreadIndex t) {
  if (outstanding(t) == 0) {
    unseen_.erase(t);
    return true;
  }
  result_waiters_.push_back(t);
  return false;
}

Executor::Next Executor::next(ThreadIndex t) {
  auto it = unseen_.find(t);
  if (it != unseen_.end()) {
    if (--it->second == 0) unseen_.erase(it);
    return Next::got;
  }
  if (outstanding(t) == 0) return Next::done;
  next_waiters_.push_back(t);
  return Next::wait;
}

void Executor::shutdown() {
  if (shutdown_) return;
  shutdown_ = true;
  for (std::uint8_t stage = 0; stage < kStages; ++stage) wake_all(static_cast<Stage>(stage));
}

std::uint64_t Executor::outstanding(ThreadIndex t) const {
  auto it = outstanding_.find(t);
  return it == outstanding_.end() ? 0 : it->second;
}

void Executor::wake_one(Stage stage) {
  if (!takers_[stage].empty()) wakes_.push_back(takers_[stage].pop_front());
}

void Executor::wake_all(Stage stage) {
  while (!takers_[stage].empty()) wakes_.push_back(takers_[stage].pop_front());
}

}  // namespace gilsim
