#include "report/deadlock_json.h"

namespace gilsim {

namespace {

using Json = nlohmann::ordered_json;

Json wait_json(const Roster& roster, const StuckThread& w) {
  Json j;
  j["thread"] = roster.full_name(w.thread);
  j["state"] = state_name(w.state);
  Json holds = Json::array();
  for (SyncIndex s : w.holds) holds.push_back(roster.sync_name(s));
  j["holds"] = std::move(holds);
  Json on = Json::object();
  switch (w.state) {
    case ThreadState::join:
      on["thread"] = roster.full_name(w.on);
      on["thread_state"] = state_name(w.holders.front().state);
      break;
    case ThreadState::process_wait:
      on["process"] = roster.process_name(w.on);
      on["started"] = w.process_started;
      break;
    case ThreadState::lock_wait: {
      on["lock"] = roster.sync_name(w.on);
      Json by = Json::array();
      for (const ThreadRef& h : w.holders) by.push_back(Json{{"thread", roster.full_name(h.thread)}, {"state", state_name(h.state)}});
      on["held_by"] = std::move(by);
      break;
    }
    case ThreadState::event_wait: on["event"] = roster.sync_name(w.on); break;
    case ThreadState::queue_wait:
      on["queue"] = roster.sync_name(w.on);
      on["operation"] = w.queue == QueueWait::write ? "write" : w.queue == QueueWait::feed ? "feed" : w.put ? "put" : "get";
      on["maxsize"] = roster.sync_spec(w.on).value;
      break;
    case ThreadState::device_wait: on["device"] = roster.device_name(w.on); break;
    default: break;
  }
  j["waits_for"] = std::move(on);
  return j;
}

}  // namespace

Json deadlock_json(const Roster& roster, const Deadlock& deadlock) {
  Json cycles = Json::array();
  for (const std::vector<StuckThread>& cycle : deadlock.cycles) {
    Json c = Json::array();
    for (const StuckThread& w : cycle) c.push_back(wait_json(roster, w));
    cycles.push_back(std::move(c));
  }
  Json stuck = Json::array();
  for (const StuckThread& w : deadlock.stuck) stuck.push_back(wait_json(roster, w));
  return Json{{"cycles", std::move(cycles)}, {"stuck", std::move(stuck)}};
}

}  // namespace gilsim
