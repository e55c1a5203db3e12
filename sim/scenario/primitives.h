#pragma once
// The synchronisation primitives a process declares ("locks", "rlocks",
// "semaphores", "events", "queues") and the machine's "devices", and the
// lookup that steps use to name them.

#include <string>
#include <string_view>
#include <vector>

#include "model/scenario.h"
#include "scenario/json_reader.h"

namespace gilsim {

// The process keys that declare primitives, in the order their indices are given.
inline const std::vector<std::string> kSyncKeys = {"locks", "rlocks", "semaphores", "events", "queues"};

// Reads every primitive declared in `process` (at `path`); names are unique
// within the process, across kinds, because a step names a primitive alone.
std::vector<SyncSpec> read_syncs(const JsonReader& in, const Json& process, const std::string& path);

// The top-level "devices": ["disk"] (one channel each) or {"disk": {"channels": 2}}.
std::vector<DeviceSpec> read_devices(const JsonReader& in, const Json& value, const std::string& path);

// Finds the primitive a step names, or fails with did-you-mean and the valid
// names of the kinds the step accepts.
std::uint32_t find_sync(const JsonReader& in, const std::vector<SyncSpec>& syncs, const std::string& name,
                        const std::string& path, std::string_view step, const std::vector<SyncKind>& accepted);
std::uint32_t find_device(const JsonReader& in, const std::vector<DeviceSpec>& devices, const std::string& name,
                          const std::string& path);

}  // namespace gilsim
