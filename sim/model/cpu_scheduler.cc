#include "model/cpu_scheduler.h"

#include <cassert>

namespace gilsim {

CpuScheduler::CpuScheduler(std::uint32_t cores, Time quantum)
    : quantum_(quantum), running_(cores, kIdle), generation_(cores, 0) {
  std::vector<CoreIndex> all(cores);
  for (CoreIndex c = 0; c < cores; ++c) all[c] = c;
  free_cores_ = decltype(free_cores_)(std::greater<>(), std::move(all));
}

std::optional<CpuScheduler::Placement> CpuScheduler::place_next() {
  if (ready_.empty() || free_cores_.empty()) return std::nullopt;
  CoreIndex core = free_cores_.top();
  free_cores_.pop();
  ThreadIndex thread = ready_.pop_front();
  running_[core] = thread;
  ++generation_[core];
  return Placement{core, thread};
}

void CpuScheduler::leave_core(CoreIndex core) {
  assert(running_[core] != kIdle);
  running_[core] = kIdle;
  ++generation_[core];
  free_cores_.push(core);
}

}  // namespace gilsim
