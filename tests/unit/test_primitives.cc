// Each primitive's rules on its own (model/sync/): what an operation decides
// and reports, with no simulation, thread or observer involved.
#include <doctest/doctest.h>

#include <vector>

#include "model/sync/device.h"
#include "model/sync/event.h"
#include "model/sync/lock.h"
#include "model/sync/queue.h"
#include "model/sync/semaphore.h"

using namespace gilsim;

TEST_CASE("lock: the owner alone releases, a release hands it to the longest waiter") {
  Lock lock(false);
  CHECK(lock.acquire(1));
  CHECK(lock.owner() == 1);
  CHECK(lock.depth() == 1);
  CHECK(!lock.acquire(2));
  CHECK(!lock.acquire(3));
  CHECK(!lock.acquire(1));  // a Lock acquired twice by its owner waits for ever

  Lock::Release refused = lock.release(2);
  CHECK(refused.refused == ReleaseRefusal::lock_held_by_other);
  CHECK(refused.owner == 1);
  CHECK(lock.owner() == 1);

  Lock::Release r = lock.release(1);
  CHECK(r.refused == ReleaseRefusal::none);
  CHECK(r.depth == 0);
  CHECK(r.next == 2);  // first come, first served
  CHECK(lock.owner() == 2);
  CHECK(lock.depth() == 1);
  CHECK(lock.release(2).next == 3);
  CHECK(lock.release(3).next == 1);
  CHECK(lock.release(1).next == Lock::kNobody);
  CHECK(lock.release(1).refused == ReleaseRefusal::lock_unlocked);
}

TEST_CASE("rlock: its owner re-enters, only the last release frees it") {
  Lock rlock(true);
  CHECK(rlock.acquire(1));
  CHECK(rlock.acquire(1));
  CHECK(rlock.depth() == 2);
  CHECK(!rlock.acquire(2));
  CHECK(rlock.release(2).refused == ReleaseRefusal::rlock_not_owned);
  Lock::Release inner = rlock.release(1);
  CHECK(inner.depth == 1);
  CHECK(inner.next == Lock::kNobody);
  Lock::Release outer = rlock.release(1);
  CHECK(outer.depth == 0);
  CHECK(outer.next == 2);
  CHECK(rlock.owner() == 2);
}

TEST_CASE("semaphore: permits, the bounded limit, and a release by a thread that holds none") {
  Semaphore sem(2, true);
  CHECK(sem.acquire(1, 10));
  CHECK(sem.acquire(2, 20));
  CHECK(sem.free_permits() == 0);
  CHECK(!sem.acquire(3, 30));
  // Thread 4 holds no permit: its release ends the oldest hold (thread 1's)
  // and hands the permit to the waiter; for an instant one permit was free.
  Semaphore::Release r = sem.release(4, 40);
  CHECK(r.refused == ReleaseRefusal::none);
  CHECK(r.ended == 1);
  CHECK(r.free == 1);
  CHECK(r.next == 3);
  CHECK(sem.free_permits() == 0);
  CHECK(!sem.holds().holds(1));
  CHECK(sem.holds().holds(3));
  // The releaser's own hold ends first when it has one.
  CHECK(sem.release(3, 50).ended == 3);
  CHECK(sem.release(2, 60).ended == 2);
  CHECK(sem.free_permits() == 2);
  CHECK(sem.release(2, 70).refused == ReleaseRefusal::semaphore_over_limit);
  CHECK(sem.free_permits() == 2);
}

TEST_CASE("semaphore: a plain Semaphore may start at 0 and go above its initial value") {
  Semaphore sem(0, false);
  CHECK(!sem.acquire(1, 0));
  Semaphore::Release r = sem.release(2, 5);
  CHECK(r.next == 1);
  CHECK(r.ended == Semaphore::kNobody);  // nobody held one
  CHECK(sem.release(2, 6).free == 1);
  CHECK(sem.release(2, 7).free == 2);
}

