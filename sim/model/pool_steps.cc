// concurrent.futures in the simulation: the executors' decisions
// (model/pool/executor.h) carried out on threads, and what pickling and pipes
// cost (docs/pools.md).
#include <algorithm>
#include <cassert>

#include "model/saturating.h"
#include "model/simulation.h"

namespace gilsim {

void Simulation::build_pools() {
  const Scenario& scenario = roster_.scenario();
  executor_base_.resize(roster_.processes().size(), 0);
  for (const ExecutorInfo& info : roster_.executors()) {
    const ProcessInfo& process = roster_.processes()[info.process];
    const ProcessSpec& owner = scenario.processes[process.spec];
    const ExecutorSpec& spec = owner.executors[info.spec];
    if (info.spec == 0) executor_base_[info.process] = static_cast<std::uint32_t>(pools_.size());
    bool lazy = spec.kind == ExecutorKind::process && start_method_of(scenario, spec) != StartMethod::fork;
    pools_.push_back({Executor(spec.kind, spec.workers, lazy), &owner, &spec, info.process, process.first_sync + spec.first_sync});
  }
  // A pool's worker processes use their owner's (a process without copies, declared before them).
  for (ProcessIndex p = 0; p < roster_.processes().size(); ++p)
    if (const ProcessSpec& spec = scenario.processes[roster_.processes()[p].spec]; spec.pool_owner)
      executor_base_[p] = executor_base_[roster_.process_index(*spec.pool_owner, 0)];
  if (pools_.empty()) return;
  pool_holds_.resize(threads_.size());
}

bool Simulation::is_feeder(ThreadIndex t) const {
  const ThreadInfo& info = roster_.threads()[t];
  const ProcessSpec& spec = roster_.scenario().processes[roster_.processes()[info.process].spec];
  return spec.threads[info.spec].role == ThreadRole::queue_feeder;
}

bool Simulation::is_pool_thread(ThreadIndex t) const {
  const ThreadInfo& info = roster_.threads()[t];
  const ProcessSpec& spec = roster_.scenario().processes[roster_.processes()[info.process].spec];
  return spec.threads[info.spec].role != ThreadRole::declared;
}

// What handling a call's arguments or its result costs: pickling or
// unpickling it (Python, holding the GIL) or writing it to a pipe (without).
Time Simulation::pool_time(const PoolRun& pool, const PoolCall& call, bool result, PoolCost cost) const {
  const TaskSpec& task = pool.owner->tasks[call.task];
  return message_time(saturating::multiply(result ? task.result_bytes : task.args_bytes, call.items), cost);
}

// What a message of `bytes` costs to pickle, unpickle or write: per message
// and per MB. A pool's pipes are a multiprocessing queue's (a
// ProcessPoolExecutor's call queue is a Queue, its result queue a
// SimpleQueue): a message larger than the pipe goes as a worker or the
// manager reads it, and its write lasts the slower of writing and reading
// (docs/mp-queues.md). The pool's pipes hold no count of bytes: each write is
// priced as if the pipe were empty.
Time Simulation::message_time(std::uint64_t bytes, PoolCost cost) const {
  const CostSpec& costs = roster_.scenario().costs;
  switch (cost) {
    case PoolCost::pickle: return priced_by_size(bytes, costs.pickle, costs.pickle_mb);
    case PoolCost::unpickle: return priced_by_size(bytes, costs.unpickle, costs.unpickle_mb);
    case PoolCost::pipe: break;
  }
  Time write = priced_by_size(bytes, costs.queue_write, costs.queue_write_mb);
  return bytes > kPipeBuffer ? std::max(write, priced_by_size(bytes, 0, costs.queue_read_mb)) : write;
}

Time Simulation::pool_cost(std::uint32_t e, ThreadIndex t, PoolCostKind kind) {
  using K = PoolCostKind;
  bool result = kind == K::manager_unpickle || kind == K::worker_pickle || kind == K::worker_write;
  PoolCost cost = is_pipe_write(kind)                                    ? PoolCost::pipe
                  : kind == K::feeder_pickle || kind == K::worker_pickle ? PoolCost::pickle
                                                                         : PoolCost::unpickle;
  Time priced = pool_time(pools_[e], pool_holds_[t].call, result, cost);
  observer_.on_pool_cost(e, t, kind, priced);
  return priced;
}

// A pool thread's own Python per call besides pickling (docs/costs.md): a
// ProcessPoolExecutor's manager, feeder and workers have theirs; a thread
// pool's workers and a multiprocessing.Pool's worker and result handler
// worker_call, its task handler nothing.
Time Simulation::own_call_time(ExecutorKind kind, PoolRole role) const {
  const CostSpec& costs = roster_.scenario().costs;
  if (kind != ExecutorKind::process) return role == PoolRole::feeder ? 0 : costs.worker_call;
  switch (role) {
    case PoolRole::manager: return costs.manager_result;
    case PoolRole::feeder: return costs.feeder_call;
    case PoolRole::process_worker: return costs.process_worker_call;
    case PoolRole::thread_worker: return costs.worker_call;
  }
  return 0;
}

// What reading `count` wake-ups from its pipe costs a ProcessPoolExecutor's manager.
Time Simulation::wakeups_time(std::uint64_t count) const {
  std::uint64_t total = saturating::multiply(count, static_cast<std::uint64_t>(roster_.scenario().costs.manager_wakeup));
  return total > static_cast<std::uint64_t>(kTimeMax) ? kTimeMax : static_cast<Time>(total);
}

namespace {

Time saturating_add_time(Time a, Time b) { return a > kTimeMax - b ? kTimeMax : a + b; }

// The stage a role takes from, as the primitive its wait shows.
SyncIndex stage_sync(SyncIndex first, PoolRole role) {
  PoolSync stage = role == PoolRole::process_worker ? PoolSync::calls
                   : role == PoolRole::manager      ? PoolSync::results
                                                    : PoolSync::work;
  return first + static_cast<SyncIndex>(stage);
}

}  // namespace

// What t did to the queue that `taker` takes from, for the observers.
void Simulation::note(const PoolRun& pool, ThreadIndex t, PoolRole taker, SyncOp op) {
  observer_.on_sync(engine_.now(), t, stage_sync(pool.first_sync, taker), op,
                    static_cast<std::int64_t>(pool.model.queued(taker)));
}

void Simulation::carry_out(std::uint32_t e) {
  Executor& model = pools_[e].model;
  for (ThreadIndex w : model.wakes()) wake_later(w, wakeup_);
  model.wakes().clear();
  for (const PoolDone& done : model.done()) {
    observer_.on_sync(done.done, done.by, pools_[e].first_sync + static_cast<SyncIndex>(PoolSync::futures),
                      SyncOp::set, 1);
    observer_.on_pool_call(e, done);
  }
  model.done().clear();
}

bool Simulation::run_pool_step(ThreadIndex t, const Instruction& in) {
  ThreadRun& th = threads_[t];
  std::uint32_t e = executor_of(th, in);
  PoolRun& pool = pools_[e];
  PoolHold& hold = pool_holds_[t];
  const Script& script = script_of(th);
  auto role = static_cast<PoolRole>(in.copy);
  switch (in.op) {
    case Op::pool_submit: {
      if (pool.model.is_shut_down()) {
        SyncTable::Step refused{.then = SyncTable::Then::refused, .refusal = ReleaseRefusal::submit_after_shutdown};
        program_error(t, pool.first_sync + static_cast<SyncIndex>(PoolSync::work), refused);
        return false;
      }
      PoolCall call{in.thread_spec, static_cast<std::uint32_t>(in.count), t, engine_.now()};
      Executor::Submitted next = pool.model.submit(t, call);
      note(pool, t, PoolRole::feeder, SyncOp::put);  // into the work queue (work_ids)
      carry_out(e);
      if (next.start_worker) hold.start = *next.start_worker;
      hold.launch = next.launch;
      if (next.launch && !next.start_worker) observer_.on_pool_workers(e, pool.spec->workers);  // fork: all at once
      th.pc = next.start_worker || next.launch ? th.pc + 1 : in.jump;
      return true;
    }
    case Op::pool_start:
      if (has_worker_processes(pool.model.kind())) {  // a lazy pool's next worker, then (first) its manager
        observer_.on_pool_workers(e, 1);
        spawn(roster_.process_index(pool.spec->workers_spec, hold.start));
        th.pc = hold.launch ? th.pc + 1 : in.jump;
        return true;
      }
      ++th.pc;
      observer_.on_pool_workers(e, 1);
      start_thread(t, roster_.thread_index(th.process, pool.spec->workers_spec, hold.start));
      return false;
    case Op::pool_take:
      switch (pool.model.take(role, t, hold.call)) {
        case Executor::Take::wait:
          block(t, ThreadState::queue_wait, stage_sync(pool.first_sync, role));
          return false;  // it takes again when woken: the pc stays
        case Executor::Take::exit:
          th.pc = static_cast<std::uint32_t>(script.code.size());
          return true;
        case Executor::Take::woken:  // the manager's loop that reads wake-ups and finds no result
          hold.woken = true;
          work_[t] = wakeups_time(pool.model.drained_wakeups());
          ++th.pc;
          return true;
        case Executor::Take::got:
          break;
      }
      note(pool, t, role, SyncOp::get);
      carry_out(e);
      hold.ran = 0;
      hold.taken = engine_.now();
      hold.woken = false;
      // The feeder pickles the call; a process worker unpickles it; the manager
      // unpickles the result. A worker's and the manager's own time per call come with it.
      work_[t] = role == PoolRole::thread_worker ? 0
                 : role == PoolRole::feeder      ? pool_cost(e, t, PoolCostKind::feeder_pickle)
                 : role == PoolRole::manager     ? pool_cost(e, t, PoolCostKind::manager_unpickle)
                                                 : pool_cost(e, t, PoolCostKind::worker_unpickle);
      work_[t] = saturating_add_time(work_[t], own_call_time(pool.model.kind(), role));
      if (role == PoolRole::manager) work_[t] = saturating_add_time(work_[t], wakeups_time(pool.model.drained_wakeups()));
      ++th.pc;
      return true;
    case Op::pool_dispatch:
      th.pc = script.task_entries[hold.call.task];
      return true;
    case Op::pool_task_end:
      if (++hold.ran < hold.call.items) {
        th.pc = in.jump;  // the chunk's next item
        return true;
      }
      if (pool.model.kind() == ExecutorKind::thread) {
        pool.model.complete(hold.call, engine_.now(), t);
        observer_.on_pool_busy(e, t, hold.taken, engine_.now());
        carry_out(e);
      } else {
        work_[t] = pool_cost(e, t, PoolCostKind::worker_pickle);
      }
      th.pc = static_cast<std::uint32_t>(in.count);
      return true;
    case Op::pool_write:
      work_[t] = pool_cost(e, t, role == PoolRole::feeder ? PoolCostKind::feeder_write : PoolCostKind::worker_write);
      ++th.pc;
      return true;
    case Op::pool_give:
      pool.model.give(role, hold.call);
      if (role == PoolRole::process_worker) observer_.on_pool_busy(e, t, hold.taken, engine_.now());  // its result written
      note(pool, t, role == PoolRole::feeder ? PoolRole::process_worker : PoolRole::manager, SyncOp::put);
      carry_out(e);
      th.pc = in.jump;
      return true;
    case Op::pool_complete:
      if (hold.woken) {  // no result: the manager waits again
        th.pc = in.jump;
        return true;
      }
      pool.model.complete(hold.call, engine_.now(), t);
      carry_out(e);
      th.pc = in.jump;
      return true;
    case Op::pool_results:
      ++th.pc;
      if (pool.model.results(t)) return true;
      block(t, ThreadState::event_wait, pool.first_sync + static_cast<SyncIndex>(PoolSync::futures));
      return false;
    case Op::pool_next:
      switch (pool.model.next(t)) {
        case Executor::Next::got: ++th.pc; return true;
        case Executor::Next::done: th.pc = in.jump; return true;
        case Executor::Next::wait: break;
      }
      block(t, ThreadState::event_wait, pool.first_sync + static_cast<SyncIndex>(PoolSync::futures));
      return false;  // it asks again when woken: the pc stays
    case Op::pool_loop:
      th.pc = in.jump;
      return true;
    case Op::pool_shutdown:
      pool.model.shutdown();
      carry_out(e);
      ++th.pc;
      return true;
    case Op::pool_join: {
      ++th.pc;
      ThreadIndex target = roster_.thread_index(th.process, in.thread_spec, in.copy);
      if (state_of(target) == ThreadState::not_started) return true;  // never started: nothing to join
      return join_thread(t, target);
    }
    case Op::pool_wait: {
      ++th.pc;
      ProcessIndex p = roster_.process_index(in.thread_spec, in.copy);
      ThreadIndex main = roster_.processes()[p].first_thread;
      // A worker that was never spawned has nothing to wait for; one spawned but not yet running has.
      if (!(process_flags_[p] & kSpawned) || state_of(main) == ThreadState::finished) return true;
      process_waiters_[p].push_back(t);
      block(t, ThreadState::process_wait, p);
      return false;
    }
    default:
      assert(false && "not a pool op");
      return true;
  }
}

}  // namespace gilsim
