// multiprocessing queues in the simulation: what the queues decide
// (model/sync/mp_queue.h) carried out on threads, with what pickling and the
// pipe cost (CostSpec's queue_*; mp_queue_program.h has the steps;
// docs/mp-queues.md).
#include <algorithm>
#include <cassert>

#include "model/simulation.h"

namespace gilsim {

void Simulation::build_mp_queues() {
  const Scenario& scenario = roster_.scenario();
  if (!has_mp_queues(scenario)) return;
  // A Queue and a SimpleQueue read under their read lock; a pipe's Connection.recv takes none.
  // The queues come first among the shared primitives: a queue's index is its own.
  for (const SyncSpec& queue : scenario.shared_syncs)
    if (is_mp_queue(queue.kind)) mp_queues_.emplace_back(queue.capacity, queue.value, queue.kind != SyncKind::mp_pipe);
  mp_hands_.resize(threads_.size());
  mp_kept_work_.resize(threads_.size(), 0);
  feeders_live_.resize(roster_.processes().size(), 0);
}

namespace {

// What handling a message of `bytes` costs the sender (pickling it, then
// writing it) and the receiver (reading it, then unpickling it).
enum class Handling : std::uint8_t { send, write, read, recv };

Time handling_time(const CostSpec& c, std::uint64_t bytes, Handling h) {
  switch (h) {
    case Handling::send: return priced_by_size(bytes, c.queue_send, c.pickle_mb);
    case Handling::write: return priced_by_size(bytes, c.queue_write, c.queue_write_mb);
    case Handling::read: return priced_by_size(bytes, 0, c.queue_read_mb);
    case Handling::recv: return priced_by_size(bytes, c.queue_recv, c.unpickle_mb);
  }
  return 0;
}

}  // namespace

Simulation::MpBuffer& Simulation::mp_buffer(ProcessIndex p, std::uint32_t q) {
  return mp_buffers_[(static_cast<std::uint64_t>(p) << 32) | q];
}

// How long `message`'s write() blocks its writer, which begins it now: a
// message that fits the room in the pipe, the write itself; a larger one goes
// as the reader (who waits for it) reads, and the write returns when the
// slower of the two is done; the reader then has nothing left to read.
Time Simulation::write_time(const MpQueue& queue, PipeMessage& message) const {
  const CostSpec& costs = roster_.scenario().costs;
  Time write = handling_time(costs, message.bytes, Handling::write);
  message.streamed = queue.streams(message.bytes);
  return message.streamed ? std::max(write, handling_time(costs, message.bytes, Handling::read)) : write;
}

// What the queue's last operation let go on: a putter with its slot, a
// writer with its turn at the pipe, a reader with its message.
void Simulation::carry_out_mp(std::uint32_t q) {
  MpQueue& queue = mp_queues_[q];
  const CostSpec& costs = roster_.scenario().costs;
  for (const MpQueue::Wake& w : queue.wakes()) {
    if (w.what == MpQueue::Wake::For::write) work_[w.thread] = write_time(queue, mp_hands_[w.thread]);
    if (w.what == MpQueue::Wake::For::read) {
      mp_hands_[w.thread] = w.message;
      work_[w.thread] = w.message.streamed ? 0 : handling_time(costs, w.message.bytes, Handling::read);
      observer_.on_sync(engine_.now(), w.thread, roster_.shared_sync(q), SyncOp::get,
                        static_cast<std::int64_t>(queue.messages()));
    }
    wake_later(w.thread, wakeup_);
  }
  queue.wakes().clear();
}

bool Simulation::run_mp_step(ThreadIndex t, const Instruction& in) {
  ThreadRun& th = threads_[t];
  MpQueue& queue = mp_queues_[in.index];
  const SyncIndex shown = roster_.shared_sync(in.index);  // what a wait on it shows
  PipeMessage& hand = mp_hands_[t];
  const CostSpec& costs = roster_.scenario().costs;
  switch (in.op) {
    case Op::mpq_reserve:
      ++th.pc;
      if (queue.reserve(t)) return true;
      block(t, ThreadState::queue_wait, shown);
      return false;  // woken holding a slot
    case Op::mpq_put: {
      MpBuffer& buffer = mp_buffer(th.process, in.index);
      buffer.items.push_back({static_cast<std::uint64_t>(in.count), duration_of(t, in)});
      if (buffer.feeder_waits) {
        buffer.feeder_waits = false;
        wake_later(buffer.feeder, wakeup_);
      }
      th.pc = buffer.started ? in.jump : th.pc + 1;  // the first put starts the feeder thread
      buffer.started = true;
      return true;
    }
    case Op::mpq_feed: {
      MpBuffer& buffer = mp_buffer(th.process, in.index);
      buffer.feeder = t;
      if (!buffer.items.empty()) {
        hand = buffer.items.pop_front();
        work_[t] = handling_time(costs, hand.bytes, Handling::send);
        ++th.pc;
        return true;
      }
      // Nothing to send: at the process's exit (only feeders left) the
      // queue's finalizer has sent the sentinel, and the feeder ends.
      if (unfinished_in_[th.process] == feeders_live_[th.process]) {
        th.pc = static_cast<std::uint32_t>(script_of(th).code.size());
        return true;
      }
      buffer.feeder_waits = true;
      block(t, ThreadState::queue_wait, shown);
      return false;  // it takes again when woken: the pc stays
    }
    case Op::mpq_send:
      mp_kept_work_[t] = work_[t];  // pickling and writing use $work; the thread's own comes back after
      hand = {static_cast<std::uint64_t>(in.count), duration_of(t, in)};
      work_[t] = handling_time(costs, hand.bytes, Handling::send);
      ++th.pc;
      return true;
    case Op::mpq_write:
      ++th.pc;
      if (queue.write(t, hand.bytes)) {
        work_[t] = write_time(queue, hand);
        return true;
      }
      block(t, ThreadState::queue_wait, shown);
      return false;  // woken with its turn (carry_out_mp prices the write)
    case Op::mpq_written:  // (not reached: the write's compute_done calls mp_write_ended; kept whole)
      mp_write_ended(t);
      return true;
    case Op::mpq_get: {
      ++th.pc;
      std::optional<PipeMessage> message = queue.read(t);
      if (!message) {
        block(t, ThreadState::queue_wait, shown);
        carry_out_mp(in.index);  // a message larger than the pipe goes once someone reads
        return false;            // woken with a message
      }
      hand = *message;
      work_[t] = hand.streamed ? 0 : handling_time(costs, hand.bytes, Handling::read);
      observer_.on_sync(engine_.now(), t, shown, SyncOp::get, static_cast<std::int64_t>(queue.messages()));
      carry_out_mp(in.index);
      return true;
    }
    case Op::mpq_unpickle:  // it has read the message: the read lock goes to the next reader
      queue.read_done();
      carry_out_mp(in.index);
      work_[t] = handling_time(costs, hand.bytes, Handling::recv);
      ++th.pc;
      return true;
    case Op::mpq_got:
      work_[t] = hand.work;
      ++th.pc;
      return true;
    default:
      assert(false && "not a multiprocessing queue op");
      return true;
  }
}

// t's write() to the pipe returned: the message is there (or with the reader
// it was written for) at once, before t has its GIL back to go on.
void Simulation::mp_write_ended(ThreadIndex t) {
  ThreadRun& th = threads_[t];
  const Instruction& in = script_of(th).code[th.pc];
  mp_queues_[in.index].written(mp_hands_[t]);
  observer_.on_sync(engine_.now(), t, roster_.shared_sync(in.index), SyncOp::put,
                    static_cast<std::int64_t>(mp_queues_[in.index].messages()));
  carry_out_mp(in.index);
  th.pc = in.jump;
  if (!is_feeder(t)) work_[t] = mp_kept_work_[t];  // a SimpleQueue's or a pipe's sender: its $work as before
}

// Once a process has only feeder threads left, its exit has begun: each
// feeder sends what its buffer holds and ends (Queue._finalize_close and
// _finalize_join, which the exit runs).
void Simulation::mp_thread_finished(ThreadIndex t) {
  ProcessIndex p = threads_[t].process;
  if (is_feeder(t)) {
    --feeders_live_[p];
    return;
  }
  if (feeders_live_[p] == 0 || unfinished_in_[p] != feeders_live_[p]) return;
  for (std::uint32_t q = 0; q < mp_queues_.size(); ++q) {
    auto it = mp_buffers_.find((static_cast<std::uint64_t>(p) << 32) | q);
    if (it == mp_buffers_.end() || !it->second.feeder_waits) continue;
    it->second.feeder_waits = false;
    wake_later(it->second.feeder, 0);
  }
}

}  // namespace gilsim
