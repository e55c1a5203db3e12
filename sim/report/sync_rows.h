#pragma once
// One row per synchronisation primitive and device, as every report shows
// them: what it is, how often it was used and waited for, how long it was
// held and by whom.

#include <string>
#include <vector>

#include "model/roster.h"
#include "report/result.h"

namespace gilsim {

struct SyncRow {
  std::string name;  // "app/L1"; a device: "disk"
  std::string kind;  // "lock", "rlock", "semaphore(3)", "event", "queue", "queue(max 2)", "device(2)"
  bool holdable = false;  // lock, rlock, semaphore, device: the held columns mean something
  const SyncResult* result = nullptr;
  ThreadIndex top_holder = 0;  // valid when top_held > 0
  Time top_held = 0;
};

// Primitives in SyncIndex order, then devices.
std::vector<SyncRow> sync_rows(const Roster& roster, const RunResult& result);

}  // namespace gilsim
