#pragma once
// A deadlock as JSON data (the json and summary reports' "deadlock_cycles"
// and "deadlock_stuck"): each thread, what it holds and what it waits for.

#include <nlohmann/json.hpp>

#include "model/deadlock.h"
#include "model/roster.h"

namespace gilsim {

// {"cycles": [[wait, ...], ...], "stuck": [wait, ...]}; a wait is
// {"thread": "app/t1", "state": "lock_wait", "holds": ["L1"], "waits_for": {...}},
// waits_for one of {"thread", "thread_state"}, {"lock", "held_by": [{"thread", "state"}]},
// {"event"}, {"queue", "operation": "put"|"get", "maxsize"}, {"device"},
// {"process", "started"}, or {} for a state that names nothing.
nlohmann::ordered_json deadlock_json(const Roster& roster, const Deadlock& deadlock);

}  // namespace gilsim
