#pragma once
// queue.Queue: items (each with its work, which a getter's later steps may
// use as "$work"), maxsize (0 = unbounded), and the threads waiting to get
// from an empty queue or to put to a full one, first come, first served.
// - A put to a queue with a waiting getter hands the item to the longest
//   waiting getter; otherwise the item goes to the tail, or, if the queue is
//   full, the putter waits with its item.
// - A get takes the oldest item, or waits; taking one lets the longest
//   waiting putter in.
// - An item handed to a getter still counts against maxsize until the getter
//   runs again (returns from get), as in queue.Queue, where it stays in the
//   queue until then: a bounded queue never holds more than maxsize.

#include <cstdint>
#include <optional>

#include "engine/ring_queue.h"
#include "model/sync/effects.h"

namespace gilsim {

class Queue {
 public:
  explicit Queue(std::int64_t maxsize) : maxsize_(maxsize) {}

  std::int64_t maxsize() const { return maxsize_; }
  std::size_t length() const { return items_.size(); }
  bool full() const { return maxsize_ > 0 && static_cast<std::int64_t>(items_.size()) + handed_ >= maxsize_; }

  // A put by t of an item of `work`: false when t waits with it (the queue is full).
  bool put(ThreadIndex t, Time work, SyncEffects& out) {
    if (full()) {
      putters_.push_back({t, work});
      return false;
    }
    deliver(t, work, out);
    return true;
  }
  // A get by t: the item's work, or nothing when t waits (the queue is empty).
  std::optional<Time> get(ThreadIndex t, SyncEffects& out) {
    if (items_.empty()) {
      getters_.push_back(t);
      return std::nullopt;
    }
    return take(t, out);
  }
  // get_nowait by t: nothing when the queue is empty (queue.Empty; nobody waits).
  std::optional<Time> get_nowait(ThreadIndex t, SyncEffects& out) {
    if (items_.empty()) return std::nullopt;
    return take(t, out);
  }
  // A getter handed an item of a bounded queue runs again: the item no longer takes room.
  void collected(SyncEffects& out) {
    --handed_;
    admit_putter(out);
  }

 private:
  struct Putter {
    ThreadIndex thread;
    Time work;
  };

  Time take(ThreadIndex t, SyncEffects& out) {
    Time work = items_.pop_front();
    out.notes.push_back({t, SyncOp::get, static_cast<std::int64_t>(items_.size())});
    admit_putter(out);
    return work;
  }
  // t's item enters a queue with room: straight to the longest waiting getter
  // (the queue is then empty), else to the tail.
  void deliver(ThreadIndex t, Time work, SyncEffects& out) {
    if (getters_.empty()) {
      items_.push_back(work);
      out.notes.push_back({t, SyncOp::put, static_cast<std::int64_t>(items_.size())});
      return;
    }
    ThreadIndex g = getters_.pop_front();
    out.notes.push_back({t, SyncOp::put, 0});
    out.notes.push_back({g, SyncOp::get, 0});
    bool bounded = maxsize_ > 0;
    if (bounded) ++handed_;
    out.wakes.push_back({g, true, bounded, work});
  }
  // The queue has room again: the longest waiting putter puts its item and goes on.
  void admit_putter(SyncEffects& out) {
    if (putters_.empty() || full()) return;
    Putter p = putters_.pop_front();
    deliver(p.thread, p.work, out);
    out.wakes.push_back({p.thread});
  }

  std::int64_t maxsize_;
  RingQueue<Time> items_;  // each item's work
  RingQueue<ThreadIndex> getters_;
  RingQueue<Putter> putters_;
  std::int64_t handed_ = 0;  // items handed to getters that have not run since
};

}  // namespace gilsim
