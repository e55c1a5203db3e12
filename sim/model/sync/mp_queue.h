#pragma once
// A multiprocessing queue or pipe shared by processes (Lib/multiprocessing/
// queues.py and connection.py, CPython 3.11): the OS pipe between the
// processes, and a Queue's bounded semaphore.
// - The pipe holds `capacity` bytes of messages written and not yet read.
//   Writers take turns (a Queue's and a SimpleQueue's write lock, shared by
//   every process): the first in line writes once its message fits beside
//   what the pipe holds, or, for a message larger than the pipe, once the
//   pipe is empty and a reader is reading (the write then goes on as the
//   reader drains it; until then the writer waits, as write() blocks).
// - Readers take turns likewise (the read lock): a read takes the oldest
//   message, or waits, first come first served, for the next one written.
//   With `locked_reads` (a Queue's and a SimpleQueue's read lock; a pipe has
//   none) a reader keeps its turn until it has read its message
//   (read_done()): the next reader waits for it even when messages are there.
// - A Queue with a maxsize: a put first takes a slot of its semaphore
//   (waiting while none is free); a get frees one as it reads.
// What a call let go on is in wakes(), in order; the simulation carries it
// out. The model owns no thread and no clock.

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/ring_queue.h"
#include "engine/time.h"
#include "model/thread_state.h"

namespace gilsim {

// An item on its way: its pickled size and the work its getter's "$work" takes.
struct PipeMessage {
  std::uint64_t bytes = 0;
  Time work = 0;
  // Larger than the room in the pipe: written as its reader reads it (the
  // simulation prices the two as one transfer).
  bool streamed = false;
};

class MpQueue {
 public:
  // maxsize 0: unbounded (a SimpleQueue's and a pipe's are).
  MpQueue(std::uint64_t capacity, std::int64_t maxsize, bool locked_reads = false)
      : capacity_(capacity), slots_(maxsize), bounded_(maxsize > 0), locked_reads_(locked_reads) {}

  struct Wake {
    ThreadIndex thread = 0;
    enum class For : std::uint8_t { slot, write, read } what = For::slot;
    PipeMessage message;  // read: the message it was handed
  };

  // Queue.put's semaphore: true when t took a slot; false: t waits for one.
  bool reserve(ThreadIndex t) {
    if (!bounded_ || slots_ > 0) {
      if (bounded_) --slots_;
      return true;
    }
    putters_.push_back(t);
    return false;
  }

  // t asks to write a message of `bytes`: true when it writes now (and calls
  // written() when done); false: it waits for its turn.
  bool write(ThreadIndex t, std::uint64_t bytes) {
    writers_.push_back({t, bytes});
    if (writing_ || writers_.size() > 1 || !fits(bytes)) return false;
    writers_.pop_front();
    writing_ = true;
    return true;
  }
  // The write ended: the message goes to the longest waiting reader or into the pipe.
  void written(const PipeMessage& message) {
    writing_ = false;
    if (!readers_.empty() && !reading_) {
      wakes_.push_back({readers_.pop_front(), Wake::For::read, message});
      reading_ = locked_reads_;
      free_slot();
    } else {
      messages_.push_back(message);
      held_ += message.bytes;
    }
    admit_writer();
  }
  // t reads: the oldest message, or nothing (t waits and is handed the next).
  std::optional<PipeMessage> read(ThreadIndex t) {
    if (!messages_.empty() && !reading_) {
      PipeMessage m = messages_.pop_front();
      held_ -= m.bytes;
      reading_ = locked_reads_;
      free_slot();
      admit_writer();
      return m;
    }
    readers_.push_back(t);
    admit_writer();  // a message larger than the pipe goes once someone reads
    return std::nullopt;
  }

  // With locked_reads: the reader that took (or was handed) a message has
  // read it and lets the next reader in, with the next message if there is one.
  void read_done() {
    if (!locked_reads_) return;
    reading_ = false;
    if (!readers_.empty() && !messages_.empty()) {
      PipeMessage m = messages_.pop_front();
      held_ -= m.bytes;
      reading_ = true;
      wakes_.push_back({readers_.pop_front(), Wake::For::read, m});
      free_slot();
    }
    admit_writer();  // a message larger than the pipe may go to a reader now reading
  }

  std::vector<Wake>& wakes() { return wakes_; }
  std::size_t messages() const { return messages_.size(); }  // written and not read
  std::uint64_t bytes() const { return held_; }
  bool writing() const { return writing_; }
  // Whether a message of `bytes` written now would go only as a reader reads it.
  bool streams(std::uint64_t bytes) const { return held_ + bytes > capacity_; }

 private:
  struct Writer {
    ThreadIndex thread;
    std::uint64_t bytes;
  };
  bool fits(std::uint64_t bytes) const {
    return held_ + bytes <= capacity_ || (messages_.empty() && !readers_.empty() && !reading_);
  }
  void admit_writer() {
    if (writing_ || writers_.empty() || !fits(writers_.front().bytes)) return;
    writing_ = true;
    wakes_.push_back({writers_.pop_front().thread, Wake::For::write, {}});
  }
  void free_slot() {
    if (!bounded_) return;
    if (!putters_.empty())
      wakes_.push_back({putters_.pop_front(), Wake::For::slot, {}});  // the slot passes to it
    else
      ++slots_;
  }

  std::uint64_t capacity_;
  std::int64_t slots_;
  bool bounded_;
  bool locked_reads_;
  bool reading_ = false;  // locked_reads: a reader has its message and reads it
  RingQueue<PipeMessage> messages_;
  std::uint64_t held_ = 0;  // bytes in the pipe
  bool writing_ = false;
  RingQueue<Writer> writers_;
  RingQueue<ThreadIndex> readers_;
  RingQueue<ThreadIndex> putters_;
  std::vector<Wake> wakes_;
};

}  // namespace gilsim
