// The GIL's phase-ordered waiters (model/gil/waiter_phases.h) alone: a flat
// treap keyed by (phase, since, order), erased by handle, with a cursor that
// goes round the interval. Checked against std::set on random operations.
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <set>
#include <tuple>
#include <vector>

#include "model/gil/waiter_phases.h"

using namespace gilsim;

namespace {
using Key = WaiterPhases::Key;
using Ref = std::set<std::tuple<Time, Time, std::uint64_t>>;

std::tuple<Time, Time, std::uint64_t> tuple_of(const Key& k) { return {k.phase, k.since, k.order}; }

std::vector<std::tuple<Time, Time, std::uint64_t>> in_order(const WaiterPhases& w) {
  std::vector<std::tuple<Time, Time, std::uint64_t>> out;
  for (auto h = w.first(); h != WaiterPhases::kNone; h = w.next(h)) out.push_back(tuple_of(w.key(h)));
  return out;
}

// The reference's cyclic lower bound: first with phase >= p, else the first.
const std::tuple<Time, Time, std::uint64_t>* ref_cyclic(const Ref& ref, Time p) {
  if (ref.empty()) return nullptr;
  auto it = ref.lower_bound({p, INT64_MIN, 0});
  if (it == ref.end()) it = ref.begin();
  return &*it;
}
}  // namespace

TEST_CASE("waiter phases: empty, then ordered by phase, since and order") {
  WaiterPhases w;
  CHECK(w.empty());
  CHECK(w.first() == WaiterPhases::kNone);
  CHECK(w.cyclic_lower_bound(3) == WaiterPhases::kNone);
  w.set_cursor(0);
  CHECK(w.cursor() == WaiterPhases::kNone);
  auto a = w.insert({4, 9, 0}, 10);
  auto b = w.insert({2, 7, 1}, 11);
  auto c = w.insert({4, 4, 2}, 12);  // same phase, waited longer: before a
  auto d = w.insert({4, 4, 3}, 13);  // same phase and start: the earlier order first
  CHECK(w.size() == 4);
  std::vector<WaiterPhases::Handle> order;
  for (auto h = w.first(); h != WaiterPhases::kNone; h = w.next(h)) order.push_back(h);
  CHECK(order == std::vector<WaiterPhases::Handle>{b, c, d, a});
  CHECK(w.thread(c) == 12);
  CHECK(w.lower_bound(3) == c);
  CHECK(w.lower_bound(5) == WaiterPhases::kNone);
  CHECK(w.cyclic_lower_bound(5) == b);  // round the interval
  CHECK(w.cyclic_lower_bound(2) == b);
}

TEST_CASE("waiter phases: erase by handle moves the cursor on, round the interval") {
  WaiterPhases w;
  auto a = w.insert({1, 1, 0}, 1);
  auto b = w.insert({3, 3, 1}, 2);
  auto c = w.insert({5, 5, 2}, 3);
  w.set_cursor(2);
  CHECK(w.cursor() == b);
  w.erase(a);  // not under the cursor: it stays
  CHECK(w.cursor() == b);
  w.erase(b);
  CHECK(w.cursor() == c);
  auto d = w.insert({0, 6, 3}, 4);  // reuses a freed slot
  CHECK((d == a || d == b));
  CHECK(w.cursor() == c);  // insert leaves the cursor alone
  w.erase(c);              // the last: the cursor wraps to the first
  CHECK(w.cursor() == d);
  w.erase(d);
  CHECK(w.empty());
  CHECK(w.cursor() == WaiterPhases::kNone);
  CHECK(w.first() == WaiterPhases::kNone);
}

TEST_CASE("waiter phases: random inserts and erases agree with std::set") {
  std::mt19937_64 rng(17);
  for (Time interval : {Time{1}, Time{7}, Time{1000}}) {
    WaiterPhases w;
    Ref ref;
    std::vector<std::pair<WaiterPhases::Handle, Key>> live;  // in insertion order
    std::uint64_t order = 0;
    Time now = 0;
    for (int step = 0; step < 4000; ++step) {
      auto roll = rng() % 10;
      if (roll < 5 || live.empty()) {
        now += static_cast<Time>(rng() % 3);
        Key k{now % interval, now, order++};
        live.emplace_back(w.insert(k, static_cast<ThreadIndex>(k.order)), k);
        ref.insert(tuple_of(k));
        w.set_cursor(static_cast<Time>(rng() % static_cast<std::uint64_t>(interval)));
      } else {
        // Mostly the oldest (as the GIL does), sometimes any.
        std::size_t i = roll < 8 ? 0 : rng() % live.size();
        auto [h, k] = live[i];
        auto before = w.cursor();
        auto expected_next = ref.upper_bound(tuple_of(k));
        w.erase(h);
        ref.erase(tuple_of(k));
        live.erase(live.begin() + static_cast<std::ptrdiff_t>(i));
        if (before == h) {  // moved on, round the interval
          if (ref.empty())
            CHECK(w.cursor() == WaiterPhases::kNone);
          else
            CHECK(tuple_of(w.key(w.cursor())) == (expected_next != ref.end() ? *expected_next : *ref.begin()));
        }
      }
      REQUIRE(w.size() == ref.size());
      Time probe = static_cast<Time>(rng() % static_cast<std::uint64_t>(interval + 1));
      auto got = w.cyclic_lower_bound(probe);
      auto want = ref_cyclic(ref, probe);
      REQUIRE((got == WaiterPhases::kNone) == (want == nullptr));
      if (want) CHECK(tuple_of(w.key(got)) == *want);
      if (step % 500 == 0) CHECK(in_order(w) == std::vector(ref.begin(), ref.end()));
    }
    CHECK(in_order(w) == std::vector(ref.begin(), ref.end()));
  }
}

TEST_CASE("waiter phases: stays shallow when waiters arrive in phase order") {
  // Keys ascending (waiters starting one after another within an interval)
  // would make a plain search tree a list; the treap's priorities do not
  // depend on the keys.
  WaiterPhases w;
  std::vector<WaiterPhases::Handle> handles;
  for (std::uint64_t i = 0; i < 100000; ++i) handles.push_back(w.insert({static_cast<Time>(i), 0, i}, 0));
  CHECK(w.height() <= 64);
  // Erasing the oldest half (the GIL's order) keeps it shallow too.
  for (std::size_t i = 0; i < 50000; ++i) w.erase(handles[i]);
  CHECK(w.size() == 50000);
  CHECK(w.height() <= 64);
  // Equal phases, ordered by start and order only.
  WaiterPhases same;
  for (std::uint64_t i = 0; i < 100000; ++i) same.insert({5, static_cast<Time>(i / 10), i}, 0);
  CHECK(same.height() <= 64);
}
