#include "scenario/primitives.h"

#include <algorithm>

#include "scenario/comment_keys.h"
#include "scenario/names.h"
#include "scenario/spelling.h"

namespace gilsim {

namespace {

constexpr std::int64_t kMaxSyncValue = 1'000'000'000;
constexpr std::int64_t kMaxChannels = 1'000'000;

std::string article(std::string_view kind) { return kind.rfind("event", 0) == 0 ? "an " : "a "; }

void check_unique(const JsonReader& in, const std::vector<SyncSpec>& syncs, const std::string& path) {
  for (std::size_t i = 0; i + 1 < syncs.size(); ++i)
    if (syncs.back().name == syncs[i].name)
      in.fail(path, "name " + quote(syncs.back().name) + " is already used by " + article(sync_kind_name(syncs[i].kind)) +
                        sync_kind_name(syncs[i].kind) +
                        " of this process (locks, rlocks, semaphores, events and queues share one set of names)");
}

}  // namespace

std::vector<SyncSpec> read_syncs(const JsonReader& in, const Json& process, const std::string& path) {
  std::vector<SyncSpec> syncs;
  auto add = [&](const std::string& name, SyncKind kind, std::int64_t value, const std::string& at, bool bounded = true) {
    check_name(in, name, at, sync_kind_name(kind));
    syncs.push_back({name, kind, value, bounded});
    check_unique(in, syncs, at);
  };
  // An array of names.
  auto names = [&](std::string_view key, SyncKind kind) {
    const Json* value = JsonReader::find(process, key);
    if (value == nullptr) return;
    std::string at = json_pointer(path, key);
    in.array(*value, at, "an array of names such as [\"L1\", \"L2\"]");
    for (std::size_t i = 0; i < value->size(); ++i)
      add(in.string((*value)[i], json_pointer(at, i)), kind, 0, json_pointer(at, i));
  };
  names("locks", SyncKind::lock);
  names("rlocks", SyncKind::rlock);
  if (const Json* value = JsonReader::find(process, "semaphores")) {
    std::string at = json_pointer(path, "semaphores");
    if (!value->is_object())
      in.fail(at, "expected an object of names and initial values such as {\"pool\": 3} or "
                  "{\"signal\": {\"value\": 0, \"bounded\": false}}, got " + describe(*value));
    // A number is a BoundedSemaphore(n); an object may say {"value": n, "bounded": false}
    // for threading.Semaphore. A bounded semaphore of 0 could never be released.
    const std::string zero = "a bounded semaphore of 0 could never be released; for threading.Semaphore(0) write "
                             "{\"value\": 0, \"bounded\": false}";
    for (const auto& member : value->items()) {
      if (is_comment_key(member.key())) continue;
      std::string entry = json_pointer(at, member.key());
      if (member.value().is_object()) {
        in.object(member.value(), entry, "a semaphore's settings", {"value", "bounded"});
        std::int64_t initial = 1;  // threading.Semaphore's default
        bool bounded = true;
        if (const Json* v = JsonReader::find(member.value(), "value"))
          initial = in.integer(*v, json_pointer(entry, "value"), 0, kMaxSyncValue);
        if (const Json* b = JsonReader::find(member.value(), "bounded"))
          bounded = in.boolean(*b, json_pointer(entry, "bounded"));
        if (bounded && initial == 0) in.fail(json_pointer(entry, "value"), zero);
        add(member.key(), SyncKind::semaphore, initial, entry, bounded);
      } else {
        if (member.value().is_number_integer() && member.value().get<std::int64_t>() == 0) in.fail(entry, zero);
        add(member.key(), SyncKind::semaphore, in.integer(member.value(), entry, 1, kMaxSyncValue), entry);
      }
    }
  }
  names("events", SyncKind::event);
  if (const Json* value = JsonReader::find(process, "queues")) {
    std::string at = json_pointer(path, "queues");
    if (value->is_array()) {
      names("queues", SyncKind::queue);
    } else if (value->is_object()) {
      for (const auto& member : value->items()) {
        if (is_comment_key(member.key())) continue;
        std::string entry = json_pointer(at, member.key());
        in.object(member.value(), entry, "a queue's settings", {"maxsize"});
        std::int64_t maxsize = 0;
        if (const Json* m = JsonReader::find(member.value(), "maxsize"))
          maxsize = in.integer(*m, json_pointer(entry, "maxsize"), 0, kMaxSyncValue);
        add(member.key(), SyncKind::queue, maxsize, entry);
      }
    } else {
      in.fail(at, "expected an array of names such as [\"tasks\"] or an object such as {\"tasks\": {\"maxsize\": 10}}, got " +
                      describe(*value));
    }
  }
  return syncs;
}

std::vector<DeviceSpec> read_devices(const JsonReader& in, const Json& value, const std::string& path) {
  std::vector<DeviceSpec> devices;
  auto add = [&](const std::string& name, std::uint32_t channels, const std::string& at) {
    check_name(in, name, at, "device");
    for (const DeviceSpec& d : devices)
      if (d.name == name) in.fail(at, "device " + quote(name) + " is declared twice (device names must be unique)");
    devices.push_back({name, channels});
  };
  if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      add(in.string(value[i], json_pointer(path, i)), 1, json_pointer(path, i));
  } else if (value.is_object()) {
    for (const auto& member : value.items()) {
      if (is_comment_key(member.key())) continue;
      std::string entry = json_pointer(path, member.key());
      in.object(member.value(), entry, "a device's settings", {"channels"});
      std::uint32_t channels = 1;
      if (const Json* c = JsonReader::find(member.value(), "channels"))
        channels = static_cast<std::uint32_t>(in.integer(*c, json_pointer(entry, "channels"), 1, kMaxChannels));
      add(member.key(), channels, entry);
    }
  } else {
    in.fail(path, "expected an array of names such as [\"disk\"] or an object such as {\"disk\": {\"channels\": 2}}, got " +
                      describe(value));
  }
  return devices;
}

