#pragma once
// A device (a disk, a network link): it serves `channels` I/O requests at a
// time; other requests queue FIFO for a free channel.

#include <cstdint>
#include <optional>

#include "engine/ring_queue.h"
#include "model/thread_state.h"

namespace gilsim {

class Device {
 public:
  explicit Device(std::uint32_t channels) : channels_(channels) {}

  std::uint32_t busy() const { return busy_; }
  // t asks for I/O: true when a channel serves it now, false when it queues.
  bool request(ThreadIndex t) {
    if (busy_ < channels_) {
      ++busy_;
      return true;
    }
    waiting_.push_back(t);
    return false;
  }
  // A request is served: the channel goes to the longest waiting request, if any.
  std::optional<ThreadIndex> done() {
    if (waiting_.empty()) {
      --busy_;
      return std::nullopt;
    }
    return waiting_.pop_front();
  }

 private:
  std::uint32_t channels_;
  std::uint32_t busy_ = 0;
  RingQueue<ThreadIndex> waiting_;
};

}  // namespace gilsim
