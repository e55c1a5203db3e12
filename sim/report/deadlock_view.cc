#include "report/deadlock_view.h"

#include <algorithm>

namespace gilsim {

DeadlockView deadlock_view(const Roster& roster, const std::vector<Deadlock>& deadlocks) {
  DeadlockView view;
  if (deadlocks.empty()) return view;
  view.thread_in_cycle.assign(roster.threads().size(), false);
  view.sync_in_cycle.assign(roster.syncs().size(), false);
  view.stuck.assign(roster.threads().size(), false);
  for (const Deadlock& d : deadlocks) {
    for (const std::vector<StuckThread>& cycle : d.cycles) {
      for (const StuckThread& w : cycle) {
        view.thread_in_cycle[w.thread] = true;
        view.stuck[w.thread] = true;
        if (w.state == ThreadState::lock_wait && w.on < view.sync_in_cycle.size()) view.sync_in_cycle[w.on] = true;
      }
    }
    for (const StuckThread& w : d.stuck) view.stuck[w.thread] = true;
  }
  return view;
}

std::vector<std::vector<std::string>> cycle_paths(const Roster& roster, const Deadlock& deadlock) {
  std::vector<std::vector<std::string>> paths;
  for (const std::vector<StuckThread>& cycle : deadlock.cycles) {
    std::vector<std::string> path;
    for (const StuckThread& w : cycle) {
      path.push_back(roster.full_name(w.thread));
      if (w.state == ThreadState::lock_wait) path.push_back(roster.sync_name(w.on));
    }
    if (!cycle.empty()) path.push_back(roster.full_name(cycle.front().thread));
    paths.push_back(std::move(path));
  }
  return paths;
}

Time stuck_stretch(Time at) { return std::max<Time>(at / 8, 1); }

}  // namespace gilsim
