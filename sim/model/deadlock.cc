// Which threads of a run that can go no further wait for each other in a
// cycle, and which are stuck behind them.

#include "model/deadlock.h"

#include "model/sync/sync_table.h"

namespace gilsim {

namespace {

constexpr ThreadIndex kNone = UINT32_MAX;

class Analysis {
 public:
  Analysis(const ThreadStates& states, const std::vector<WaitingOn>& waits, const SyncTable& syncs)
      : states_(states), waits_(waits), syncs_(syncs), holders_(syncs.size()) {
    // Who holds each primitive, in thread order (a lock's owner, a semaphore's holders).
    for (ThreadIndex t = 0; t < states.size(); ++t)
      for (SyncIndex s : syncs.held(t)) holders_[s].push_back(t);
  }

  // The one thread t waits for, if its wait can be pinned on a thread: the
  // joined thread, a lock's owner, a semaphore's earliest holder by index.
  ThreadIndex waits_for(ThreadIndex t) const {
    ThreadState state = states_.state(t);
    if (state == ThreadState::join) return waits_[t].on;
    if (state != ThreadState::lock_wait) return kNone;
    SyncIndex s = waits_[t].on;
    if (!syncs_.is_semaphore(s)) return syncs_.lock_owner(s);
    return holders_[s].empty() ? kNone : holders_[s].front();
  }

  StuckThread describe(ThreadIndex t) const {
    StuckThread out;
    out.thread = t;
    out.state = states_.state(t);
    out.on = waits_[t].on;
    out.put = waits_[t].put;
    out.queue = waits_[t].queue;
    out.process_started = waits_[t].process_started;
    out.holds = syncs_.held(t);
    if (out.state == ThreadState::join) out.holders.push_back({out.on, states_.state(out.on)});
    if (out.state == ThreadState::lock_wait)
      for (ThreadIndex h : holders_[out.on]) out.holders.push_back({h, states_.state(h)});
    return out;
  }

 private:
  const ThreadStates& states_;
  const std::vector<WaitingOn>& waits_;
  const SyncTable& syncs_;
  std::vector<std::vector<ThreadIndex>> holders_;
};

}  // namespace

Deadlock find_deadlock(Time at, const ThreadStates& states, const std::vector<WaitingOn>& waits,
                       const SyncTable& syncs) {
  Analysis analysis(states, waits, syncs);
  Deadlock d;
  d.at = at;
  // Colour per thread: 0 unvisited, 1 on the current path, 2 done.
  std::vector<std::uint8_t> colour(states.size(), 0);
  std::vector<bool> in_cycle(states.size(), false);
  for (ThreadIndex start = 0; start < states.size(); ++start) {
    if (colour[start] != 0 || analysis.waits_for(start) == kNone) continue;
    std::vector<ThreadIndex> path;
    ThreadIndex t = start;
    while (t != kNone && colour[t] == 0) {
      colour[t] = 1;
      path.push_back(t);
      t = analysis.waits_for(t);
    }
    if (t != kNone && colour[t] == 1) {  // closed a new cycle at t
      std::vector<StuckThread> cycle;
      ThreadIndex u = t;
      do {
        in_cycle[u] = true;
        cycle.push_back(analysis.describe(u));
        u = analysis.waits_for(u);
      } while (u != t);
      d.cycles.push_back(std::move(cycle));
    }
    for (ThreadIndex p : path) colour[p] = 2;
  }
  for (ThreadIndex t = 0; t < states.size(); ++t) {
    ThreadState s = states.state(t);
    if (in_cycle[t] || s == ThreadState::finished || s == ThreadState::not_started) continue;
    d.stuck.push_back(analysis.describe(t));
  }
  return d;
}

}  // namespace gilsim
