// What the simulation says in words: print steps and deadlock messages. Apart
// from simulation.cc to keep that file about the model's mechanics.
#include "model/simulation.h"

namespace gilsim {

std::string Simulation::render_print(ThreadIndex t, const PrintTemplate& tpl) const {
  const ThreadRun& th = threads_[t];
  std::string out;
  for (const PrintTemplate::Part& part : tpl.parts) {
    switch (part.kind) {
      case TextPart::Kind::literal: out += part.literal; break;
      case TextPart::Kind::thread: out += roster_.thread_name(t); break;
      case TextPart::Kind::process: out += roster_.process_name(th.process); break;
      case TextPart::Kind::time: out += format_duration(engine_.now()); break;
      case TextPart::Kind::active_count: out += std::to_string(alive_[th.process]); break;
      case TextPart::Kind::loop_var:
        out += std::to_string(part.from + loop_counters_[th.loop_base + part.slot] * part.step);
        break;
    }
  }
  return out;
}

// Every unfinished thread waits, directly or through others, for a thread that
// never finishes. Names the cycles first, then the threads stuck behind them.
std::string Simulation::describe_deadlock() const {
  auto waits_for = [&](ThreadIndex t) -> ThreadIndex {
    const ThreadRun& th = threads_[t];
    if (th.state != ThreadState::join) return kNone;
    const Instruction& in = script_of(th).code[th.pc - 1];
    return roster_.thread_index(th.process, in.thread_spec, in.copy);
  };
  auto edge = [&](ThreadIndex t) {
    if (threads_[t].state == ThreadState::process_wait) {
      const Instruction& in = script_of(threads_[t]).code[threads_[t].pc - 1];
      ProcessIndex p = roster_.process_index(in.thread_spec, in.copy);
      bool started = alive_[p] > 0 || unfinished_in_[p] < roster_.processes()[p].thread_count;
      return roster_.full_name(t) + " waits for process " + roster_.process_name(p) +
             (started ? "" : ", which never started");
    }
    ThreadIndex target = waits_for(t);
    if (target == kNone) return roster_.full_name(t) + " is blocked (" + state_name(threads_[t].state) + ")";
    std::string text = roster_.full_name(t) + " waits to join " + roster_.full_name(target);
    if (threads_[target].state == ThreadState::not_started) text += ", which never started";
    return text;
  };
  // Colour per thread: 0 unvisited, 1 on the current path, 2 done.
  std::vector<std::uint8_t> colour(threads_.size(), 0);
  std::vector<bool> in_cycle(threads_.size(), false);
  std::string cycles;
  for (ThreadIndex start = 0; start < threads_.size(); ++start) {
    if (colour[start] != 0 || threads_[start].state != ThreadState::join) continue;
    std::vector<ThreadIndex> path;
    ThreadIndex t = start;
    while (t != kNone && colour[t] == 0) {
      colour[t] = 1;
      path.push_back(t);
      t = waits_for(t);
    }
    if (t != kNone && colour[t] == 1) {  // closed a new cycle at t
      std::string text;
      ThreadIndex u = t;
      do {
        in_cycle[u] = true;
        text += (text.empty() ? "" : "; ") + edge(u);
        u = waits_for(u);
      } while (u != t);
      cycles += (cycles.empty() ? "" : "; ") + text;
    }
    for (ThreadIndex p : path) colour[p] = 2;
  }
  std::string stuck;
  for (ThreadIndex t = 0; t < threads_.size(); ++t) {
    ThreadState s = threads_[t].state;
    if (in_cycle[t] || s == ThreadState::finished || s == ThreadState::not_started) continue;
    stuck += (stuck.empty() ? "" : "; ") + edge(t);
  }
  std::string message = "deadlock at " + format_time_fixed(last_change_) + ": ";
  if (!cycles.empty()) message += cycles;
  if (!stuck.empty()) message += (cycles.empty() ? "" : "; also stuck: ") + stuck;
  return message;
}

}  // namespace gilsim
