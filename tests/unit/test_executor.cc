// An executor's rules on their own (model/pool/executor.h), worked by hand:
// which submit starts a worker, who takes which call, who is woken, when a
// thread waiting for results goes on and when each pool thread may exit. No
// simulation, thread or clock is involved: the threads are plain numbers.
#include <doctest/doctest.h>

#include <optional>
#include <vector>

#include "model/pool/executor.h"

using namespace gilsim;

namespace {

using Take = Executor::Take;
using Wakes = std::vector<ThreadIndex>;

constexpr ThreadIndex kMain = 10, kClient = 11, kW0 = 20, kW1 = 21, kW2 = 22, kFeeder = 30, kManager = 31;

PoolCall call(std::uint32_t task, ThreadIndex submitter = kMain, std::uint32_t items = 1, Time submitted = 0) {
  return PoolCall{task, items, submitter, submitted};
}

// The wakes of the last operations, cleared as the simulation clears them.
Wakes drain(Executor& ex) {
  Wakes w = ex.wakes();
  ex.wakes().clear();
  return w;
}

}  // namespace

TEST_CASE("thread pool: each submit starts the next worker while none went idle, up to max_workers") {
  Executor ex(ExecutorKind::thread, 3);
  CHECK(ex.kind() == ExecutorKind::thread);
  for (std::uint32_t i = 0; i < 3; ++i) {
    Executor::Submitted s = ex.submit(kMain, call(0));
    CHECK(s.start_worker == std::optional<std::uint32_t>(i));  // copies 0, 1, 2 in order
    CHECK(!s.launch);  // only a process pool launches
  }
  // Full: no more workers, however many calls wait.
  for (int i = 0; i < 10; ++i) CHECK(!ex.submit(kMain, call(0)).start_worker);
  CHECK(ex.queued(PoolRole::thread_worker) == 13);
  CHECK(drain(ex).empty());  // nobody was waiting to take
}

TEST_CASE("thread pool: a completed call makes its worker idle, and the next submit takes that instead of starting one") {
  Executor ex(ExecutorKind::thread, 3);
  CHECK(ex.submit(kMain, call(0)).start_worker == std::optional<std::uint32_t>(0));
  PoolCall got;
  REQUIRE(ex.take(PoolRole::thread_worker, kW0, got) == Take::got);
  ex.complete(got, 5, kW0);  // _idle_semaphore.release(): idle 1
  CHECK(!ex.submit(kMain, call(0)).start_worker);  // acquires the idle semaphore: starts nobody
  // The semaphore is back to 0: the next submit starts worker 1 although worker 0 has a call queued.
  CHECK(ex.submit(kMain, call(0)).start_worker == std::optional<std::uint32_t>(1));
  // Two more completions: two submits start nobody, the third starts worker 2, the fourth nobody (full).
  REQUIRE(ex.take(PoolRole::thread_worker, kW0, got) == Take::got);
  ex.complete(got, 6, kW0);
  REQUIRE(ex.take(PoolRole::thread_worker, kW1, got) == Take::got);
  ex.complete(got, 7, kW1);
  CHECK(!ex.submit(kMain, call(0)).start_worker);
  CHECK(!ex.submit(kMain, call(0)).start_worker);
  CHECK(ex.submit(kMain, call(0)).start_worker == std::optional<std::uint32_t>(2));
  CHECK(!ex.submit(kMain, call(0)).start_worker);
}

TEST_CASE("thread pool: calls are taken first in, first out, and an empty queue makes the taker wait") {
  Executor ex(ExecutorKind::thread, 2);
  for (std::uint32_t task = 0; task < 4; ++task) ex.submit(kMain, call(task, kMain, 1, task * 100));
  PoolCall got;
  for (std::uint32_t task = 0; task < 4; ++task) {
    REQUIRE(ex.take(PoolRole::thread_worker, task % 2 ? kW1 : kW0, got) == Take::got);
    CHECK(got.task == task);
    CHECK(got.submitted == static_cast<Time>(task * 100));
    CHECK(got.submitter == kMain);
    CHECK(ex.queued(PoolRole::thread_worker) == 3 - task);
  }
  CHECK(ex.take(PoolRole::thread_worker, kW0, got) == Take::wait);
  CHECK(drain(ex).empty());
}

