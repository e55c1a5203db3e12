// A two-thread run told by hand to an observer, for the Recorder's and the
// events writer's tests: main starts a worker, loses the GIL to it, gets it
// back by a forced switch, joins it and finishes at 11 ms.
#pragma once

#include "model/roster.h"
#include "model/simulation.h"
#include "model/scenario.h"

namespace gilsim::recorder_test {

constexpr Time ms = kMillisecond;

inline Scenario two_threads_scenario() {
  Scenario sc;
  sc.name = "two-threads";
  sc.description = "main starts one worker and joins it";
  sc.cores = 2;
  ProcessSpec app;
  app.name = "app";
  app.gil = true;
  ThreadSpec main_thread;
  main_thread.name = "main";
  ThreadSpec worker;
  worker.name = "worker";
  worker.count = 1;
  worker.started_by_step = true;
  app.threads = {main_thread, worker};
  sc.processes = {app};
  return sc;
}

struct Fixture {
  Scenario scenario = two_threads_scenario();
  Roster roster{scenario};
};

constexpr ThreadIndex kMain = 0;
constexpr ThreadIndex kWorker = 1;
using S = ThreadState;

// main runs, starts the worker, waits for the GIL the worker holds, gets it
// by a forced switch, joins the worker and finishes.
template <class Calls>
void drive(Calls& o) {
  o.on_thread_state(0, kMain, S::ready, 0);
  o.on_thread_state(0, kMain, S::running, 0);
  o.on_gil_acquire(0, 0, kMain, false);
  // A quantum expiry with nobody else ready: zero-length ready, same core.
  o.on_thread_state(ms / 2, kMain, S::ready, 0);
  o.on_thread_state(ms / 2, kMain, S::running, 0);
  o.on_print(1 * ms, kMain, "hello \"world\"\n");
  o.on_thread_state(1 * ms, kWorker, S::ready, 0);
  o.on_gil_release(1 * ms, 0, kMain);
  o.on_thread_state(1 * ms, kMain, S::start, kWorker);
  o.on_thread_state(1 * ms, kWorker, S::running, 1);
  o.on_gil_acquire(1 * ms, 0, kWorker, false);
  o.on_thread_state(2 * ms, kMain, S::ready, 0);
  o.on_thread_state(2 * ms, kMain, S::running, 0);
  o.on_thread_state(2 * ms, kMain, S::gil_wait, 0);
  o.on_gil_drop_request(2 * ms, 0, kMain);
  o.on_gil_release(7 * ms, 0, kWorker);
  o.on_thread_state(7 * ms, kWorker, S::gil_wait, 0);
  o.on_gil_acquire(7 * ms, 0, kMain, true);
  o.on_thread_state(7 * ms, kMain, S::running, 0);
  o.on_thread_state(8 * ms, kMain, S::join, kWorker);
  o.on_gil_release(8 * ms, 0, kMain);
  o.on_gil_acquire(8 * ms, 0, kWorker, false);
  o.on_thread_state(8 * ms, kWorker, S::running, 1);
  o.on_thread_state(10 * ms, kWorker, S::finished, 0);
  o.on_gil_release(10 * ms, 0, kWorker);
  o.on_thread_state(10 * ms, kMain, S::ready, 0);
  o.on_thread_state(10 * ms, kMain, S::running, 0);
  o.on_gil_acquire(10 * ms, 0, kMain, false);
  o.on_thread_state(11 * ms, kMain, S::finished, 0);
  o.on_gil_release(11 * ms, 0, kMain);
  o.on_end(11 * ms);
}


}  // namespace gilsim::recorder_test
