#include "report/sync_rows.h"

namespace gilsim {

namespace {

void top_holder(SyncRow& row) {
  for (const auto& [t, held] : row.result->held_by) {
    if (held > row.top_held) {  // ties: the first thread
      row.top_held = held;
      row.top_holder = t;
    }
  }
}

}  // namespace

std::vector<SyncRow> sync_rows(const Roster& roster, const RunResult& result) {
  std::vector<SyncRow> rows;
  for (SyncIndex s = 0; s < result.syncs.size(); ++s) {
    const SyncSpec& spec = roster.sync_spec(s);
    SyncRow row;
    row.name = roster.sync_full_name(s);
    switch (spec.kind) {
      case SyncKind::lock: row.kind = "lock"; break;
      case SyncKind::rlock: row.kind = "rlock"; break;
      case SyncKind::semaphore:  // "semaphore(2)" is a BoundedSemaphore
        row.kind = "semaphore(" + std::to_string(spec.value) + (spec.bounded ? ")" : ", unbounded)");
        break;
      case SyncKind::event: row.kind = "event"; break;
      case SyncKind::queue: row.kind = spec.value > 0 ? "queue(max " + std::to_string(spec.value) + ")" : "queue"; break;
      case SyncKind::mp_queue:
        row.kind = spec.value > 0 ? "mp.Queue(max " + std::to_string(spec.value) + ")" : "mp.Queue";
        break;
      case SyncKind::mp_simple_queue: row.kind = "mp.SimpleQueue"; break;
      case SyncKind::mp_pipe: row.kind = "mp.Pipe"; break;
      case SyncKind::mp_value: row.kind = spec.locked ? "mp.Value" : "mp.RawValue"; break;
      case SyncKind::mp_array: row.kind = spec.locked ? "mp.Array" : "mp.RawArray"; break;
      case SyncKind::mp_shared_memory: row.kind = "SharedMemory"; break;
    }
    if (roster.syncs()[s].process == kSharedProcess) {  // the scenario's multiprocessing locks, semaphores and events
      if (spec.kind == SyncKind::lock) row.kind = "mp.Lock";
      if (spec.kind == SyncKind::rlock) row.kind = "mp.RLock";
      if (spec.kind == SyncKind::event) row.kind = "mp.Event";
      if (spec.kind == SyncKind::semaphore)
        row.kind = (spec.bounded ? "mp.BoundedSemaphore(" : "mp.Semaphore(") + std::to_string(spec.value) + ")";
    }
    row.holdable = is_lock(spec) || spec.kind == SyncKind::semaphore;
    row.result = &result.syncs[s];
    top_holder(row);
    rows.push_back(std::move(row));
  }
  for (DeviceIndex d = 0; d < result.devices.size(); ++d) {
    SyncRow row;
    row.name = roster.device_name(d);
    row.kind = "device(" + std::to_string(roster.scenario().devices[d].channels) + ")";
    row.holdable = true;
    row.result = &result.devices[d];
    top_holder(row);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace gilsim
