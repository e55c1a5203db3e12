#include "model/cpu_scheduler.h"

#include <cassert>

namespace gilsim {

CpuScheduler::CpuScheduler(std::uint32_t cores, Time quantum)
    : quantum_(quantum),
      running_(cores, kIdle),
      generation_(cores, 0),
      armed_generation_(cores, 0),
      slice_end_(cores, 0),
      free_cores_(cores) {}

std::optional<CpuScheduler::Placement> CpuScheduler::place_next(Time now) {
  if (ready_.empty() || free_cores_.empty()) return std::nullopt;
  CoreIndex core = free_cores_.lowest();
  free_cores_.erase(core);
  ThreadIndex thread = ready_.pop_front();
  running_[core] = thread;
  ++generation_[core];
  slice_end_[core] = quantum_ > kTimeMax - now ? kTimeMax : now + quantum_;
  return Placement{core, thread};
}

void CpuScheduler::leave_core(CoreIndex core) {
  assert(running_[core] != kIdle);
  running_[core] = kIdle;
  ++generation_[core];
  free_cores_.insert(core);
}

}  // namespace gilsim
