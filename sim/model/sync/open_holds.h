#pragma once
// The open holds of one primitive or device: who holds it since when, oldest
// first, with each thread's own holds chained. Ending a thread's latest hold,
// or the oldest hold of all, costs O(1) (plus one hash lookup), however many
// holds are open: a device with 40 000 channels or a semaphore released by a
// thread that never acquired it must not cost a scan per release.
//
// The rule both the model (sync.cc) and the Recorder apply to a release: the
// releaser's own latest hold ends; if it holds none (a semaphore has no owner
// in Python, so any thread may release it), the oldest open hold ends.

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "engine/time.h"
#include "model/thread_state.h"

namespace gilsim {

class OpenHolds {
 public:
  struct Hold {
    ThreadIndex thread;
    Time since;
  };

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  bool holds(ThreadIndex thread) const { return chains_.count(thread) != 0; }
  // The oldest open hold; the holds must not be empty.
  const Hold& oldest() const { return nodes_[first_].hold; }

  void begin(ThreadIndex thread, Time since) {
    std::uint32_t n = allocate();
    nodes_[n] = {{thread, since}, last_, kNil, kNil, kNil};
    if (last_ == kNil) first_ = n; else nodes_[last_].next = n;
    last_ = n;
    auto [it, fresh] = chains_.try_emplace(thread, Chain{n, n});
    if (!fresh) {
      nodes_[n].thread_prev = it->second.last;
      nodes_[it->second.last].thread_next = n;
      it->second.last = n;
    }
    ++size_;
  }

  // Ends the thread's latest open hold, if it has one.
  std::optional<Hold> end_latest_of(ThreadIndex thread) {
    auto it = chains_.find(thread);
    if (it == chains_.end()) return std::nullopt;
    std::uint32_t n = it->second.last;
    if (n == it->second.first) {
      chains_.erase(it);
    } else {
      it->second.last = nodes_[n].thread_prev;
      nodes_[it->second.last].thread_next = kNil;
    }
    return remove(n);
  }

  // Ends the oldest open hold of all, if any. It is also its thread's oldest.
  std::optional<Hold> end_oldest() {
    if (first_ == kNil) return std::nullopt;
    std::uint32_t n = first_;
    auto it = chains_.find(nodes_[n].hold.thread);
    if (n == it->second.last) {
      chains_.erase(it);
    } else {
      it->second.first = nodes_[n].thread_next;
      nodes_[it->second.first].thread_prev = kNil;
    }
    return remove(n);
  }

  // Ends the latest open hold of all, if any (closing what is left at the end of a run).
  std::optional<Hold> end_latest() {
    if (last_ == kNil) return std::nullopt;
    return end_latest_of(nodes_[last_].hold.thread);
  }

 private:
  static constexpr std::uint32_t kNil = UINT32_MAX;
  struct Node {
    Hold hold;
    std::uint32_t prev, next;  // all open holds, oldest first; `next` links the free list
    std::uint32_t thread_prev, thread_next;  // the same thread's open holds, oldest first
  };
  struct Chain {
    std::uint32_t first, last;  // the thread's oldest and latest open holds
  };

  std::uint32_t allocate() {
    if (free_ != kNil) {
      std::uint32_t n = free_;
      free_ = nodes_[n].next;
      return n;
    }
    nodes_.push_back({});
    return static_cast<std::uint32_t>(nodes_.size() - 1);
  }

  Hold remove(std::uint32_t n) {
    Node& node = nodes_[n];
    if (node.prev == kNil) first_ = node.next; else nodes_[node.prev].next = node.next;
    if (node.next == kNil) last_ = node.prev; else nodes_[node.next].prev = node.prev;
    node.next = free_;
    free_ = n;
    --size_;
    return node.hold;
  }

  std::vector<Node> nodes_;  // open holds and free slots: as many as were ever open at once
  std::unordered_map<ThreadIndex, Chain> chains_;  // looked up only, never iterated: order stays deterministic
  std::uint32_t first_ = kNil, last_ = kNil, free_ = kNil;
  std::size_t size_ = 0;
};

}  // namespace gilsim
