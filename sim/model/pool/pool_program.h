#pragma once
// What the executors' steps and threads compile to (program.h's Compiler
// calls these): submit, map, results and shutdown in a submitting thread, and
// the loops of a pool's worker, feeder and manager threads (docs/pools.md).
// `C` is the Compiler: emit, position, set_jump, loop_slot, compile (steps),
// start and spawn (each with its cost).

#include <cstdint>

#include "model/program.h"

namespace gilsim {

template <class C>
class PoolCompiler {
 public:
  PoolCompiler(C& compiler, const ProcessSpec& owner, std::int64_t overhead)
      : c_(compiler), owner_(owner), overhead_(overhead) {}

  void step(const Step& step) {
    const ExecutorSpec& executor = owner_.executors.at(step.sync);
    switch (step.kind) {
      case StepKind::submit: submits(step, executor, step.count, 1); break;
      case StepKind::map: {
        // A thread pool ignores chunksize (Executor.map); a process pool sends
        // the items `chunksize` to a call (ProcessPoolExecutor.map), as does a
        // multiprocessing.Pool, whose map costs its caller one submit (the
        // task handler iterates the chunks).
        std::int64_t chunk = map_chunksize(executor.kind, step.chunksize, step.count, executor.workers);
        bool one_submit = executor.kind == ExecutorKind::mp_pool;
        if (one_submit && c_.costs().submit > 0) c_.emit({.op = Op::compute, .duration = c_.costs().submit});
        submits(step, executor, step.count / chunk, chunk, !one_submit);
        if (step.count % chunk != 0) submits(step, executor, 1, step.count % chunk, !one_submit);
        if (executor.kind == ExecutorKind::process && c_.costs().map_result > 0) {
          // ProcessPoolExecutor.map's result iterator: result() of each call in
          // turn, its caller woken by each set_result: map_result per call, as
          // each finishes (as as_completed goes on), until all are done.
          std::uint32_t next = c_.position();
          c_.emit({.op = Op::pool_next, .index = step.sync});
          c_.emit({.op = Op::compute, .duration = c_.costs().map_result});
          c_.emit({.op = Op::pool_loop, .index = step.sync, .jump = next});
          c_.set_jump(next, c_.position());
          break;
        }
        c_.emit({.op = Op::pool_results, .index = step.sync});
        break;
      }
      case StepKind::results: c_.emit({.op = Op::pool_results, .index = step.sync}); break;
      case StepKind::as_completed: {
        std::uint32_t next = c_.position();
        c_.emit({.op = Op::pool_next, .index = step.sync});
        c_.compile(step.body);
        c_.emit({.op = Op::pool_loop, .index = step.sync, .jump = next});
        c_.set_jump(next, c_.position());
        break;
      }
      case StepKind::shutdown: shutdown(step.sync, step.wait); break;
      default: break;
    }
  }

  // Executor.shutdown(wait): the main thread's at the end of its steps (the
  // exit handler), for every executor of its process.
  void shutdown(std::uint32_t e, bool wait) {
    const ExecutorSpec& executor = owner_.executors.at(e);
    c_.emit({.op = Op::pool_shutdown, .index = e});
    if (!wait) return;
    if (executor.kind == ExecutorKind::thread) {
      for (std::uint32_t w = 0; w < executor.workers; ++w)
        c_.emit({.op = Op::pool_join, .index = e, .thread_spec = executor.workers_spec, .copy = w});
      return;
    }
    c_.emit({.op = Op::pool_join, .index = e, .thread_spec = executor.manager, .copy = 0});
    c_.emit({.op = Op::pool_join, .index = e, .thread_spec = executor.feeder, .copy = 0});
    for (std::uint32_t w = 0; w < executor.workers; ++w)
      c_.emit({.op = Op::pool_wait, .index = e, .thread_spec = executor.workers_spec, .copy = w});
  }

