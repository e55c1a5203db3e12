#pragma once
// The scenario's "mp_queues": multiprocessing.Queue, SimpleQueue and
// Pipe(duplex=False) objects that the program makes before it starts any
// process, so that every process may put to them and get from them
// (docs/mp-queues.md); and the feeder threads a Queue needs in each process
// that puts to it.

#include <vector>

#include "model/scenario.h"
#include "scenario/json_reader.h"

namespace gilsim {

// "mp_queues": ["jobs"] (Queues, unbounded) or {"jobs": {"kind": "queue",
// "maxsize": 10, "capacity": "64KiB"}, "done": {"kind": "simple_queue"}}.
std::vector<SyncSpec> read_mp_queues(const JsonReader& in, const Json& value, const std::string& path);

// Fails when a process declares a primitive named like one of the scenario's
// queues (a put or get step names them alike).
void check_mp_queue_names(const JsonReader& in, const Scenario& scenario);

// Adds to each process spec one feeder thread (ThreadRole::queue_feeder) per
// multiprocessing.Queue that its threads put to, after its other threads.
void add_queue_feeders(const JsonReader& in, Scenario& scenario);

// A put or get step {KIND: NAME, ...} at `path` naming one of the scenario's
// queues (`mp_queues`; NAME is no primitive of the process, `syncs`): fills
// `step` and returns true; false when NAME is none of them either way, or
// fails with both kinds' names when a put or get names neither.
struct MpStep {
  Step& step;
  const std::string& kind;
  const std::string& name;
  const Json& value;
  const std::string& path;
};
bool read_mp_step(const JsonReader& in, const std::vector<SyncSpec>& syncs, const std::vector<SyncSpec>* mp_queues,
                  const MpStep& at);

// The name of a process's feeder thread of queue `queue`: "jobs-feeder".
std::string feeder_name(const std::string& queue);

}  // namespace gilsim
