#pragma once
// A deadlock as data: when every unfinished thread is blocked for ever, the
// wait-for cycles (a join, or a lock, rlock or semaphore held by the next
// thread of the cycle) and the threads stuck without one. Reports make the
// sentences (report/outcome_text.h) and the JSON report gives it as is.

#include <cstdint>
#include <vector>

#include "engine/time.h"
#include "model/thread_state.h"

namespace gilsim {

class SyncTable;

// A thread named in a wait, with the state it was in (finished, never started...).
struct ThreadRef {
  ThreadIndex thread = 0;
  ThreadState state = ThreadState::not_started;
  bool operator==(const ThreadRef&) const = default;
};

// What a queue_wait waits to do (WaitingOn, StuckThread): get from an empty
// queue, put to a full one; on a multiprocessing queue also write to its full
// pipe, or (a feeder thread) take the next item its process puts.
enum class QueueWait : std::uint8_t { get, put, write, feed };

// One unfinished thread and what it waits for.
struct StuckThread {
  ThreadIndex thread = 0;
  ThreadState state = ThreadState::not_started;  // the state it waits in
  // The joined or started thread, the awaited process, the primitive or the
  // device (join, start, process_wait, lock/event/queue waits, device_wait).
  std::uint32_t on = 0;
  bool put = false;              // queue_wait: a put to a full queue (else a get from an empty one)
  QueueWait queue = QueueWait::get;  // queue_wait: what it waits to do (put is queue == put)
  bool process_started = true;   // process_wait: the awaited process ever began
  std::vector<SyncIndex> holds;  // what it holds, in the order it took them
  // join: the joined thread; lock_wait: who holds the primitive, by thread index.
  std::vector<ThreadRef> holders;
  bool operator==(const StuckThread&) const = default;
};

struct Deadlock {
  Time at = 0;
  // Each cycle starts at its lowest-numbered thread's first thread found and
  // follows the waits: cycle[i] waits for cycle[i + 1], the last for the first.
  std::vector<std::vector<StuckThread>> cycles;
  std::vector<StuckThread> stuck;  // the other unfinished threads, by index
  bool operator==(const Deadlock&) const = default;
};

// What a blocked thread waits in and for, as the simulation knows it.
struct WaitingOn {
  std::uint32_t on = 0;
  bool put = false;
  QueueWait queue = QueueWait::get;
  bool process_started = true;
};

// The cycles and the stuck threads among `states` (every thread), given what
// each blocked one waits on (`waits[t]`, read for blocked threads only) and
// who holds what (`syncs`).
Deadlock find_deadlock(Time at, const ThreadStates& states, const std::vector<WaitingOn>& waits,
                       const SyncTable& syncs);

}  // namespace gilsim