  // The loop of a thread that the loader made for executor `e` of owner_.
  void pool_thread(ThreadRole role, std::uint32_t e, Script* script) {
    const ExecutorSpec& executor = owner_.executors.at(e);
    auto compute_work = [&] { c_.emit({.op = Op::compute, .uses_work = true, .count = overhead_}); };
    auto role_of = [](PoolRole r) { return static_cast<std::uint32_t>(r); };
    std::uint32_t top = c_.position();  // after a worker process's start-up
    if (role == ThreadRole::pool_feeder) {
      c_.emit({.op = Op::pool_take, .index = e, .copy = role_of(PoolRole::feeder)});  // $work: pickling the call (+ feeder_call)
      compute_work();
      c_.emit({.op = Op::pool_write, .index = e, .copy = role_of(PoolRole::feeder)});
      c_.emit({.op = Op::native, .uses_work = true});
      c_.emit({.op = Op::pool_give, .index = e, .copy = role_of(PoolRole::feeder), .jump = top});
      return;
    }
    if (role == ThreadRole::pool_manager) {
      // $work: unpickling the result, and the manager's own time per result
      // (costs.manager_result, a multiprocessing.Pool's worker_call) and per
      // submit's wake-up it reads; a loop that reads wake-ups alone completes nothing.
      c_.emit({.op = Op::pool_take, .index = e, .copy = role_of(PoolRole::manager)});
      compute_work();
      c_.emit({.op = Op::pool_complete, .index = e, .jump = top});
      return;
    }
    bool process = has_worker_processes(executor.kind);
    PoolRole worker = process ? PoolRole::process_worker : PoolRole::thread_worker;
    // $work: the worker's own time per call (costs.worker_call; a ProcessPoolExecutor's
    // process_worker_call), with a process worker's unpickling.
    c_.emit({.op = Op::pool_take, .index = e, .copy = role_of(worker)});
    compute_work();
    c_.emit({.op = Op::pool_dispatch, .index = e});
    // Each task, then (process pool) the result pickled, written and sent.
    std::vector<std::uint32_t> ends;
    for (const TaskSpec& task : owner_.tasks) {
      std::uint32_t entry = c_.position();
      if (script != nullptr) script->task_entries.push_back(entry);
      c_.compile(task.steps);
      ends.push_back(c_.position());
      c_.emit({.op = Op::pool_task_end, .index = e, .jump = entry});
    }
    std::uint32_t result = c_.position();
    for (std::uint32_t end : ends) c_.set_count(end, process ? result : 0);
    if (!process) return;
    compute_work();  // $work: pickling the result
    c_.emit({.op = Op::pool_write, .index = e, .copy = role_of(worker)});
    c_.emit({.op = Op::native, .uses_work = true});
    c_.emit({.op = Op::pool_give, .index = e, .copy = role_of(worker), .jump = top});
  }

 private:
  // `times` submits of a call of `items` items, each costing the submit's
  // Python time; the first may start workers (emitted once, jumped over when
  // the executor needs none).
  void submits(const Step& step, const ExecutorSpec& executor, std::int64_t times, std::int64_t items,
               bool submit_cost = true) {
    if (times == 0) return;
    std::uint32_t slot = 0, begin = 0;
    if (times > 1) {
      slot = c_.loop_slot();
      begin = c_.position();
      c_.emit({.op = Op::loop_begin, .index = slot, .count = times});
    }
    if (submit_cost && c_.costs().submit > 0) c_.emit({.op = Op::compute, .duration = c_.costs().submit});
    std::uint32_t submit = c_.position();
    c_.emit({.op = Op::pool_submit, .index = step.sync, .thread_spec = step.target.thread, .count = items});
    std::uint32_t start = 0;
    if (executor.kind == ExecutorKind::thread) {
      c_.start_cost();
      c_.emit({.op = Op::pool_start, .index = step.sync});
    } else if (executor.kind == ExecutorKind::mp_pool || start_method_of(executor) == StartMethod::fork) {
      // ProcessPoolExecutor with fork (3.11): the first submit starts every
      // worker process, then the manager thread (which starts the feeder). A
      // multiprocessing.Pool starts its workers and its result and task
      // handler threads as it is made, whatever the start method: here, at
      // its first use.
      for (std::uint32_t w = 0; w < executor.workers; ++w) c_.spawn(executor.workers_spec, w);
      c_.start(executor.manager, 0);
      c_.start(executor.feeder, 0);
    } else {
      // With forkserver or spawn (3.11's _adjust_process_count) a submit
      // starts a worker process when none is idle, and the first submit then
      // the manager thread.
      c_.spawn_cost(executor.workers_spec);
      start = c_.position();
      c_.emit({.op = Op::pool_start, .index = step.sync});
      c_.start(executor.manager, 0);
      c_.start(executor.feeder, 0);
    }
    c_.set_jump(submit, c_.position());
    if (start != 0) c_.set_jump(start, c_.position());
    if (times > 1) {
      c_.emit({.op = Op::loop_end, .index = slot, .jump = begin + 1, .count = times});
      c_.set_jump(begin, c_.position());
    }
  }

  StartMethod start_method_of(const ExecutorSpec& executor) const {
    return executor.start_method.value_or(c_.start_method());
  }

  C& c_;
  const ProcessSpec& owner_;
  std::int64_t overhead_;
};

}  // namespace gilsim
