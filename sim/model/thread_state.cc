#include "model/thread_state.h"

namespace gilsim {

const char* state_name(ThreadState s) {
  switch (s) {
    case ThreadState::not_started: return "not_started";
    case ThreadState::ready: return "ready";
    case ThreadState::running: return "running";
    case ThreadState::gil_wait: return "gil_wait";
    case ThreadState::sleep: return "sleep";
    case ThreadState::io: return "io";
    case ThreadState::join: return "join";
    case ThreadState::start: return "start";
    case ThreadState::process_wait: return "process_wait";
    case ThreadState::finished: return "finished";
    case ThreadState::lock_wait: return "lock_wait";
    case ThreadState::event_wait: return "event_wait";
    case ThreadState::queue_wait: return "queue_wait";
    case ThreadState::device_wait: return "device_wait";
    case ThreadState::native: return "native";
  }
  return "?";
}

}  // namespace gilsim
