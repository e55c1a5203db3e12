#pragma once
// The scenario's "mp_shared": multiprocessing's locks, semaphores and events
// and its shared memory (Value, Array, shared_memory.SharedMemory), made by
// the program before it starts any process so that every process may use
// them (docs/mp-shared.md); and the steps that name them.

#include <string>
#include <vector>

#include "model/scenario.h"
#include "scenario/json_reader.h"

namespace gilsim {

// "mp_shared": {"counter": {"kind": "value"}, "grid": {"kind": "array",
// "bytes": "8MB"}, "gate": {"kind": "lock"}}. `queues` are the scenario's
// mp_queues, whose names these may not take.
std::vector<SyncSpec> read_mp_shared(const JsonReader& in, const Json& value, const std::string& path,
                                     const std::vector<SyncSpec>& queues);

// A step {KIND: NAME, ...} at `path` that names one of the scenario's shared
// primitives (NAME is none of the process's): an acquire, release or with of
// a lock, rlock, semaphore or a Value's or Array's lock; a set, clear or wait
// of an event; a read or write of shared memory. Fills `step` and returns
// true; false when NAME is none of them (the caller reports it), or fails
// when the kind does not fit the step.
struct SharedStep {
  Step& step;
  const std::string& kind;
  const std::string& name;
  const Json& value;
  const std::string& path;
};
bool read_shared_step(const JsonReader& in, const std::vector<SyncSpec>* shared, const SharedStep& at);

// Whether NAME is an event of the scenario's "mp_shared".
bool is_shared_event(const std::vector<SyncSpec>* shared, const std::string& name);

}  // namespace gilsim