TEST_CASE("event: set wakes the live waiters in order, timed-out entries are dropped once they are half") {
  Event event;
  CHECK(!event.passes(false, 0));
  CHECK(event.passes(true, 0));  // wait(0) polls
  event.add_waiter(1, 7);
  event.add_waiter(2, 3);
  event.add_waiter(3, 4);
  std::vector<std::uint32_t> generation = {0, 7, 9, 4};  // thread 2's wait timed out (newer generation)
  auto live = [&](const Event::Waiter& w) { return generation[w.thread] == w.generation; };
  event.timed_out(live);  // 1 stale of 3: kept
  CHECK(event.entries() == 3);
  std::vector<ThreadIndex> woken;
  event.set(live, woken);
  CHECK(woken == std::vector<ThreadIndex>{1, 3});
  CHECK(event.is_set());
  CHECK(event.passes(false, 0));
  event.clear();
  CHECK(!event.passes(false, 0));
  // Polling with a timeout: entries stay bounded.
  for (std::uint32_t g = 0; g < 100; ++g) {
    event.add_waiter(5, g);
    event.timed_out([&](const Event::Waiter& w) { return w.generation == 1000; });  // every entry is stale
  }
  CHECK(event.entries() <= 2);
}

TEST_CASE("queue: items in order, a put to a waiting getter hands it over with its work") {
  Queue q(0);
  SyncEffects out;
  CHECK(!q.get(1, out));  // empty: thread 1 waits
  CHECK(out.notes.empty());
  CHECK(q.put(2, 40, out));
  REQUIRE(out.notes.size() == 2);
  CHECK(out.notes[0].thread == 2);
  CHECK(out.notes[0].op == SyncOp::put);
  CHECK(out.notes[0].value == 0);  // straight to the getter: the queue stays empty
  CHECK(out.notes[1].thread == 1);
  CHECK(out.notes[1].op == SyncOp::get);
  REQUIRE(out.wakes.size() == 1);
  CHECK(out.wakes[0].thread == 1);
  CHECK(out.wakes[0].got_item);
  CHECK(out.wakes[0].work == 40);
  CHECK(!out.wakes[0].collects);  // unbounded: the item takes no room
  out.clear();
  CHECK(q.put(2, 10, out));
  CHECK(q.put(2, 20, out));
  CHECK(q.length() == 2);
  CHECK(q.get(3, out) == Time{10});
  CHECK(q.get_nowait(3, out) == Time{20});
  CHECK(!q.get_nowait(3, out));
}

TEST_CASE("queue: a bounded queue makes putters wait, an item handed over takes room until its getter runs") {
  Queue q(1);
  SyncEffects out;
  CHECK(!q.get(1, out));      // getter 1 waits
  CHECK(q.put(2, 5, out));    // handed to 1: it still counts against maxsize
  CHECK(out.wakes[0].collects);
  CHECK(q.full());
  out.clear();
  CHECK(!q.put(3, 6, out));   // full: putter 3 waits with its item
  CHECK(out.wakes.empty());
  q.collected(out);           // getter 1 ran: room for 3's item
  REQUIRE(out.notes.size() == 1);
  CHECK(out.notes[0].thread == 3);
  CHECK(out.notes[0].op == SyncOp::put);
  CHECK(out.notes[0].value == 1);
  REQUIRE(out.wakes.size() == 1);
  CHECK(out.wakes[0].thread == 3);
  CHECK(!out.wakes[0].got_item);
  out.clear();
  CHECK(!q.put(4, 7, out));   // full again
  CHECK(q.get(5, out) == Time{6});  // the get lets putter 4 in
  REQUIRE(out.notes.size() == 2);
  CHECK(out.notes[0].op == SyncOp::get);
  CHECK(out.notes[0].value == 0);
  CHECK(out.notes[1].thread == 4);
  CHECK(out.notes[1].value == 1);
  REQUIRE(out.wakes.size() == 1);
  CHECK(out.wakes[0].thread == 4);
}

TEST_CASE("device: channels serve at once, others queue first come, first served") {
  Device disk(2);
  CHECK(disk.request(1));
  CHECK(disk.request(2));
  CHECK(!disk.request(3));
  CHECK(!disk.request(4));
  CHECK(disk.busy() == 2);
  CHECK(disk.done() == ThreadIndex{3});
  CHECK(disk.done() == ThreadIndex{4});
  CHECK(disk.done() == std::nullopt);
  CHECK(disk.busy() == 1);
}
