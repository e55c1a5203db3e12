// The multiprocessing queue model (model/sync/mp_queue.h) on its own, worked
// by hand: the pipe's FIFO, writers taking turns, a message larger than the
// pipe waiting for a reader, a full pipe blocking a write until a read makes
// room, a waiting reader handed the next message, a bounded Queue's
// semaphore; then random operations checked against the model's invariants.

#include <doctest/doctest.h>

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <vector>

#include "model/sync/mp_queue.h"

namespace gilsim {
namespace {

using For = MpQueue::Wake::For;

// The wakes so far, taken (and cleared, as the simulation does).
std::vector<MpQueue::Wake> take(MpQueue& q) {
  std::vector<MpQueue::Wake> w = q.wakes();
  q.wakes().clear();
  return w;
}

void check_wake(const MpQueue::Wake& w, ThreadIndex thread, For what) {
  CHECK(w.thread == thread);
  CHECK(w.what == what);
}

void check_read_wake(const MpQueue::Wake& w, ThreadIndex thread, std::uint64_t bytes, Time work) {
  check_wake(w, thread, For::read);
  CHECK(w.message.bytes == bytes);
  CHECK(w.message.work == work);
}

}  // namespace

TEST_CASE("mp queue model: messages are read in the order they were written") {
  MpQueue q(100, 0);
  for (std::uint64_t i = 1; i <= 3; ++i) {
    REQUIRE(q.write(0, i * 10));
    CHECK(q.writing());
    q.written({i * 10, static_cast<Time>(i)});
    CHECK_FALSE(q.writing());
  }
  CHECK(q.messages() == 3);
  CHECK(q.bytes() == 60);
  for (std::uint64_t i = 1; i <= 3; ++i) {
    std::optional<PipeMessage> m = q.read(1);
    REQUIRE(m);
    CHECK(m->bytes == i * 10);
    CHECK(m->work == static_cast<Time>(i));
  }
  CHECK(q.messages() == 0);
  CHECK(q.bytes() == 0);
  CHECK(q.wakes().empty());
}

TEST_CASE("mp queue model: with the read lock, a reader keeps its turn until it has read its message") {
  // A Queue's or SimpleQueue's get reads under its read lock: reader 1 takes
  // the first of two messages; reader 2 waits although the second is there,
  // and is handed it when reader 1 is done; then reader 3 waits for a write.
  MpQueue q(100, 0, true);
  for (std::uint64_t b : {10, 20}) {
    REQUIRE(q.write(0, b));
    q.written({b, 0});
  }
  REQUIRE(q.read(1));
  CHECK_FALSE(q.read(2));
  CHECK(q.messages() == 1);
  q.read_done();
  std::vector<MpQueue::Wake> w = take(q);
  REQUIRE(w.size() == 1);
  check_read_wake(w[0], 2, 20, 0);
  CHECK_FALSE(q.read(3));  // reader 2 reads: reader 3 waits its turn
  q.read_done();
  CHECK(take(q).empty());  // nothing left for reader 3 yet
  REQUIRE(q.write(0, 30));
  q.written({30, 0});
  w = take(q);
  REQUIRE(w.size() == 1);
  check_read_wake(w[0], 3, 30, 0);
  // A message larger than the pipe does not go to a reader waiting behind
  // another's read, only once the lock is free and that reader reads.
  CHECK_FALSE(q.read(4));  // waits behind reader 3
  CHECK_FALSE(q.write(0, 500));
  CHECK(take(q).empty());
  q.read_done();  // reader 3 done: reader 4 now waits in its read, the pipe empty
  w = take(q);
  REQUIRE(w.size() == 1);
  check_wake(w[0], 0, For::write);
}

TEST_CASE("mp queue model: a writer waits while another writes and goes in turn after written()") {
  MpQueue q(100, 0);
  REQUIRE(q.write(0, 10));
  CHECK_FALSE(q.write(1, 10));  // 0 is writing
  CHECK_FALSE(q.write(2, 10));
  CHECK(q.wakes().empty());
  q.written({10, 0});
  std::vector<MpQueue::Wake> w = take(q);
  REQUIRE(w.size() == 1);
  check_wake(w[0], 1, For::write);  // the longest waiting writer, not 2
  CHECK(q.writing());
  CHECK(q.messages() == 1);
  CHECK(q.bytes() == 10);
  // A newcomer queues behind 2 even though 1 is about to finish.
  CHECK_FALSE(q.write(3, 10));
  q.written({10, 0});
  w = take(q);
  REQUIRE(w.size() == 1);
  check_wake(w[0], 2, For::write);
  q.written({10, 0});
  w = take(q);
  REQUIRE(w.size() == 1);
  check_wake(w[0], 3, For::write);
  q.written({10, 0});
  CHECK(take(q).empty());
  CHECK_FALSE(q.writing());
  CHECK(q.messages() == 4);
  CHECK(q.bytes() == 40);
}

TEST_CASE("mp queue model: a message larger than the pipe waits for a reader, then goes straight to it") {
  MpQueue q(64, 0);
  CHECK_FALSE(q.write(0, 100));  // no reader: it cannot go
  CHECK_FALSE(q.writing());
  CHECK(q.wakes().empty());
  // A reader arrives: the pipe is empty, so the writer goes while it reads.
  CHECK_FALSE(q.read(1));
  std::vector<MpQueue::Wake> w = take(q);
  REQUIRE(w.size() == 1);
  check_wake(w[0], 0, For::write);
  CHECK(q.writing());
  q.written({100, 7});
  w = take(q);
  REQUIRE(w.size() == 1);
  check_read_wake(w[0], 1, 100, 7);
  CHECK(q.messages() == 0);
  CHECK(q.bytes() == 0);  // never held by the pipe
  CHECK_FALSE(q.writing());
}

TEST_CASE("mp queue model: a large message waits behind what the pipe holds, even with a reader") {
  // The pipe holds 10 bytes: a reader takes them and does not wait, so the
  // 100-byte writer still cannot go; only the next reader, finding the pipe
  // empty, lets it.
  MpQueue q(64, 0);
  REQUIRE(q.write(0, 10));
  q.written({10, 0});
  CHECK_FALSE(q.write(1, 100));
  CHECK(q.wakes().empty());
  std::optional<PipeMessage> m = q.read(2);
  REQUIRE(m);
  CHECK(m->bytes == 10);
  CHECK(q.wakes().empty());  // empty pipe, but no reader waits
  CHECK_FALSE(q.read(2));
  std::vector<MpQueue::Wake> w = take(q);
  REQUIRE(w.size() == 1);
  check_wake(w[0], 1, For::write);
  q.written({100, 0});
  w = take(q);
  REQUIRE(w.size() == 1);
  check_read_wake(w[0], 2, 100, 0);
}

TEST_CASE("mp queue model: a large message at the head of the line holds back the small ones behind it") {
  MpQueue q(64, 0);
  CHECK_FALSE(q.write(0, 100));
  CHECK_FALSE(q.write(1, 1));  // it would fit, but writers take turns
  CHECK(q.wakes().empty());
  CHECK_FALSE(q.read(5));
  std::vector<MpQueue::Wake> w = take(q);
  REQUIRE(w.size() == 1);
  check_wake(w[0], 0, For::write);
  q.written({100, 0});
  w = take(q);
  REQUIRE(w.size() == 2);
  check_read_wake(w[0], 5, 100, 0);
  check_wake(w[1], 1, For::write);  // admitted once the big one is through
  q.written({1, 0});
  CHECK(take(q).empty());
  CHECK(q.messages() == 1);
  CHECK(q.bytes() == 1);
}

TEST_CASE("mp queue model: a message exactly the pipe's size fits an empty pipe without a reader") {
  MpQueue q(64, 0);
  REQUIRE(q.write(0, 64));
  q.written({64, 0});
  CHECK(q.bytes() == 64);
  CHECK_FALSE(q.write(1, 1));  // full
  CHECK(q.wakes().empty());
}

TEST_CASE("mp queue model: a full pipe blocks a small write until a read makes room") {
  MpQueue q(100, 0);
  REQUIRE(q.write(0, 60));
  q.written({60, 1});
  REQUIRE(q.write(0, 30));
  q.written({30, 2});
  CHECK(q.bytes() == 90);
  CHECK_FALSE(q.write(1, 20));  // 90 + 20 > 100
  CHECK_FALSE(q.writing());
  CHECK(q.wakes().empty());
  std::optional<PipeMessage> m = q.read(2);
  REQUIRE(m);
  CHECK(m->bytes == 60);
  CHECK(m->work == 1);
  std::vector<MpQueue::Wake> w = take(q);
  REQUIRE(w.size() == 1);
  check_wake(w[0], 1, For::write);
  CHECK(q.writing());
  CHECK(q.bytes() == 30);
  q.written({20, 3});
  CHECK(take(q).empty());
  CHECK(q.bytes() == 50);
  CHECK(q.messages() == 2);
}

TEST_CASE("mp queue model: a read that does not make enough room leaves the writer waiting") {
  MpQueue q(100, 0);
  for (std::uint64_t b : {10, 10, 70}) {
    REQUIRE(q.write(0, b));
    q.written({b, 0});
  }
  CHECK_FALSE(q.write(1, 25));  // 90 + 25 > 100
  REQUIRE(q.read(2));           // 80 held: 80 + 25 > 100 still
  CHECK(q.wakes().empty());
  REQUIRE(q.read(2));  // 70 held: 95 fits
  std::vector<MpQueue::Wake> w = take(q);
  REQUIRE(w.size() == 1);
  check_wake(w[0], 1, For::write);
}

TEST_CASE("mp queue model: waiting readers are handed the next messages, first come first served") {
  MpQueue q(100, 0);
  CHECK_FALSE(q.read(1));
  CHECK_FALSE(q.read(2));
  CHECK(q.wakes().empty());
  REQUIRE(q.write(0, 10));
  q.written({10, 4});
  std::vector<MpQueue::Wake> w = take(q);
  REQUIRE(w.size() == 1);
  check_read_wake(w[0], 1, 10, 4);
  CHECK(q.messages() == 0);
  CHECK(q.bytes() == 0);
  REQUIRE(q.write(0, 20));
  q.written({20, 5});
  w = take(q);
  REQUIRE(w.size() == 1);
  check_read_wake(w[0], 2, 20, 5);
  // No reader left: the next message stays in the pipe.
  REQUIRE(q.write(0, 30));
  q.written({30, 6});
  CHECK(take(q).empty());
  CHECK(q.messages() == 1);
  CHECK(q.bytes() == 30);
}

TEST_CASE("mp queue model: a bounded queue's put waits for a slot, which reads pass on first come first served") {
  MpQueue q(1000, 2);
  CHECK(q.reserve(0));
  CHECK(q.reserve(0));
  CHECK_FALSE(q.reserve(1));
  CHECK_FALSE(q.reserve(2));
  CHECK(q.wakes().empty());
  for (int i = 0; i < 2; ++i) {
    REQUIRE(q.write(0, 10));
    q.written({10, 0});
  }
  CHECK(q.wakes().empty());  // writing frees no slot
  REQUIRE(q.read(9));
  std::vector<MpQueue::Wake> w = take(q);
  REQUIRE(w.size() == 1);
  check_wake(w[0], 1, For::slot);
  REQUIRE(q.read(9));
  w = take(q);
  REQUIRE(w.size() == 1);
  check_wake(w[0], 2, For::slot);
  // Nobody waits: the slots freed now are kept.
  REQUIRE(q.write(0, 10));
  q.written({10, 0});
  REQUIRE(q.write(0, 10));
  q.written({10, 0});
  REQUIRE(q.read(9));
  REQUIRE(q.read(9));
  CHECK(q.wakes().empty());
  CHECK(q.reserve(3));
  CHECK(q.reserve(3));
  CHECK_FALSE(q.reserve(3));
}

TEST_CASE("mp queue model: a message handed to a waiting reader frees its slot too") {
  MpQueue q(1000, 1);
  CHECK(q.reserve(0));
  CHECK_FALSE(q.reserve(1));
  CHECK_FALSE(q.read(5));
  CHECK(q.wakes().empty());
  REQUIRE(q.write(0, 10));
  q.written({10, 3});
  std::vector<MpQueue::Wake> w = take(q);
  REQUIRE(w.size() == 2);
  check_read_wake(w[0], 5, 10, 3);
  check_wake(w[1], 1, For::slot);
}

TEST_CASE("mp queue model: a read that frees a slot and makes room wakes the putter, then the writer") {
  MpQueue q(20, 1);
  CHECK(q.reserve(0));
  REQUIRE(q.write(0, 15));
  q.written({15, 0});
  CHECK_FALSE(q.reserve(1));
  CHECK_FALSE(q.write(2, 10));  // 15 + 10 > 20
  REQUIRE(q.read(3));
  std::vector<MpQueue::Wake> w = take(q);
  REQUIRE(w.size() == 2);
  check_wake(w[0], 1, For::slot);
  check_wake(w[1], 2, For::write);
}

TEST_CASE("mp queue model: an unbounded queue always has a slot") {
  MpQueue q(10, 0);
  for (ThreadIndex t = 0; t < 1000; ++t) CHECK(q.reserve(t));
  CHECK(q.wakes().empty());
  REQUIRE(q.write(0, 5));
  q.written({5, 0});
  REQUIRE(q.read(1));
  CHECK(q.wakes().empty());  // a read frees no slot: there are none to free
}

// Random operations by a few threads, each doing one thing at a time (reserve,
// write, read, or waiting on one of them), as the simulation drives the model.
TEST_CASE("mp queue model: random operations keep the pipe's bounds, FIFO order and one wake per wait") {
  std::map<For, int> wakes_seen;
  int large_handed = 0;  // messages larger than the pipe handed to a reader
  for (std::uint32_t seed = 1; seed <= 200; ++seed) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    const std::uint64_t capacity = 1 + rng() % 64;
    const std::int64_t maxsize = rng() % 3 == 0 ? 0 : static_cast<std::int64_t>(1 + rng() % 4);
    MpQueue q(capacity, maxsize);
    CAPTURE(capacity);
    CAPTURE(maxsize);

    enum class Doing { idle, wants_slot, has_slot, wants_write, writing, wants_read };
    const ThreadIndex threads = 6;  // the random operations' threads; one more reads at the end
    const ThreadIndex drainer = threads;
    std::vector<Doing> doing(threads + 1, Doing::idle);
    std::vector<std::uint64_t> bytes(threads + 1, 0);  // the message a putter is writing
    std::vector<std::uint64_t> serial_of(threads + 1, 0);
    std::uint64_t next_serial = 0;  // each message's work is its serial number
    std::uint64_t next_expected = 0;
    std::int64_t slots_taken = 0;  // reserved and not yet freed by a read
    std::deque<std::uint64_t> written_order;
    int writing_now = 0;

    auto receive = [&](const PipeMessage& m) {
      CHECK(static_cast<std::uint64_t>(m.work) == next_expected);  // FIFO, each once
      REQUIRE_FALSE(written_order.empty());
      CHECK(written_order.front() == static_cast<std::uint64_t>(m.work));
      CHECK(m.bytes == (static_cast<std::uint64_t>(m.work) * 7919) % (capacity * 2) + 1);
      written_order.pop_front();
      ++next_expected;
      if (maxsize > 0) --slots_taken;
    };
    auto carry_out = [&]() {
      std::set<ThreadIndex> woken;
      for (const MpQueue::Wake& w : take(q)) {
        CHECK(woken.insert(w.thread).second);  // one wake per thread per call
        ++wakes_seen[w.what];
        if (w.what == For::read && w.message.bytes > capacity) ++large_handed;
        switch (w.what) {
          case For::slot:
            CHECK(doing[w.thread] == Doing::wants_slot);
            doing[w.thread] = Doing::has_slot;
            ++slots_taken;
            break;
          case For::write:
            CHECK(doing[w.thread] == Doing::wants_write);
            doing[w.thread] = Doing::writing;
            ++writing_now;
            break;
          case For::read:
            CHECK(doing[w.thread] == Doing::wants_read);
            // A message straight to a reader may be larger than the pipe: it never sits in it.
            receive(w.message);
            doing[w.thread] = Doing::idle;
            break;
        }
      }
    };

    for (int step = 0; step < 400; ++step) {
      ThreadIndex t = static_cast<ThreadIndex>(rng() % threads);
      switch (doing[t]) {
        case Doing::idle:
          if (rng() % 2 == 0) {
            if (q.reserve(t)) {
              doing[t] = Doing::has_slot;
              ++slots_taken;
            } else {
              doing[t] = Doing::wants_slot;
            }
          } else if (auto m = q.read(t)) {
            receive(*m);
          } else {
            doing[t] = Doing::wants_read;
          }
          break;
        case Doing::has_slot: {
          serial_of[t] = next_serial++;
          bytes[t] = (serial_of[t] * 7919) % (capacity * 2) + 1;  // some larger than the pipe
          if (q.write(t, bytes[t])) {
            doing[t] = Doing::writing;
            ++writing_now;
          } else {
            doing[t] = Doing::wants_write;
          }
          break;
        }
        case Doing::writing:
          written_order.push_back(serial_of[t]);
          --writing_now;
          doing[t] = Doing::idle;
          q.written({bytes[t], static_cast<Time>(serial_of[t])});
          break;
        default:
          break;  // waiting: only a wake moves it on
      }
      carry_out();
      // Invariants after every operation.
      CHECK(writing_now <= 1);
      CHECK(q.writing() == (writing_now == 1));
      CHECK(q.bytes() <= capacity);
      CHECK(q.messages() == written_order.size());
      if (maxsize > 0) CHECK(slots_taken <= maxsize);
      bool reader_waits = false, putter_waits = false;
      for (Doing d : doing) {
        reader_waits = reader_waits || d == Doing::wants_read;
        putter_waits = putter_waits || d == Doing::wants_slot;
      }
      CHECK_FALSE((reader_waits && q.messages() > 0));  // nobody waits beside a message
      if (maxsize > 0 && putter_waits) CHECK(slots_taken == maxsize);  // nor for a free slot
      if (maxsize == 0) CHECK_FALSE(putter_waits);
    }
    // Drain: the threads finish the puts under way and read, and one more
    // thread reads too (the six may all be waiting to write or for a slot:
    // a program that never gets deadlocks, as in Python), until nothing moves.
    for (int round = 0; round < 1000; ++round) {
      bool moved = false;
      for (ThreadIndex t = 0; t <= drainer; ++t) {
        if (doing[t] == Doing::writing) {
          written_order.push_back(serial_of[t]);
          --writing_now;
          doing[t] = Doing::idle;
          q.written({bytes[t], static_cast<Time>(serial_of[t])});
          moved = true;
        } else if (doing[t] == Doing::has_slot) {
          serial_of[t] = next_serial++;
          bytes[t] = (serial_of[t] * 7919) % (capacity * 2) + 1;
          doing[t] = q.write(t, bytes[t]) ? Doing::writing : Doing::wants_write;
          if (doing[t] == Doing::writing) ++writing_now;
          moved = true;
        } else if (doing[t] == Doing::idle) {
          if (auto m = q.read(t)) {
            receive(*m);
            moved = true;
          } else {
            doing[t] = Doing::wants_read;
            moved = true;
          }
        }
        carry_out();
      }
      if (!moved) break;
    }
    // Everything put was got, in order; nobody is left waiting to write or for a slot.
    CHECK(written_order.empty());
    CHECK(next_expected == next_serial);
    CHECK(q.messages() == 0);
    CHECK(q.bytes() == 0);
    for (Doing d : doing) {
      CHECK(d != Doing::wants_write);
      CHECK(d != Doing::writing);
      CHECK(d != Doing::has_slot);
      CHECK(d != Doing::wants_slot);
    }
  }
  // The runs went through every kind of wait (about 1100 slot, 2100 write, 3500 read, 2100 large).
  CHECK(wakes_seen[For::slot] > 100);
  CHECK(wakes_seen[For::write] > 100);
  CHECK(wakes_seen[For::read] > 100);
  CHECK(large_handed > 100);
}

}  // namespace gilsim
