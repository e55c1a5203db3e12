#pragma once
// What the steps on the scenario's multiprocessing queues and a Queue's
// feeder thread compile to (program.h's Compiler calls these; the
// simulation's mp_queue_steps.cc carries the ops out). CPython 3.11's
// Lib/multiprocessing/queues.py:
// - Queue.put takes a slot of the queue's semaphore when it has a maxsize,
//   starts the process's feeder thread if it has none, and appends the item
//   to the process's buffer: the caller pickles nothing.
// - The feeder thread takes the oldest item of its buffer, pickles it
//   (Python, holding its process's GIL), and writes it to the pipe under the
//   queue's write lock (without the GIL).
// - SimpleQueue.put and Connection.send pickle in the caller and write there.
// - A get reads the next message under the read lock (without the GIL) and
//   unpickles it (holding the GIL); the item's work becomes "$work".
// What each costs is CostSpec's queue_* (and pickle_mb, unpickle_mb).
// `C` is the Compiler: emit, position, set_jump, costs and start.

#include <cstdint>

#include "model/program.h"

namespace gilsim {

template <class C>
class MpQueueCompiler {
 public:
  MpQueueCompiler(C& compiler, const ProcessSpec& self, const std::vector<SyncSpec>& queues, std::int64_t overhead)
      : c_(compiler), self_(self), queues_(queues), overhead_(overhead) {}

  void step(const Step& step) {
    const SyncSpec& queue = queues_.at(step.sync);
    if (step.kind == StepKind::mp_get) {
      c_.emit({.op = Op::mpq_get, .index = step.sync});  // $work: reading the message
      c_.emit({.op = Op::native, .uses_work = true});
      c_.emit({.op = Op::mpq_unpickle, .index = step.sync});
      compute_work();
      c_.emit({.op = Op::mpq_got, .index = step.sync});  // $work: the item's
      return;
    }
    const Instruction message{.uses_work = step.uses_work,
                              .index = step.sync,
                              .count = static_cast<std::int64_t>(step.bytes),
                              .duration = step.duration};
    if (queue.kind != SyncKind::mp_queue) {  // SimpleQueue.put, Connection.send
      Instruction send = message;
      send.op = Op::mpq_send;  // $work: pickling it
      c_.emit(send);
      write(step.sync, c_.position() + 4);  // on after its mpq_written
      return;
    }
    if (queue.value > 0) c_.emit({.op = Op::mpq_reserve, .index = step.sync});
    if (c_.costs().queue_put > 0) c_.emit({.op = Op::compute, .duration = apply_overhead(c_.costs().queue_put, overhead_)});
    Instruction put = message;
    put.op = Op::mpq_put;  // the feeder started already: on at `jump`
    std::uint32_t at = c_.position();
    c_.emit(put);
    c_.start(feeder_of(step.sync), 0);
    c_.set_jump(at, c_.position());
  }

  // The loop of queue `q`'s feeder thread in this process.
  void feeder(std::uint32_t q) {
    std::uint32_t top = c_.position();
    c_.emit({.op = Op::mpq_feed, .index = q});  // $work: pickling the oldest item; none and nobody left: the end
    write(q, top);
  }

 private:
  // The thread pickles ($work), writes its message to the pipe and goes on at `next`.
  void write(std::uint32_t queue, std::uint32_t next) {
    compute_work();
    c_.emit({.op = Op::mpq_write, .index = queue});  // its turn at the pipe; $work: writing the message
    c_.emit({.op = Op::native, .uses_work = true});
    c_.emit({.op = Op::mpq_written, .index = queue, .jump = next});
  }
  void compute_work() { c_.emit({.op = Op::compute, .uses_work = true, .count = overhead_}); }
  std::uint32_t feeder_of(std::uint32_t q) const {
    for (std::uint32_t t = 0; t < self_.threads.size(); ++t)
      if (self_.threads[t].role == ThreadRole::queue_feeder && self_.threads[t].executor == q) return t;
    return 0;  // the loader gives every process that puts to a Queue its feeder
  }

  C& c_;
  const ProcessSpec& self_;
  const std::vector<SyncSpec>& queues_;
  std::int64_t overhead_;
};

}  // namespace gilsim
