#include "report/events_writer.h"

#include <string>

#include <nlohmann/json.hpp>

namespace gilsim {

std::string json_quote(std::string_view text) {
  return nlohmann::json(std::string(text)).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
}

EventsWriter::EventsWriter(std::ostream& out, const Roster& roster) : out_(&out), roster_(&roster) {}

void EventsWriter::begin(Time t, ThreadIndex thread) { *out_ << std::to_string(t) << ' ' << roster_->full_name(thread); }

void EventsWriter::on_thread_state(Time t, ThreadIndex thread, ThreadState state, std::uint32_t detail) {
  begin(t, thread);
  *out_ << ' ' << state_name(state);
  if (state == ThreadState::running) *out_ << " core=" << std::to_string(detail);
  if (state == ThreadState::join || state == ThreadState::start) *out_ << ' ' << roster_->full_name(detail);
  *out_ << '\n';
}

void EventsWriter::on_gil_acquire(Time t, ProcessIndex, ThreadIndex holder, bool forced) {
  begin(t, holder);
  *out_ << (forced ? " gil_acquire forced\n" : " gil_acquire\n");
}

void EventsWriter::on_gil_release(Time t, ProcessIndex, ThreadIndex holder) {
  begin(t, holder);
  *out_ << " gil_release\n";
}

void EventsWriter::on_gil_drop_request(Time t, ProcessIndex, ThreadIndex requester) {
  begin(t, requester);
  *out_ << " gil_drop_request\n";
}

void EventsWriter::on_print(Time t, ThreadIndex thread, std::string_view text) {
  begin(t, thread);
  *out_ << " print " << json_quote(text) << '\n';
}

void EventsWriter::on_end(Time t) { *out_ << std::to_string(t) << " end\n"; }

void EventsWriter::on_deadlock(Time t, std::string_view message) {
  *out_ << std::to_string(t) << " deadlock " << json_quote(message) << '\n';
}

}  // namespace gilsim
