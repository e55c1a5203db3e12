#include "report/outcome_text.h"

namespace gilsim {

namespace {

// "L1", "L1 and L2", "L1, L2 and L3".
template <class Name>
std::string and_list(std::size_t n, Name name) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += (i == 0 ? "" : i + 1 == n ? " and " : ", ") + name(i);
  return out;
}

const char* finished(ThreadState s) {
  return s == ThreadState::finished ? ", which finished" : s == ThreadState::not_started ? ", which never started" : "";
}

// "app/t1 holds L1 and waits for L2 (held by app/t2)". The holder is left out
// where the cycle it closes makes it plain. Only what is certain: the thread
// that would set, put or get may have a step for it and be blocked itself
// (say, behind a lock the waiter holds).
std::string describe_wait(const Roster& roster, const StuckThread& w, bool name_holder) {
  std::string text = roster.full_name(w.thread);
  if (!w.holds.empty())
    text += " holds " + and_list(w.holds.size(), [&](std::size_t i) { return roster.sync_name(w.holds[i]); }) + " and";
  if (w.state == ThreadState::process_wait)
    return text + " waits for process " + roster.process_name(w.on) + (w.process_started ? "" : ", which never started");
  if (w.state != ThreadState::join && !is_sync_wait(w.state))
    return text + (w.holds.empty() ? " is" : "") + " blocked (" + state_name(w.state) + ")";
  if (w.state == ThreadState::join)
    return text + " waits to join " + roster.full_name(w.on) + finished(w.holders.front().state);
  switch (w.state) {
    case ThreadState::lock_wait: {
      text += " waits for " + roster.sync_name(w.on);
      if (!name_holder) return text;
      return text + " (held by " + and_list(w.holders.size(), [&](std::size_t i) {
               return roster.full_name(w.holders[i].thread) + finished(w.holders[i].state);
             }) + ")";
    }
    case ThreadState::event_wait:
      return text + " waits for event " + roster.sync_name(w.on) + ", which was not set before every thread blocked";
    case ThreadState::queue_wait:
      if (w.queue == QueueWait::write)
        return text + " waits to write to the pipe of queue " + roster.sync_name(w.on) +
               ", which nobody was reading when every thread blocked (the pipe holds " +
               std::to_string(roster.sync_spec(w.on).capacity) + " bytes; a message that does not fit waits for a reader)";
      if (w.queue == QueueWait::feed)
        return text + " waits for its process to put to queue " + roster.sync_name(w.on) + " or to exit";
      if (w.put)
        return text + " waits to put to queue " + roster.sync_name(w.on) + ", which was full (maxsize " +
               std::to_string(roster.sync_spec(w.on).value) + ") when every thread blocked";
      return text + " waits to get from queue " + roster.sync_name(w.on) + ", which was empty when every thread blocked";
    default: return text + " waits for device " + roster.device_name(w.on);
  }
}

}  // namespace

std::string deadlock_text(const Roster& roster, const Deadlock& deadlock) {
  std::string cycles;
  for (const std::vector<StuckThread>& cycle : deadlock.cycles) {
    std::string text;
    for (std::size_t i = 0; i < cycle.size(); ++i)
      text += (text.empty() ? "" : "; ") + describe_wait(roster, cycle[i], i + 1 < cycle.size());
    cycles += (cycles.empty() ? "" : "; ") + text;
  }
  std::string stuck;
  for (const StuckThread& w : deadlock.stuck) stuck += (stuck.empty() ? "" : "; ") + describe_wait(roster, w, true);
  std::string message = "deadlock at " + format_time_fixed(deadlock.at) + ": ";
  if (!cycles.empty()) message += cycles;
  if (!stuck.empty()) message += (cycles.empty() ? "" : "; also stuck: ") + stuck;
  return message;
}

std::string program_error_text(const Roster& roster, const ProgramError& error) {
  // A submit's error names the executor (its work queue is `sync`, "NAME.work_queue").
  std::string call = error.refusal == ReleaseRefusal::submit_after_shutdown
                         ? "submit(" + roster.sync_name(error.sync).substr(0, roster.sync_name(error.sync).rfind('.')) + ")"
                         : "release(" + roster.sync_name(error.sync) + ")";
  return "program error at " + format_time_fixed(error.at) + ": " + roster.full_name(error.thread) + ": " + call +
         ": " + python_exception(error, roster);
}

}  // namespace gilsim
