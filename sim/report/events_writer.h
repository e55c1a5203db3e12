#pragma once
// Streams one line per observer call, in exact integer nanoseconds, for golden
// files and for diffing two runs:
//   0 app/main running core=0
//   5000000 app/worker-1 gil_acquire forced
//   10 app/main print "text"
//   12501000000 end

#include <ostream>
#include <string>
#include <string_view>

#include "model/observer.h"
#include "model/roster.h"

namespace gilsim {

class EventsWriter : public Observer {
 public:
  EventsWriter(std::ostream& out, const Roster& roster);

  void on_thread_state(const StateChange& change) override;
  void on_gil_acquire(Time t, ProcessIndex process, ThreadIndex holder, bool forced) override;
  void on_gil_release(Time t, ProcessIndex process, ThreadIndex holder) override;
  void on_gil_drop_request(Time t, ProcessIndex process, ThreadIndex requester) override;
  void on_core_overhead(Time t, CoreIndex core, ThreadIndex incoming, Time duration) override;
  void on_sync(Time t, ThreadIndex thread, SyncIndex sync, SyncOp op, std::int64_t value) override;
  void on_device(Time t, ThreadIndex thread, DeviceIndex device, bool begin) override;
  void on_program_error(const ProgramError& error) override;
  void on_print(Time t, ThreadIndex thread, std::string_view text) override;
  void on_end(Time t, const ThreadStates& states) override;

  // `T deadlock "message"`, so the events file says why the run stopped.
  void on_deadlock(const Deadlock& deadlock) override;

  ~EventsWriter() override;  // flushes what is buffered

 private:
  void begin(Time t, ThreadIndex thread);
  void end_line();

  std::ostream* out_;
  const Roster* roster_;
  std::string buffer_;  // lines go out in blocks of about 64 KB
};

// `text` as a JSON string literal, ASCII only: "a\nb", "caf\u00e9". Invalid
// UTF-8 becomes U+FFFD.
std::string json_quote(std::string_view text);

}  // namespace gilsim
