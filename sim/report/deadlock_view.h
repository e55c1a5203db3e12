#pragma once
// A deadlock as the timelines draw it: which threads and primitives are in a
// wait-for cycle (their lanes are marked), the cycle as a path to write out,
// and how long a stretch after the deadlock shows what every lane is stuck in
// for ever.

#include <cstdint>
#include <string>
#include <vector>

#include "model/deadlock.h"
#include "model/roster.h"

namespace gilsim {

struct DeadlockView {
  // Per thread and per primitive (SyncIndex): in a wait-for cycle.
  std::vector<bool> thread_in_cycle;
  std::vector<bool> sync_in_cycle;
  // Per thread: blocked for ever (in a cycle or stuck behind one).
  std::vector<bool> stuck;

  bool thread_marked(ThreadIndex t) const { return t < thread_in_cycle.size() && thread_in_cycle[t]; }
  bool sync_marked(SyncIndex s) const { return s < sync_in_cycle.size() && sync_in_cycle[s]; }
  bool thread_stuck(ThreadIndex t) const { return t < stuck.size() && stuck[t]; }
};

// Empty vectors (nothing marked) when `deadlocks` is empty.
DeadlockView deadlock_view(const Roster& roster, const std::vector<Deadlock>& deadlocks);

// Each cycle as the path it closes, threads and what they wait for in turn,
// back to the first thread: {"table/p1", "F2", "table/p2", "F1", "table/p1"}.
// A join's step is the joined thread itself: {"app/a", "app/b", "app/a"}.
std::vector<std::vector<std::string>> cycle_paths(const Roster& roster, const Deadlock& deadlock);

// How long the timelines draw the stretch after a deadlock at `at` (the
// makespan): an eighth of the run, at least 1 ns.
Time stuck_stretch(Time at);

}  // namespace gilsim
