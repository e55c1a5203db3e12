#pragma once
// The pending-event set: a 4-ary min-heap in one array, keyed by
// (time, priority, sequence).
//
// Ordering: event a comes before b iff (a.time, a.priority, a.sequence) is
// lexicographically smaller. The priority is a small number the owner gives
// each kind of event (lower first at equal times); the sequence is a counter
// taken at insertion, so the key is unique and the order is a strict total
// order: same input, same order, every run. Nothing is ever ordered by address
// or hash.
//
// scramble_ties(salt) replaces the sequence by a bijection of it drawn from
// the salt (gilsim explore): events of one time and priority then come in an
// order that depends on the salt, the same order for the same salt, and the
// key stays unique.
//
// Cancelling is the owner's business: payloads carry a generation number and
// stale events are skipped when popped, never searched for in the heap.
//
// Fused pop-and-push: pop() leaves a hole at the root instead of refilling it
// at once; a push() that follows fills the hole with one sift-down, which is
// what a simulation does most of the time (handle the earliest event, schedule
// the next one). Any other call refills the hole first.

#include <cassert>
#include <cstdint>
#include <utility>
#include <vector>

#include "engine/time.h"

namespace gilsim {

template <class Payload>
class EventQueue {
 public:
  struct Event {
    Time time;
    std::uint64_t key;  // priority in the top 8 bits, insertion sequence (or its permutation) below
    Payload payload;
    std::uint8_t priority() const { return static_cast<std::uint8_t>(key >> 56); }
    std::uint64_t sequence() const { return key & kSequenceMask; }  // scrambled: the permuted sequence
  };
  static constexpr std::uint64_t kSequenceMask = (std::uint64_t{1} << 56) - 1;

  bool empty() const { return heap_.size() == (hole_ ? 1u : 0u); }
  std::size_t size() const { return heap_.size() - (hole_ ? 1 : 0); }
  const Event& top() {
    fill_hole();
    return heap_.front();
  }
  std::uint64_t pushed() const { return next_sequence_; }

  void scramble_ties(std::uint64_t salt) {
    scrambled_ = true;
    salt_ = salt & kSequenceMask;
  }

  void push(Time time, Payload payload, std::uint8_t priority = 0) {
    assert(next_sequence_ < kSequenceMask);
    std::uint64_t order = scrambled_ ? permuted(next_sequence_) : next_sequence_;
    ++next_sequence_;
    Event event{time, (std::uint64_t{priority} << 56) | order, payload};
    if (hole_) {
      hole_ = false;
      sift_down(0, event);
      return;
    }
    heap_.push_back(event);
    sift_up(heap_.size() - 1);
  }

  Event pop() {
    fill_hole();
    assert(!heap_.empty());
    hole_ = true;
    return heap_.front();
  }

  void reserve(std::size_t n) { heap_.reserve(n); }

 private:
  void fill_hole() {
    if (!hole_) return;
    hole_ = false;
    Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0, last);
  }

  // A bijection of [0, 2^56): a xor, multiplications by odd numbers modulo
  // 2^56 and xor-shifts, each invertible.
  std::uint64_t permuted(std::uint64_t x) const {
    x ^= salt_;
    x = (x * 0x9e3779b97f4a7c15ULL) & kSequenceMask;
    x ^= x >> 29;
    x = (x * 0xbf58476d1ce4e5b9ULL) & kSequenceMask;
    x ^= x >> 32;
    return x;
  }

  static bool before(const Event& a, const Event& b) {
    return a.time < b.time || (a.time == b.time && a.key < b.key);
  }

  void sift_up(std::size_t i) {
    Event moving = heap_[i];
    while (i > 0) {
      std::size_t parent = (i - 1) / 4;
      if (!before(moving, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = moving;
  }

  // Places `moving` into the hole at i, moving smaller children up.
  void sift_down(std::size_t i, const Event& moving) {
    const std::size_t n = heap_.size();
    for (;;) {
      std::size_t first = 4 * i + 1;
      if (first >= n) break;
      std::size_t best = first;
      std::size_t last = first + 4 < n ? first + 4 : n;
      for (std::size_t c = first + 1; c < last; ++c)
        if (before(heap_[c], heap_[best])) best = c;
      if (!before(heap_[best], moving)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = moving;
  }

  std::vector<Event> heap_;
  std::uint64_t next_sequence_ = 0;
  bool scrambled_ = false;
  std::uint64_t salt_ = 0;
  bool hole_ = false;  // heap_[0] was popped and not yet refilled
};

}  // namespace gilsim