std::uint32_t find_sync(const JsonReader& in, const std::vector<SyncSpec>& syncs, const std::string& name,
                        const std::string& path, std::string_view step, const std::vector<SyncKind>& accepted) {
  std::vector<std::string> valid;
  std::string kinds;  // "lock, rlock or semaphore"
  for (std::size_t i = 0; i < accepted.size(); ++i)
    kinds += (i == 0 ? "" : i + 1 == accepted.size() ? " or " : ", ") + std::string(sync_kind_name(accepted[i]));
  for (std::uint32_t i = 0; i < syncs.size(); ++i) {
    bool ok = std::find(accepted.begin(), accepted.end(), syncs[i].kind) != accepted.end();
    if (ok) valid.push_back(syncs[i].name);
    if (syncs[i].name != name) continue;
    if (ok) return i;
    const char* kind = sync_kind_name(syncs[i].kind);
    in.fail(path, quote(name) + " is " + article(kind) + kind + "; a " + std::string(step) + " step takes " +
                      article(kinds) + kinds);
  }
  std::string message = "no " + kinds + " named " + quote_short(name, 60) + " in this process (";
  if (valid.empty()) {
    message += "declare one in the process, e.g. \"" + std::string(sync_kind_name(accepted[0])) + "s\"";
    if (accepted[0] == SyncKind::semaphore) message += ": {\"" + name + "\": 2}";
    else if (accepted[0] == SyncKind::queue) message += ": [\"" + name + "\"]";
    else message += ": [\"" + name + "\"]";
    message += ")";
  } else {
    message += did_you_mean(name, valid) + "valid: " + comma_list(valid) + ")";
  }
  in.fail(path, message);
}

std::uint32_t find_device(const JsonReader& in, const std::vector<DeviceSpec>& devices, const std::string& name,
                          const std::string& path) {
  std::vector<std::string> valid;
  for (std::uint32_t i = 0; i < devices.size(); ++i) {
    if (devices[i].name == name) return i;
    valid.push_back(devices[i].name);
  }
  if (valid.empty())
    in.fail(path, "no device named " + quote_short(name, 60) +
                      " (declare it at the top level, e.g. \"devices\": {\"" + name + "\": {\"channels\": 1}})");
  in.fail(path, "no device named " + quote_short(name, 60) + " (" + did_you_mean(name, valid) +
                    "valid: " + comma_list(valid) + ")");
}

}  // namespace gilsim
