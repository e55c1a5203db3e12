// The GIL's bookkeeping of waiters' timeouts (gil.h): when the next drop
// request comes and who makes it, without an event per waiter per interval.
#include <doctest/doctest.h>

#include "model/gil/cpython3_lock.h"

using namespace gilsim;

namespace {
constexpr Time I = 5;  // switch interval, in ns for readable numbers
}

TEST_CASE("a lone waiter asks for the drop one interval after it began waiting") {
  Gil gil(I);
  gil.take(1, 0);
  CHECK(!gil.next_drop_request());
  gil.add_waiter(2, 3);
  auto r = gil.next_drop_request();
  REQUIRE(r);
  CHECK(r->at == 8);
  CHECK(r->requester == 2);
  CHECK(gil.request_drop());
  CHECK(!gil.next_drop_request());  // already asked: further timeouts change nothing
}

TEST_CASE("a switch restarts the count: the next timeout tick after it, plus one interval") {
  Gil gil(I);
  gil.take(1, 0);
  gil.add_waiter(2, 0);  // ticks at 5, 10, 15, ...
  gil.add_waiter(3, 1);  // ticks at 6, 11, 16, ...
  // At 12 thread 1 drops; thread 2 (longest waiting) gets the GIL.
  CHECK(gil.release(12) == 2);
  // Thread 3's interval (11, 16] saw the switch; (16, 21] will not: it asks at 21.
  auto r = gil.next_drop_request();
  REQUIRE(r);
  CHECK(r->at == 21);
  CHECK(r->requester == 3);
}

TEST_CASE("a timeout tick at the very instant of a switch counts as after it") {
  Gil gil(I);
  gil.take(1, 0);
  gil.add_waiter(2, 0);
  gil.add_waiter(3, 0);  // ticks at 5, 10, ...
  CHECK(gil.release(10) == 2);
  auto r = gil.next_drop_request();
  REQUIRE(r);
  CHECK(r->at == 15);
}

TEST_CASE("a wait that began at a switch's instant, before it, needs one more interval") {
  Gil gil(I);
  gil.take(1, 0);
  gil.add_waiter(2, 0);
  CHECK(gil.release(20) == 2);  // switch at 20
  gil.add_waiter(1, 20);        // the dropper queues, after the switch: asks at 25
  auto r = gil.next_drop_request();
  REQUIRE(r);
  CHECK(r->at == 25);
  // Thread 2 hands on at once (say it blocks), within the same instant.
  gil.add_waiter(3, 20);
  CHECK(gil.release(20) == 1);
  // Thread 3 began waiting at 20 but before this second switch: (20, 25] saw it.
  r = gil.next_drop_request();
  REQUIRE(r);
  CHECK(r->at == 30);
  CHECK(r->requester == 3);
}

TEST_CASE("ties go to the longest-waiting waiter, which is also the next holder") {
  Gil gil(I);
  gil.take(1, 0);
  gil.add_waiter(2, 2);
  gil.add_waiter(3, 7);
  gil.add_waiter(4, 4);
  CHECK(gil.release(9) == 2);
  // Thread 4 ticks at 4, 9, 14: the tick at 9 is at the switch and counts as
  // after it, so (9, 14] is switch-free and it asks at 14. Thread 3 ticks at
  // 12, 17: it would ask only at 17.
  auto r = gil.next_drop_request();
  REQUIRE(r);
  CHECK(r->at == 14);
  CHECK(r->requester == 4);
  // Equal phases: the earlier waiter asks.
  Gil same(I);
  same.take(1, 0);
  same.add_waiter(2, 1);
  same.add_waiter(3, 6);
  same.add_waiter(4, 11);
  CHECK(same.release(13) == 2);
  r = same.next_drop_request();
  REQUIRE(r);
  CHECK(r->at == 21);  // ticks at 16 (3 and 4) are after 13; +5
  CHECK(r->requester == 3);
}
