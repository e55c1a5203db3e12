// The deadlock report: when every unfinished thread is blocked for ever, name
// the wait-for cycles, then the threads stuck without one.

#include "model/simulation.h"

namespace gilsim {

namespace {

// "L1", "L1 and L2", "L1, L2 and L3".
template <class Name>
std::string and_list(std::size_t n, Name name) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += (i == 0 ? "" : i + 1 == n ? " and " : ", ") + name(i);
  return out;
}

}  // namespace

// The one thread t waits for, if its wait can be pinned on a thread: the
// joined thread, a lock's owner, a semaphore's earliest holder by index.
ThreadIndex Simulation::waits_for(ThreadIndex t, const std::vector<std::vector<ThreadIndex>>& holders) const {
  const ThreadRun& th = threads_[t];
  if (state_of(t) != ThreadState::join && state_of(t) != ThreadState::lock_wait) return kNone;
  const Instruction& in = script_of(th).code[th.pc - 1];
  if (state_of(t) == ThreadState::join) return roster_.thread_index(th.process, in.thread_spec, in.copy);
  SyncIndex s = sync_of(th, in);
  if (syncs_[s].kind != SyncKind::semaphore) return syncs_[s].owner;
  return holders[s].empty() ? kNone : holders[s].front();
}

// "app/t1 holds L1 and waits for L2 (held by app/t2)". The holder is left out
// where the cycle it closes makes it plain.
std::string Simulation::describe_wait(ThreadIndex t, bool name_holder,
                                      const std::vector<std::vector<ThreadIndex>>& holders) const {
  const ThreadRun& th = threads_[t];
  std::string text = roster_.full_name(t);
  if (!held_.empty() && !held_[t].empty())
    text += " holds " + and_list(held_[t].size(), [&](std::size_t i) { return roster_.sync_name(held_[t][i]); }) + " and";
  auto finished = [&](ThreadIndex u) {
    return state_of(u) == ThreadState::finished ? ", which finished"
           : state_of(u) == ThreadState::not_started ? ", which never started"
                                                           : "";
  };
  if (state_of(t) == ThreadState::process_wait) {
    const Instruction& in = script_of(th).code[th.pc - 1];
    ProcessIndex p = roster_.process_index(in.thread_spec, in.copy);
    bool started = alive_[p] > 0 || unfinished_in_[p] < roster_.processes()[p].thread_count;
    return text + " waits for process " + roster_.process_name(p) + (started ? "" : ", which never started");
  }
  if (state_of(t) != ThreadState::join && state_of(t) < ThreadState::lock_wait)
    return text + (held_.empty() || held_[t].empty() ? " is" : "") + " blocked (" + state_name(state_of(t)) + ")";
  const Instruction& in = script_of(th).code[th.pc - 1];
  if (state_of(t) == ThreadState::join) {
    ThreadIndex target = roster_.thread_index(th.process, in.thread_spec, in.copy);
    return text + " waits to join " + roster_.full_name(target) + finished(target);
  }
  SyncIndex s = sync_of(th, in);
  const std::string& name = roster_.sync_name(s);
  const SyncState& p = syncs_[s];
  switch (state_of(t)) {
    case ThreadState::lock_wait: {
      text += " waits for " + name;
      if (!name_holder) return text;
      const std::vector<ThreadIndex>& by = holders[s];
      return text + " (held by " +
             and_list(by.size(), [&](std::size_t i) { return roster_.full_name(by[i]) + finished(by[i]); }) + ")";
    }
    // Only what is certain: the thread that would set, put or get may have a
    // step for it and be blocked itself (say, behind a lock the waiter holds).
    case ThreadState::event_wait:
      return text + " waits for event " + name + ", which was not set before every thread blocked";
    case ThreadState::queue_wait:
      if (in.op == Op::put)
        return text + " waits to put to queue " + name + ", which was full (maxsize " + std::to_string(p.value) +
               ") when every thread blocked";
      return text + " waits to get from queue " + name + ", which was empty when every thread blocked";
    default: return text + " waits for device " + roster_.device_name(in.device);
  }
}

// Every unfinished thread waits, directly or through others, for something
// that never happens. Names the cycles first, then the threads stuck behind them.
std::string Simulation::describe_deadlock() const {
  // Who holds each primitive, in thread order (a lock's owner, a semaphore's holders).
  std::vector<std::vector<ThreadIndex>> holders(syncs_.size());
  for (ThreadIndex t = 0; t < held_.size(); ++t)
    for (SyncIndex s : held_[t]) holders[s].push_back(t);
  // Colour per thread: 0 unvisited, 1 on the current path, 2 done.
  std::vector<std::uint8_t> colour(threads_.size(), 0);
  std::vector<bool> in_cycle(threads_.size(), false);
  std::string cycles;
  for (ThreadIndex start = 0; start < threads_.size(); ++start) {
    if (colour[start] != 0 || waits_for(start, holders) == kNone) continue;
    std::vector<ThreadIndex> path;
    ThreadIndex t = start;
    while (t != kNone && colour[t] == 0) {
      colour[t] = 1;
      path.push_back(t);
      t = waits_for(t, holders);
    }
    if (t != kNone && colour[t] == 1) {  // closed a new cycle at t
      std::string text;
      ThreadIndex u = t;
      do {
        in_cycle[u] = true;
        ThreadIndex next = waits_for(u, holders);
        text += (text.empty() ? "" : "; ") + describe_wait(u, next != t, holders);
        u = next;
      } while (u != t);
      cycles += (cycles.empty() ? "" : "; ") + text;
    }
    for (ThreadIndex p : path) colour[p] = 2;
  }
  std::string stuck;
  for (ThreadIndex t = 0; t < threads_.size(); ++t) {
    ThreadState s = state_of(t);
    if (in_cycle[t] || s == ThreadState::finished || s == ThreadState::not_started) continue;
    stuck += (stuck.empty() ? "" : "; ") + describe_wait(t, true, holders);
  }
  std::string message = "deadlock at " + format_time_fixed(last_change_) + ": ";
  if (!cycles.empty()) message += cycles;
  if (!stuck.empty()) message += (cycles.empty() ? "" : "; also stuck: ") + stuck;
  return message;
}

}  // namespace gilsim
