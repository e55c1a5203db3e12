#include <doctest/doctest.h>

#include <algorithm>

#include <vector>

#include "engine/event_queue.h"
#include "engine/ring_queue.h"
#include "engine/time.h"

using namespace gilsim;

TEST_CASE("event queue pops by time, then by insertion order") {
  EventQueue<int> q;
  q.push(30, 1);
  q.push(10, 2);
  q.push(20, 3);
  q.push(10, 4);
  q.push(10, 5);
  q.push(0, 6);
  std::vector<int> order;
  std::vector<Time> times;
  while (!q.empty()) {
    auto e = q.pop();
    order.push_back(e.payload);
    times.push_back(e.time);
  }
  CHECK(order == std::vector<int>{6, 2, 4, 5, 3, 1});
  CHECK(times == std::vector<Time>{0, 10, 10, 10, 20, 30});
}

TEST_CASE("event queue orders equal times by priority, then insertion") {
  EventQueue<int> q;
  q.push(10, 1, 3);
  q.push(10, 2, 0);
  q.push(5, 3, 9);
  q.push(10, 4, 0);
  q.push(10, 5, 3);
  std::vector<int> order;
  while (!q.empty()) order.push_back(q.pop().payload);
  CHECK(order == std::vector<int>{3, 2, 4, 1, 5});
}

TEST_CASE("event queue stays ordered under interleaved pushes and pops") {
  EventQueue<std::uint64_t> q;
  // A deterministic pseudo-random sequence of times (linear congruential).
  std::uint64_t x = 12345;
  Time last = -1;
  std::uint64_t last_seq = 0;
  for (int round = 0; round < 20000; ++round) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    Time base = last < 0 ? 0 : last;
    q.push(base + static_cast<Time>((x >> 33) % 50), x);
    if (round % 3 == 2) {
      auto e = q.pop();
      CHECK((e.time > last || (e.time == last && e.sequence() > last_seq) || last < 0));
      last = e.time;
      last_seq = e.sequence();
    }
  }
  while (!q.empty()) {
    auto e = q.pop();
    REQUIRE((e.time > last || (e.time == last && e.sequence() > last_seq)));
    last = e.time;
    last_seq = e.sequence();
  }
}

TEST_CASE("event queue with scrambled ties: time and priority first, ties in an order the salt decides") {
  // 200 events at time 5 (priority 1) and one earlier and one of priority 0:
  // those two still come first; the 200 come in an order that is not their
  // insertion order, the same for the same salt, another for another salt,
  // and each exactly once.
  auto order = [](std::uint64_t salt) {
    EventQueue<int> q;
    q.scramble_ties(salt);
    for (int i = 0; i < 200; ++i) q.push(5, i, 1);
    q.push(5, -2, 0);
    q.push(4, -1, 1);
    std::vector<int> out;
    while (!q.empty()) out.push_back(q.pop().payload);
    return out;
  };
  std::vector<int> a = order(7), b = order(7), c = order(8);
  REQUIRE(a.size() == 202);
  CHECK(a[0] == -1);
  CHECK(a[1] == -2);
  CHECK(a == b);
  CHECK(a != c);
  std::vector<int> fifo;
  for (int i = 0; i < 200; ++i) fifo.push_back(i);
  std::vector<int> ties(a.begin() + 2, a.end());
  CHECK(ties != fifo);
  std::sort(ties.begin(), ties.end());
  CHECK(ties == fifo);
}

TEST_CASE("ring queue is FIFO across growth and wrap-around") {
  RingQueue<int> q;
  int next_in = 0, next_out = 0;
  for (int round = 0; round < 100; ++round) {
    for (int i = 0; i < round % 37 + 1; ++i) q.push_back(next_in++);
    for (int i = 0; i < round % 23 && !q.empty(); ++i) CHECK(q.pop_front() == next_out++);
  }
  while (!q.empty()) CHECK(q.pop_front() == next_out++);
  CHECK(next_in == next_out);
}

TEST_CASE("durations format exactly and compactly") {
  CHECK(format_duration(0) == "0ns");
  CHECK(format_duration(250) == "250ns");
  CHECK(format_duration(50 * kMicrosecond) == "50us");
  CHECK(format_duration(1500 * kMicrosecond) == "1.5ms");
  CHECK(format_duration(12501 * kMillisecond) == "12.501s");
  CHECK(format_duration(1'000'000'001) == "1.000000001s");
  CHECK(format_duration(-2 * kSecond) == "-2s");
  CHECK(format_time_fixed(12501 * kMillisecond) == "12.501 s");
  CHECK(format_time_fixed(5 * kMillisecond) == "5.000 ms");
  CHECK(format_time_fixed(250) == "250 ns");
}

#include "model/cpu/free_cores.h"

TEST_CASE("free cores: the lowest idle core, across summary levels") {
  for (std::uint32_t n : {1u, 63u, 64u, 65u, 4096u, 5000u}) {
    FreeCores cores(n);
    CHECK(cores.lowest() == 0);
    for (std::uint32_t c = 0; c < n; ++c) {
      REQUIRE(cores.lowest() == c);
      cores.erase(c);
    }
    CHECK(cores.empty());
    CHECK(cores.lowest() == FreeCores::kNone);
    cores.insert(n - 1);
    CHECK(cores.lowest() == n - 1);
    if (n > 2) {
      cores.insert(n / 2);
      CHECK(cores.lowest() == n / 2);
      cores.erase(n / 2);
    }
    CHECK(cores.lowest() == n - 1);
  }
}