TEST_CASE("thread pool: a submit wakes the longest waiting taker, one per call") {
  Executor ex(ExecutorKind::thread, 3);
  PoolCall got;
  CHECK(ex.take(PoolRole::thread_worker, kW0, got) == Take::wait);
  CHECK(ex.take(PoolRole::thread_worker, kW1, got) == Take::wait);
  CHECK(ex.take(PoolRole::thread_worker, kW2, got) == Take::wait);
  CHECK(drain(ex).empty());
  ex.submit(kMain, call(0));
  CHECK(drain(ex) == Wakes{kW0});
  ex.submit(kMain, call(1));
  CHECK(drain(ex) == Wakes{kW1});
  // Woken takers take again; a thread that was not waiting may take first
  // (SimpleQueue.get: here a new worker takes call 0 before kW0 retakes).
  constexpr ThreadIndex kNew = 23;
  REQUIRE(ex.take(PoolRole::thread_worker, kNew, got) == Take::got);
  CHECK(got.task == 0);
  REQUIRE(ex.take(PoolRole::thread_worker, kW0, got) == Take::got);
  CHECK(got.task == 1);
  CHECK(ex.take(PoolRole::thread_worker, kW1, got) == Take::wait);  // nothing left: waits again, behind kW2
  ex.submit(kMain, call(2));
  CHECK(drain(ex) == Wakes{kW2});  // the longest waiter
  ex.submit(kMain, call(3));
  CHECK(drain(ex) == Wakes{kW1});
  ex.submit(kMain, call(4));
  CHECK(drain(ex).empty());  // nobody waits any more
}

TEST_CASE("results: a thread waits for every call it submitted, and only for those") {
  Executor ex(ExecutorKind::thread, 2);
  CHECK(ex.results(kMain));  // nothing submitted: goes on
  ex.submit(kMain, call(0, kMain));
  ex.submit(kClient, call(1, kClient));
  ex.submit(kMain, call(2, kMain));
  CHECK(ex.outstanding(kMain) == 2);
  CHECK(ex.outstanding(kClient) == 1);
  CHECK(!ex.results(kMain));
  CHECK(!ex.results(kClient));
  PoolCall a, b, c;
  REQUIRE(ex.take(PoolRole::thread_worker, kW0, a) == Take::got);
  REQUIRE(ex.take(PoolRole::thread_worker, kW1, b) == Take::got);
  ex.complete(a, 10, kW0);
  CHECK(drain(ex).empty());  // main's other call is not done
  CHECK(ex.outstanding(kMain) == 1);
  REQUIRE(ex.take(PoolRole::thread_worker, kW0, c) == Take::got);
  ex.complete(c, 20, kW0);
  CHECK(drain(ex) == Wakes{kMain});  // main's calls are all done, the client's is not
  CHECK(ex.outstanding(kMain) == 0);
  CHECK(ex.results(kMain));
  CHECK(!ex.results(kClient));  // a second waiting entry must not wake it twice
  ex.complete(b, 30, kW1);
  CHECK(drain(ex) == Wakes{kClient});
  CHECK(ex.results(kClient));
}

TEST_CASE("results: calls of several items count by item") {
  Executor ex(ExecutorKind::process, 1);
  ex.submit(kMain, call(0, kMain, 4));
  ex.submit(kMain, call(0, kMain, 3));
  CHECK(ex.outstanding(kMain) == 7);
  CHECK(!ex.results(kMain));
  ex.complete(call(0, kMain, 4), 1, kManager);
  CHECK(ex.outstanding(kMain) == 3);
  CHECK(drain(ex).empty());
  ex.complete(call(0, kMain, 3), 2, kManager);
  CHECK(drain(ex) == Wakes{kMain});
}

TEST_CASE("thread pool shutdown: waiting workers are woken, and exit once the queue is empty") {
  Executor ex(ExecutorKind::thread, 2);
  PoolCall got;
  CHECK(ex.take(PoolRole::thread_worker, kW0, got) == Take::wait);
  CHECK(ex.take(PoolRole::thread_worker, kW1, got) == Take::wait);
  ex.submit(kMain, call(0));
  CHECK(drain(ex) == Wakes{kW0});
  ex.shutdown();
  CHECK(drain(ex) == Wakes{kW1});  // the other waiter; kW0 was woken already
  // kW1 takes call 0 first; kW0 then finds the queue empty and, after shutdown, exits.
  REQUIRE(ex.take(PoolRole::thread_worker, kW1, got) == Take::got);
  CHECK(got.task == 0);
  CHECK(ex.take(PoolRole::thread_worker, kW0, got) == Take::exit);
  ex.complete(got, 1, kW1);
  CHECK(ex.take(PoolRole::thread_worker, kW1, got) == Take::exit);
  ex.shutdown();  // twice: nothing more
  CHECK(drain(ex).empty());
}

