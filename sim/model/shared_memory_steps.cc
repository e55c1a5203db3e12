// Shared memory in the simulation (mp_shared_program.h has the steps;
// docs/mp-shared.md): which pages of each object some access has touched.
#include "model/simulation.h"

namespace gilsim {

// An Array's pages were touched as it was made; a SharedMemory's were not.
void Simulation::build_shared_memory() {
  if (!has_shared_memory(roster_.scenario())) return;
  for (const SyncSpec& shared : roster_.scenario().shared_syncs)
    shared_touched_.push_back(shared.kind == SyncKind::mp_shared_memory ? 0 : shared.capacity);
}

// The time of a copy of shared memory: the copy, and the kernel's first touch
// of the pages beyond those some access reached before (accesses begin at the
// object's first byte).
Time Simulation::shared_copy_time(const Instruction& in) {
  std::uint64_t& touched = shared_touched_[in.index];
  const auto bytes = static_cast<std::uint64_t>(in.count);
  if (bytes <= touched) return in.duration;
  Time touch = priced_by_size(bytes - touched, 0, roster_.scenario().costs.shared_touch_mb);
  touched = bytes;
  return touch > kTimeMax - in.duration ? kTimeMax : in.duration + touch;
}

}  // namespace gilsim
