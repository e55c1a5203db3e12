#pragma once
// threading.Semaphore and threading.BoundedSemaphore: free permits, the
// threads waiting for one (first come, first served), and who holds the
// permits (OpenHolds), oldest first.
// - An acquire takes a free permit, or waits.
// - Any thread may release. A BoundedSemaphore may not go above its initial
//   value (the release is refused: ValueError); a plain Semaphore
//   (`"bounded": false`) has no limit and may start at 0.
// - Permits have no owner: a release ends the releaser's own latest hold if
//   it has one, else the oldest open hold (its holder no longer counts as
//   holding it, in the deadlock report and in the hold times).
// - A release with waiters hands the permit straight to the longest waiter
//   (free for an instant, then the waiter's).

#include <cstdint>

#include "engine/ring_queue.h"
#include "model/sync/open_holds.h"
#include "model/sync/release_refusal.h"
#include "model/thread_state.h"

namespace gilsim {

class Semaphore {
 public:
  static constexpr ThreadIndex kNobody = UINT32_MAX;

  Semaphore(std::int64_t value, bool bounded) : value_(value), limit_(value), bounded_(bounded) {}

  std::int64_t free_permits() const { return value_; }
  const OpenHolds& holds() const { return holders_; }

  // An acquire by t at `now`: true when t holds a permit now, false when it waits.
  bool acquire(ThreadIndex t, Time now) {
    if (value_ <= 0) {
      waiters_.push_back(t);
      return false;
    }
    --value_;
    holders_.begin(t, now);
    return true;
  }

  struct Release {
    ReleaseRefusal refused = ReleaseRefusal::none;
    ThreadIndex ended = kNobody;  // whose hold the release ended, if any
    std::int64_t free = 0;        // permits free after it (with a waiter: for the instant before the hand-off)
    ThreadIndex next = kNobody;   // the waiter the permit was handed to, if any
  };
  Release release(ThreadIndex t, Time now) {
    if (bounded_ && waiters_.empty() && value_ >= limit_) return {ReleaseRefusal::semaphore_over_limit};
    Release out;
    if (holders_.holds(t)) {
      holders_.end_latest_of(t);
      out.ended = t;
    } else if (std::optional<OpenHolds::Hold> oldest = holders_.end_oldest()) {
      out.ended = oldest->thread;
    }
    if (waiters_.empty()) {
      out.free = ++value_;
      return out;
    }
    out.free = value_ + 1;
    out.next = waiters_.pop_front();
    holders_.begin(out.next, now);
    return out;
  }

 private:
  std::int64_t value_;   // free permits
  std::int64_t limit_;   // the initial value: a BoundedSemaphore's largest
  bool bounded_;
  RingQueue<ThreadIndex> waiters_;
  OpenHolds holders_;
};

}  // namespace gilsim