TEST_CASE("thread pool shutdown: the workers finish what is queued before exiting") {
  Executor ex(ExecutorKind::thread, 1);
  ex.submit(kMain, call(0));
  ex.submit(kMain, call(1));
  ex.submit(kMain, call(2));
  ex.shutdown();
  CHECK(drain(ex).empty());  // nobody was waiting
  PoolCall got;
  for (std::uint32_t task = 0; task < 3; ++task) {
    REQUIRE(ex.take(PoolRole::thread_worker, kW0, got) == Take::got);
    CHECK(got.task == task);
    ex.complete(got, task + 1, kW0);
  }
  CHECK(ex.take(PoolRole::thread_worker, kW0, got) == Take::exit);
}

TEST_CASE("thread pool: before shutdown an empty queue means waiting, never exiting") {
  Executor ex(ExecutorKind::thread, 1);
  PoolCall got;
  CHECK(ex.take(PoolRole::thread_worker, kW0, got) == Take::wait);
  ex.submit(kMain, call(0));
  drain(ex);
  REQUIRE(ex.take(PoolRole::thread_worker, kW0, got) == Take::got);
  ex.complete(got, 1, kW0);
  CHECK(ex.take(PoolRole::thread_worker, kW0, got) == Take::wait);
}

TEST_CASE("process pool: the first submit launches every worker, later submits launch nothing") {
  Executor ex(ExecutorKind::process, 3);
  CHECK(ex.kind() == ExecutorKind::process);
  Executor::Submitted first = ex.submit(kMain, call(0));
  CHECK(first.launch);
  CHECK(!first.start_worker);
  for (int i = 0; i < 5; ++i) {
    Executor::Submitted later = ex.submit(i % 2 ? kMain : kClient, call(0, i % 2 ? kMain : kClient));
    CHECK(!later.launch);
    CHECK(!later.start_worker);
  }
  // Completions do not make a process pool start anything (no idle semaphore).
  PoolCall got;
  REQUIRE(ex.take(PoolRole::feeder, kFeeder, got) == Take::got);
  ex.complete(got, 1, kManager);
  Executor::Submitted after = ex.submit(kMain, call(0));
  CHECK(!after.launch);
  CHECK(!after.start_worker);
}

TEST_CASE("process pool: at most max_workers + 1 calls between the feeder and the workers") {
  Executor ex(ExecutorKind::process, 2);
  for (std::uint32_t task = 0; task < 6; ++task) ex.submit(kMain, call(task));
  CHECK(ex.queued(PoolRole::feeder) == 6);
  PoolCall got;
  for (std::uint32_t task = 0; task < 3; ++task) {  // EXTRA_QUEUED_CALLS = 1: 2 + 1
    REQUIRE(ex.take(PoolRole::feeder, kFeeder, got) == Take::got);
    CHECK(got.task == task);
    ex.give(PoolRole::feeder, got);
  }
  CHECK(ex.queued(PoolRole::process_worker) == 3);
  CHECK(ex.take(PoolRole::feeder, kFeeder, got) == Take::wait);  // 3 queued calls remain in work_ids
  CHECK(ex.queued(PoolRole::feeder) == 3);
  CHECK(drain(ex).empty());
  // A worker takes one: room for one more, and the feeder is woken.
  REQUIRE(ex.take(PoolRole::process_worker, kW0, got) == Take::got);
  CHECK(got.task == 0);
  CHECK(drain(ex) == Wakes{kFeeder});
  REQUIRE(ex.take(PoolRole::feeder, kFeeder, got) == Take::got);
  CHECK(got.task == 3);
  CHECK(ex.take(PoolRole::feeder, kFeeder, got) == Take::wait);  // full again (the call it holds counts)
  // Calls the feeder holds but has not given count too: a worker taking from the pipe frees room.
  REQUIRE(ex.take(PoolRole::process_worker, kW1, got) == Take::got);
  CHECK(got.task == 1);
  CHECK(drain(ex) == Wakes{kFeeder});
}

