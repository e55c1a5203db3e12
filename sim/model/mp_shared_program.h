#pragma once
// What a read or write of the scenario's shared memory compiles to
// (docs/mp-shared.md). CPython 3.11's Lib/multiprocessing/sharedctypes.py and
// shared_memory.py:
// - A Value made with its lock (lock=True, the default) takes its RLock in
//   the `value` property's getter and setter (Synchronized's `with
//   self._lock`): each access takes and releases it, so `v.value += 1` is two
//   accesses, and nothing stops another process between them.
// - An Array's slice here is taken under its lock (`with arr.get_lock():`)
//   through a memoryview of it; a RawValue, a RawArray and a SharedMemory
//   have no lock.
// - The copy into or out of the shared pages is memcpy inside one C call,
//   holding the GIL: nothing pickles. A SharedMemory is made empty
//   (ftruncate): each page costs the kernel's allocating and zeroing it on
//   its first touch (shared_touch_mb), where an Array's pages were all
//   touched as it was made (sharedctypes' memset), before the program's clock.
// `C` is the Compiler: emit, position, set_jump, loop_slot.

#include "model/costs.h"
#include "model/program.h"

namespace gilsim {

template <class C>
void shared_access(C& c, const SyncSpec& shared, const Step& step, const CostSpec& costs, std::int64_t overhead) {
  const bool loop = step.count != 1;
  std::uint32_t slot = 0, begin = 0;
  if (loop) {
    slot = c.loop_slot();
    begin = c.position();
    c.emit({.op = Op::loop_begin, .index = slot, .count = step.count});
  }
  const std::uint32_t lock = kSharedSyncBit | step.sync;
  if (shared.locked) c.emit({.op = Op::acquire, .index = lock});
  if (costs.shared_access > 0) c.emit({.op = Op::compute, .duration = apply_overhead(costs.shared_access, overhead)});
  // A copy is C code that keeps the GIL: no switch request is honoured inside it.
  // A SharedMemory's pages are the kernel's to allocate on their first touch.
  const Time copy = priced_by_size(step.bytes, 0, costs.shared_copy_mb);
  if (shared.kind == SyncKind::mp_shared_memory && step.bytes > 0)
    c.emit({.op = Op::shared_copy, .index = step.sync, .count = static_cast<std::int64_t>(step.bytes), .duration = copy});
  else if (copy > 0)
    c.emit({.op = Op::held_native, .duration = copy});
  if (shared.locked) c.emit({.op = Op::release, .index = lock});
  if (loop) {
    c.emit({.op = Op::loop_end, .index = slot, .jump = begin + 1, .count = step.count});
    c.set_jump(begin, c.position());
  }
}

}  // namespace gilsim
