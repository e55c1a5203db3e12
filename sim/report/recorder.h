#pragma once
// Builds a RunResult from the model's observer calls: per-thread state
// intervals and time per state, GIL holders, the concurrency (threads alive)
// and parallelism (threads on cores) curves, and the program's output.

#include <string>
#include <vector>

#include "model/observer.h"
#include "model/roster.h"
#include "report/result.h"

namespace gilsim {

class Recorder : public Observer {
 public:
  explicit Recorder(const Roster& roster);

  void on_thread_state(Time t, ThreadIndex thread, ThreadState state, std::uint32_t detail) override;
  void on_gil_acquire(Time t, ProcessIndex process, ThreadIndex holder, bool forced) override;
  void on_gil_release(Time t, ProcessIndex process, ThreadIndex holder) override;
  void on_gil_drop_request(Time t, ProcessIndex process, ThreadIndex requester) override;
  void on_print(Time t, ThreadIndex thread, std::string_view text) override;
  void on_end(Time t) override;

  // The run stopped because no thread can make progress.
  void on_deadlock(Time t, std::string_view message) override;

  // The finished result; call once, after on_end.
  RunResult take();

 private:
  struct ThreadNow {
    ThreadState state = ThreadState::not_started;
    std::uint32_t detail = 0;
    Time since = 0;
  };
  struct GilNow {
    bool held = false;
    bool forced = false;
    bool ever_held = false;
    ThreadIndex holder = 0;  // the current holder, or the last one when free
    Time since = 0;
  };

  void close_state(ThreadIndex thread, Time t);
  void close_gil(ProcessIndex process, Time t);

  const Roster* roster_;
  RunResult result_;
  std::vector<ThreadNow> threads_now_;
  std::vector<GilNow> gil_now_;
  std::uint32_t alive_ = 0;
  std::uint32_t running_ = 0;
  bool ended_ = false;
};

}  // namespace gilsim
