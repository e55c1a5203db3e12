#pragma once
// threading.Lock and threading.RLock: an owner, a depth (an RLock counts
// re-entries) and the threads waiting to acquire, first come, first served.
// - An acquire succeeds if nobody owns it, or (RLock) if the caller owns it;
//   otherwise the caller waits. A Lock acquired twice by its owner waits for
//   ever, as in Python.
// - Only the owner may release (stricter than CPython's Lock, which any
//   thread may release: a cross-thread release is almost always a bug). A
//   release that brings the depth to 0 hands the lock straight to the longest
//   waiter (CPython lets a newcomer barge in; FIFO keeps runs easy to reason
//   about).

#include <cstdint>

#include "engine/ring_queue.h"
#include "model/sync/release_refusal.h"
#include "model/thread_state.h"

namespace gilsim {

class Lock {
 public:
  static constexpr ThreadIndex kNobody = UINT32_MAX;

  explicit Lock(bool reentrant) : reentrant_(reentrant) {}

  ThreadIndex owner() const { return owner_; }
  std::uint32_t depth() const { return depth_; }  // acquisitions not yet released
  bool has_waiters() const { return !waiters_.empty(); }

  // An acquire by t: true when t owns it now (depth() says how deep), false
  // when t waits (queued behind the other waiters).
  bool acquire(ThreadIndex t) {
    if (owner_ != kNobody && !(reentrant_ && owner_ == t)) {
      waiters_.push_back(t);
      return false;
    }
    owner_ = t;
    ++depth_;
    return true;
  }

  struct Release {
    ReleaseRefusal refused = ReleaseRefusal::none;
    ThreadIndex owner = kNobody;   // refused: who owns it (held_by_other)
    std::uint32_t depth = 0;       // after the release
    ThreadIndex next = kNobody;    // the waiter it was handed to (depth 1), if any
  };
  Release release(ThreadIndex t) {
    if (owner_ != t) {
      if (reentrant_) return {ReleaseRefusal::rlock_not_owned, owner_};
      return {owner_ == kNobody ? ReleaseRefusal::lock_unlocked : ReleaseRefusal::lock_held_by_other, owner_};
    }
    Release out{ReleaseRefusal::none, owner_, --depth_, kNobody};
    if (depth_ > 0) return out;
    owner_ = kNobody;
    if (!waiters_.empty()) {
      out.next = owner_ = waiters_.pop_front();
      depth_ = 1;
    }
    return out;
  }

 private:
  bool reentrant_;
  ThreadIndex owner_ = kNobody;
  std::uint32_t depth_ = 0;
  RingQueue<ThreadIndex> waiters_;  // in the order they began to wait
};

}  // namespace gilsim