TEST_CASE("process pool: workers take in pipe order, and a worker waits while the pipe is empty") {
  Executor ex(ExecutorKind::process, 2);
  PoolCall got;
  CHECK(ex.take(PoolRole::process_worker, kW0, got) == Take::wait);
  CHECK(ex.take(PoolRole::process_worker, kW1, got) == Take::wait);
  CHECK(ex.take(PoolRole::feeder, kFeeder, got) == Take::wait);
  ex.submit(kMain, call(7));
  CHECK(drain(ex) == Wakes{kFeeder});  // a submit wakes the feeder, not the workers (and no manager waits)
  REQUIRE(ex.take(PoolRole::feeder, kFeeder, got) == Take::got);
  CHECK(drain(ex).empty());
  ex.give(PoolRole::feeder, got);
  CHECK(drain(ex) == Wakes{kW0});  // the call in the pipe wakes one worker
  REQUIRE(ex.take(PoolRole::process_worker, kW0, got) == Take::got);
  CHECK(got.task == 7);
  drain(ex);
  // Its result goes to the manager (which reads the submit's wake-up first).
  CHECK(ex.take(PoolRole::manager, kManager, got) == Take::woken);
  CHECK(ex.take(PoolRole::manager, kManager, got) == Take::wait);
  ex.give(PoolRole::process_worker, call(7));
  CHECK(drain(ex) == Wakes{kManager});
  REQUIRE(ex.take(PoolRole::manager, kManager, got) == Take::got);
  CHECK(got.task == 7);
}

TEST_CASE("process pool shutdown: a worker exits only when no call is queued or on its way") {
  Executor ex(ExecutorKind::process, 2);
  ex.submit(kMain, call(0));
  ex.submit(kMain, call(1));
  PoolCall held, got;
  REQUIRE(ex.take(PoolRole::feeder, kFeeder, held) == Take::got);  // pickling call 0: in flight
  CHECK(ex.take(PoolRole::process_worker, kW0, got) == Take::wait);
  ex.shutdown();
  CHECK(drain(ex) == Wakes{kW0});
  CHECK(ex.take(PoolRole::process_worker, kW0, got) == Take::wait);  // call 1 in work_ids, call 0 in flight
  ex.give(PoolRole::feeder, held);
  CHECK(drain(ex) == Wakes{kW0});
  REQUIRE(ex.take(PoolRole::feeder, kFeeder, held) == Take::got);  // call 1
  CHECK(ex.take(PoolRole::feeder, kFeeder, got) == Take::exit);  // work_ids empty after shutdown
  REQUIRE(ex.take(PoolRole::process_worker, kW0, got) == Take::got);
  CHECK(got.task == 0);
  // kW0 comes back for more, kW1 arrives: call 1 is still being pickled, so both wait.
  CHECK(ex.take(PoolRole::process_worker, kW0, got) == Take::wait);
  CHECK(ex.take(PoolRole::process_worker, kW1, got) == Take::wait);
  drain(ex);
  ex.give(PoolRole::feeder, held);
  CHECK(drain(ex) == Wakes{kW0});
  // The last call taken: nothing can reach the workers any more, the other waiter is woken to exit.
  REQUIRE(ex.take(PoolRole::process_worker, kW0, got) == Take::got);
  CHECK(got.task == 1);
  CHECK(drain(ex) == Wakes{kW1});
  CHECK(ex.take(PoolRole::process_worker, kW1, got) == Take::exit);
  CHECK(ex.take(PoolRole::process_worker, kW0, got) == Take::exit);
}

TEST_CASE("process pool: the manager exits after shutdown once every call is done, not before") {
  Executor ex(ExecutorKind::process, 1);
  PoolCall got;
  CHECK(ex.take(PoolRole::manager, kManager, got) == Take::wait);  // nothing submitted, no shutdown: waits
  ex.submit(kMain, call(0));
  ex.submit(kMain, call(1));
  CHECK(drain(ex) == Wakes{kManager});                              // the first submit's wake-up
  CHECK(ex.take(PoolRole::manager, kManager, got) == Take::woken);  // reads both, no result
  CHECK(ex.take(PoolRole::manager, kManager, got) == Take::wait);
  ex.shutdown();
  CHECK(drain(ex) == Wakes{kManager});
  CHECK(ex.take(PoolRole::manager, kManager, got) == Take::wait);  // two calls unfinished
  ex.give(PoolRole::process_worker, call(0));
  CHECK(drain(ex) == Wakes{kManager});
  REQUIRE(ex.take(PoolRole::manager, kManager, got) == Take::got);
  ex.complete(got, 5, kManager);
  CHECK(ex.take(PoolRole::manager, kManager, got) == Take::wait);  // call 1 unfinished
  ex.give(PoolRole::process_worker, call(1));
  CHECK(drain(ex) == Wakes{kManager});
  REQUIRE(ex.take(PoolRole::manager, kManager, got) == Take::got);
  ex.complete(got, 6, kManager);
  CHECK(ex.take(PoolRole::manager, kManager, got) == Take::exit);
}

