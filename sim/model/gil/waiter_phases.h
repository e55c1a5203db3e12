#pragma once
// The GIL's waiters that began waiting before its last switch, ordered by the
// phase of their timeouts (cpython3_lock.h): key (phase, since, order), all
// distinct, smallest first. What the GIL asks of them:
// - insert a waiter (at a switch), getting a handle back;
// - erase a waiter by that handle (it got the GIL or was signalled), with no
//   search by key;
// - the first waiter at or after a phase, going round the interval to the
//   smallest if none is (the cursor, set at each switch and kept by erase).
//
// A treap in one flat array: nodes are slots of a vector, linked by 32-bit
// indices, freed slots reused, so that once the array has reached the
// largest number of waiters nothing is allocated. Each node's priority is a
// fixed hash of a counter: the tree's shape is a random treap's whatever the
// keys' order (expected depth O(log n) even when waiters arrive in phase
// order), and it only affects speed, never a result, which depends on the
// keys alone. Insert and find: expected O(log n); erase: expected O(1)
// rotations; the cursor: O(1) to read, O(log n) to set, and erasing the node
// under it moves it to the in-order successor (amortized O(1)).

#include <cstdint>
#include <vector>

#include "engine/time.h"
#include "model/thread_state.h"

namespace gilsim {

class WaiterPhases {
 public:
  using Handle = std::uint32_t;
  static constexpr Handle kNone = 0;  // slot 0 is the nil sentinel

  struct Key {
    Time phase;
    Time since;
    std::uint64_t order;
  };

  WaiterPhases() : nodes_(1) {}

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  Handle insert(const Key& key, ThreadIndex thread);
  void erase(Handle h);

  const Key& key(Handle h) const { return nodes_[h].key; }
  ThreadIndex thread(Handle h) const { return nodes_[h].thread; }

  Handle first() const;                     // smallest key, kNone if empty
  Handle next(Handle h) const;              // in-order successor, kNone after the last
  Handle lower_bound(Time phase) const;     // first with key.phase >= phase, kNone if none
  // The first at or after `phase`, else the first of all; kNone if empty.
  Handle cyclic_lower_bound(Time phase) const;

  // The cursor: cyclic_lower_bound(phase) as of this call, kept so by erase
  // (which moves it on, cyclically, off an erased node). Insert leaves it
  // alone: set it again after inserting.
  void set_cursor(Time phase) { cursor_ = cyclic_lower_bound(phase); }
  Handle cursor() const { return cursor_; }

  std::size_t height() const;  // of the tree, O(n): for tests

 private:
  struct Node {
    Key key;
    ThreadIndex thread;
    std::uint32_t priority;
    Handle child[2];  // left, right
    Handle parent;
  };
  static bool less(const Key& a, const Key& b) {
    if (a.phase != b.phase) return a.phase < b.phase;
    if (a.since != b.since) return a.since < b.since;
    return a.order < b.order;
  }
  void rotate_up(Handle x);  // x takes its parent's place
  Handle allocate();

  std::vector<Node> nodes_;  // [0] is nil
  std::vector<Handle> free_;
  Handle root_ = kNone;
  Handle cursor_ = kNone;
  std::size_t size_ = 0;
  std::uint64_t inserted_ = 0;  // feeds the priorities
};

}  // namespace gilsim
