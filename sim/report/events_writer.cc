#include "report/events_writer.h"

#include <charconv>
#include <string>

#include <nlohmann/json.hpp>

#include "report/outcome_text.h"

namespace gilsim {

std::string json_quote(std::string_view text) {
  return nlohmann::json(std::string(text)).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
}

EventsWriter::EventsWriter(std::ostream& out, const Roster& roster) : out_(&out), roster_(&roster) {
  buffer_.reserve(1 << 17);
}

EventsWriter::~EventsWriter() {
  out_->write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  out_->flush();
}

namespace {
void append_number(std::string& out, std::int64_t value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}
}  // namespace

void EventsWriter::begin(Time t, ThreadIndex thread) {
  append_number(buffer_, t);
  buffer_ += ' ';
  roster_->append_full_name(buffer_, thread);
}

void EventsWriter::end_line() {
  buffer_ += '\n';
  if (buffer_.size() >= (1 << 16)) {
    out_->write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
  }
}

void EventsWriter::on_thread_state(const StateChange& c) {
  const ThreadState state = c.to;
  const std::uint32_t detail = c.detail;
  begin(c.at, c.thread);
  buffer_ += ' ';
  buffer_ += state_name(state);
  if (on_core(state)) {
    buffer_ += " core=";
    append_number(buffer_, detail);
  }
  if (state == ThreadState::join || state == ThreadState::start) {
    buffer_ += ' ';
    roster_->append_full_name(buffer_, detail);
  }
  if (state == ThreadState::process_wait) {
    buffer_ += ' ';
    buffer_ += roster_->process_name(detail);
  }
  if (state == ThreadState::lock_wait || state == ThreadState::event_wait || state == ThreadState::queue_wait) {
    buffer_ += ' ';
    buffer_ += roster_->sync_full_name(detail);
  }
  if (state == ThreadState::device_wait) {
    buffer_ += ' ';
    buffer_ += roster_->device_name(detail);
  }
  end_line();
}

// "12 app/t1 acquire app/L1 1": the value after the operation (sync.h).
void EventsWriter::on_sync(Time t, ThreadIndex thread, SyncIndex sync, SyncOp op, std::int64_t value) {
  begin(t, thread);
  buffer_ += ' ';
  buffer_ += sync_op_name(op);
  buffer_ += ' ';
  buffer_ += roster_->sync_full_name(sync);
  buffer_ += ' ';
  append_number(buffer_, value);
  end_line();
}

void EventsWriter::on_device(Time t, ThreadIndex thread, DeviceIndex device, bool begin_io) {
  begin(t, thread);
  buffer_ += begin_io ? " device_begin " : " device_end ";
  buffer_ += roster_->device_name(device);
  end_line();
}

void EventsWriter::on_gil_acquire(Time t, ProcessIndex, ThreadIndex holder, bool forced) {
  begin(t, holder);
  buffer_ += forced ? " gil_acquire forced" : " gil_acquire";
  end_line();
}

void EventsWriter::on_gil_release(Time t, ProcessIndex, ThreadIndex holder) {
  begin(t, holder);
  buffer_ += " gil_release";
  end_line();
}

void EventsWriter::on_core_overhead(Time t, CoreIndex core, ThreadIndex incoming, Time duration) {
  begin(t, incoming);
  buffer_ += " context_switch core=";
  append_number(buffer_, core);
  buffer_ += " ns=";
  append_number(buffer_, duration);
  end_line();
}

void EventsWriter::on_gil_drop_request(Time t, ProcessIndex, ThreadIndex requester) {
  begin(t, requester);
  buffer_ += " gil_drop_request";
  end_line();
}

void EventsWriter::on_print(Time t, ThreadIndex thread, std::string_view text) {
  begin(t, thread);
  buffer_ += " print ";
  buffer_ += json_quote(text);
  end_line();
}

void EventsWriter::on_end(Time t, const ThreadStates&) {
  append_number(buffer_, t);
  buffer_ += " end\n";
  out_->write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

void EventsWriter::on_program_error(const ProgramError& error) {
  begin(error.at, error.thread);
  buffer_ += " program_error ";
  buffer_ += json_quote(program_error_text(*roster_, error));
  end_line();
}

void EventsWriter::on_deadlock(const Deadlock& deadlock) {
  append_number(buffer_, deadlock.at);
  buffer_ += " deadlock ";
  buffer_ += json_quote(deadlock_text(*roster_, deadlock));
  end_line();
}

}  // namespace gilsim
