#pragma once
// What an operation on a primitive did, for the simulation to carry out:
// notes for the observers (SyncOp, in order) and the waiting threads it let
// go on (made runnable in order, after the notes).

#include <cstdint>
#include <vector>

#include "engine/time.h"
#include "model/thread_state.h"

namespace gilsim {

// What a thread did to a primitive (Observer::on_sync). `value` is the count
// after the operation: a lock's or rlock's depth, a semaphore's free permits,
// the queue's length, the event's flag (1 set, 0 clear).
enum class SyncOp : std::uint8_t {
  acquire,   // took a lock, rlock or semaphore (also when handed over to a waiter)
  release,
  set,
  clear,
  put,       // an item entered the queue (or went straight to a waiting getter)
  get,       // an item left the queue
  error,     // a release the program may not make: the thread dies with the error
};
const char* sync_op_name(SyncOp op);

struct SyncNote {
  ThreadIndex thread;
  SyncOp op;
  std::int64_t value;
};

// A waiting thread that goes on: it was handed the primitive, an item (its
// work becomes the thread's "$work"), or room for its item.
struct SyncWake {
  ThreadIndex thread;
  bool got_item = false;  // a getter handed an item of `work`
  bool collects = false;  // ... of a bounded queue: the item takes room until the getter runs again
  Time work = 0;
};

struct SyncEffects {
  std::vector<SyncNote> notes;
  std::vector<SyncWake> wakes;
  void clear() {
    notes.clear();
    wakes.clear();
  }
};

}  // namespace gilsim