TEST_CASE("process pool: a manager waiting when the last call completes elsewhere is woken to exit") {
  // Two managers cannot exist, but the rule is the stage's: every waiter on the
  // results stage is woken when nothing is unfinished after shutdown.
  Executor ex(ExecutorKind::process, 1);
  ex.submit(kMain, call(0));
  ex.shutdown();
  PoolCall got;
  CHECK(ex.take(PoolRole::manager, kManager, got) == Take::woken);  // the submit's wake-up first
  CHECK(ex.take(PoolRole::manager, kManager, got) == Take::wait);
  drain(ex);
  ex.complete(call(0), 9, kW0);
  CHECK(drain(ex) == Wakes{kManager});
  CHECK(ex.take(PoolRole::manager, kManager, got) == Take::exit);
}

TEST_CASE("process pool: each submit wakes the manager, whose next take reads every wake-up waiting") {
  // ProcessPoolExecutor.submit writes to the manager's wake-up pipe; the
  // manager's loop reads them all (_ThreadWakeup.clear()), with a result or without.
  Executor ex(ExecutorKind::process, 1);
  PoolCall got;
  CHECK(ex.take(PoolRole::manager, kManager, got) == Take::wait);
  ex.submit(kMain, call(0));
  CHECK(drain(ex) == Wakes{kManager});
  ex.submit(kMain, call(1));
  CHECK(drain(ex).empty());  // woken already
  CHECK(ex.take(PoolRole::manager, kManager, got) == Take::woken);
  CHECK(ex.drained_wakeups() == 2);
  CHECK(ex.take(PoolRole::manager, kManager, got) == Take::wait);
  CHECK(ex.drained_wakeups() == 0);
  ex.submit(kMain, call(2));
  CHECK(drain(ex) == Wakes{kManager});
  ex.give(PoolRole::process_worker, call(0));
  REQUIRE(ex.take(PoolRole::manager, kManager, got) == Take::got);  // the result and the wake-up in one loop
  CHECK(got.task == 0);
  CHECK(ex.drained_wakeups() == 1);
  // A multiprocessing.Pool has no wake-up pipe: a submit does not wake its result handler.
  Executor mp(ExecutorKind::mp_pool, 1);
  CHECK(mp.take(PoolRole::manager, kManager, got) == Take::wait);
  mp.submit(kMain, call(0));
  CHECK(drain(mp).empty());
  CHECK(mp.take(PoolRole::manager, kManager, got) == Take::wait);
}

TEST_CASE("done: every completed call with its submit time, when and by whom its future was set") {
  Executor ex(ExecutorKind::thread, 2);
  ex.submit(kMain, call(3, kMain, 1, 100));
  ex.submit(kClient, call(4, kClient, 1, 250));
  PoolCall a, b;
  REQUIRE(ex.take(PoolRole::thread_worker, kW0, a) == Take::got);
  REQUIRE(ex.take(PoolRole::thread_worker, kW1, b) == Take::got);
  CHECK(ex.done().empty());
  ex.complete(b, 700, kW1);
  ex.complete(a, 900, kW0);
  REQUIRE(ex.done().size() == 2);
  const PoolDone& first = ex.done()[0];
  CHECK(first.call.task == 4);
  CHECK(first.call.submitter == kClient);
  CHECK(first.call.submitted == 250);
  CHECK(first.call.items == 1);
  CHECK(first.done == 700);
  CHECK(first.by == kW1);
  const PoolDone& second = ex.done()[1];
  CHECK(second.call.task == 3);
  CHECK(second.call.submitted == 100);
  CHECK(second.done == 900);
  CHECK(second.by == kW0);
  ex.done().clear();
  // A process pool's chunk: one done of several items, set by the manager.
  Executor px(ExecutorKind::process, 1);
  px.submit(kMain, call(0, kMain, 4, 50));
  px.complete(call(0, kMain, 4, 50), 3000, kManager);
  REQUIRE(px.done().size() == 1);
  CHECK(px.done()[0].call.items == 4);
  CHECK(px.done()[0].done == 3000);
  CHECK(px.done()[0].by == kManager);
}
