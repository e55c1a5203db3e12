#include "scenario/mp_shared.h"

#include <algorithm>

#include "scenario/comment_keys.h"
#include "scenario/executors.h"
#include "scenario/names.h"
#include "scenario/spelling.h"

namespace gilsim {

namespace {

constexpr std::int64_t kMaxValue = 1'000'000'000;
constexpr std::uint64_t kMaxBytes = 1ULL << 40;  // 1 TiB: the program makes it for real
constexpr std::int64_t kMaxAccesses = 1'000'000'000'000;
constexpr std::uint64_t kValueBytes = 8;  // Value('q'): a C long long

const std::vector<std::string> kKinds = {"lock", "rlock", "semaphore", "event", "value", "array", "shared_memory"};
const SyncKind kSyncKinds[] = {SyncKind::lock,     SyncKind::rlock,    SyncKind::semaphore,       SyncKind::event,
                               SyncKind::mp_value, SyncKind::mp_array, SyncKind::mp_shared_memory};

// What each kind is in Python, for messages.
std::string python_of(const SyncSpec& s) {
  switch (s.kind) {
    case SyncKind::lock: return "a multiprocessing.Lock";
    case SyncKind::rlock: return "a multiprocessing.RLock";
    case SyncKind::semaphore: return s.bounded ? "a multiprocessing.BoundedSemaphore" : "a multiprocessing.Semaphore";
    case SyncKind::event: return "a multiprocessing.Event";
    case SyncKind::mp_value: return s.locked ? "a multiprocessing.Value" : "a multiprocessing.RawValue";
    case SyncKind::mp_array: return s.locked ? "a multiprocessing.Array" : "a multiprocessing.RawArray";
    case SyncKind::mp_shared_memory: return "a shared_memory.SharedMemory";
    default: return std::string("a ") + sync_kind_name(s.kind);
  }
}

// The keys each kind may have besides "kind".
std::vector<std::string> keys_of(SyncKind kind) {
  switch (kind) {
    case SyncKind::semaphore: return {"kind", "value", "bounded"};
    case SyncKind::mp_value: return {"kind", "lock"};
    case SyncKind::mp_array: return {"kind", "bytes", "lock"};
    case SyncKind::mp_shared_memory: return {"kind", "bytes"};
    default: return {"kind"};
  }
}

SyncSpec read_one(const JsonReader& in, const Json& value, const std::string& at) {
  in.object(value, at, "a shared object's settings", {"kind", "value", "bounded", "lock", "bytes"});
  const Json& kind_value = in.require(value, at, "kind",
                                      "a shared object needs a \"kind\" (" + comma_list(kKinds) + ")");
  std::string name = in.string(kind_value, json_pointer(at, "kind"));
  auto it = std::find(kKinds.begin(), kKinds.end(), name);
  if (it == kKinds.end())
    in.fail(json_pointer(at, "kind"),
            "unknown kind " + quote_short(name, 60) + " (" + did_you_mean(name, kKinds) +
                "valid: lock, rlock, semaphore, event (multiprocessing's), value, array (multiprocessing.Value, "
                "Array), shared_memory (multiprocessing.shared_memory.SharedMemory); queues are \"mp_queues\")");
  SyncSpec spec{.kind = kSyncKinds[it - kKinds.begin()], .capacity = 0};
  const std::vector<std::string> keys = keys_of(spec.kind);
  for (const auto& member : value.items())
    if (!is_comment_key(member.key()) && std::find(keys.begin(), keys.end(), member.key()) == keys.end())
      in.fail(json_pointer(at, member.key()), "a " + name + " has no " + quote(member.key()) + " (its keys: " +
                                                  comma_list(keys) + ")");
  if (spec.kind == SyncKind::semaphore) {
    spec.value = 1;
    if (const Json* v = JsonReader::find(value, "value")) spec.value = in.integer(*v, json_pointer(at, "value"), 0, kMaxValue);
    spec.bounded = false;  // multiprocessing.Semaphore, unless "bounded": true
    if (const Json* b = JsonReader::find(value, "bounded")) spec.bounded = in.boolean(*b, json_pointer(at, "bounded"));
    if (spec.bounded && spec.value == 0)
      in.fail(json_pointer(at, "value"), "a bounded semaphore of 0 could never be released (drop \"bounded\")");
  }
  if (spec.kind == SyncKind::mp_value || spec.kind == SyncKind::mp_array) {
    spec.locked = true;  // lock=True, multiprocessing's default
    if (const Json* l = JsonReader::find(value, "lock")) spec.locked = in.boolean(*l, json_pointer(at, "lock"));
  }
  if (spec.kind == SyncKind::mp_value) spec.capacity = kValueBytes;
  if (spec.kind == SyncKind::mp_array || spec.kind == SyncKind::mp_shared_memory) {
    const Json& bytes = in.require(value, at, "bytes", "a " + name + " needs its size in \"bytes\" (e.g. \"8MB\")");
    spec.capacity = read_byte_size(in, bytes, json_pointer(at, "bytes"));
    if (spec.capacity == 0) in.fail(json_pointer(at, "bytes"), "a " + name + " holds at least one byte");
    if (spec.capacity > kMaxBytes) in.fail(json_pointer(at, "bytes"), "at most 1TiB (the exported program makes it)");
  }
  return spec;
}

const SyncSpec* find(const std::vector<SyncSpec>* shared, const std::string& name) {
  if (shared == nullptr) return nullptr;
  auto it = std::find_if(shared->begin(), shared->end(), [&](const SyncSpec& s) { return s.name == name; });
  return it == shared->end() ? nullptr : &*it;
}

// A read or write of shared memory: `count` accesses of `bytes` each.
void read_access(const JsonReader& in, const SyncSpec& target, const SharedStep& at) {
  Step& step = at.step;
  step.kind = at.kind == "read" ? StepKind::shared_read : StepKind::shared_write;
  step.count = 1;
  if (const Json* c = JsonReader::find(at.value, "count"))
    step.count = in.integer(*c, json_pointer(at.path, "count"), 1, kMaxAccesses);
  if (target.kind == SyncKind::mp_value) {
    if (JsonReader::find(at.value, "bytes"))
      in.fail(json_pointer(at.path, "bytes"), quote(at.name) + " is a Value: an access gets or sets its one number "
                                               "(bytes are for an array or a shared_memory)");
    return;  // nothing to copy: its price is the access's
  }
  step.bytes = target.capacity;  // the whole of it, unless the step says
  if (const Json* b = JsonReader::find(at.value, "bytes")) {
    step.bytes = read_byte_size(in, *b, json_pointer(at.path, "bytes"));
    if (step.bytes > target.capacity)
      in.fail(json_pointer(at.path, "bytes"), quote(at.name) + " holds " + std::to_string(target.capacity) +
                                                   " bytes: an access copies at most that many");
  }
}

}  // namespace

std::vector<SyncSpec> read_mp_shared(const JsonReader& in, const Json& value, const std::string& path,
                                     const std::vector<SyncSpec>& queues) {
  if (!value.is_object())
    in.fail(path, "expected an object such as {\"counter\": {\"kind\": \"value\"}, \"grid\": {\"kind\": \"array\", "
                  "\"bytes\": \"8MB\"}}, got " + describe(value));
  std::vector<SyncSpec> shared;
  for (const auto& member : value.items()) {
    if (is_comment_key(member.key())) continue;
    const std::string at = json_pointer(path, member.key());
    check_name(in, member.key(), at, "shared object");
    for (const SyncSpec& q : queues)
      if (q.name == member.key())
        in.fail(at, quote(member.key()) + " is already one of the scenario's mp_queues (steps name either: rename one)");
    SyncSpec spec = read_one(in, member.value(), at);
    spec.name = member.key();
    shared.push_back(std::move(spec));
  }
  return shared;
}

bool is_shared_event(const std::vector<SyncSpec>* shared, const std::string& name) {
  const SyncSpec* s = find(shared, name);
  return s != nullptr && s->kind == SyncKind::event;
}

bool read_shared_step(const JsonReader& in, const std::vector<SyncSpec>* shared, const SharedStep& at) {
  const SyncSpec* target = find(shared, at.name);
  if (target == nullptr || is_mp_queue(target->kind)) return false;
  const std::string where = json_pointer(at.path, at.kind);
  auto refuse = [&](const std::string& takes) {
    in.fail(where, quote(at.name) + " is " + python_of(*target) + " (the scenario's mp_shared); a " + at.kind +
                       " step takes " + takes);
  };
  if (at.kind == "acquire" || at.kind == "release" || at.kind == "with") {
    if (!is_lock(*target) && target->kind != SyncKind::semaphore) refuse("a lock, rlock, semaphore, or a Value or Array made with its lock");
    at.step.kind = at.kind == "acquire" ? StepKind::acquire : at.kind == "release" ? StepKind::release : StepKind::with;
  } else if (at.kind == "set" || at.kind == "clear" || at.kind == "wait") {
    if (target->kind != SyncKind::event) refuse("an event");
    at.step.kind = at.kind == "set" ? StepKind::event_set : at.kind == "clear" ? StepKind::event_clear : StepKind::event_wait;
  } else if (at.kind == "read" || at.kind == "write") {
    if (!is_shared_memory(target->kind)) refuse("a value, an array or a shared_memory");
    read_access(in, *target, at);
  } else {
    refuse(at.kind == "put" || at.kind == "get" ? "a queue" : "something else");
  }
  at.step.sync = static_cast<std::uint32_t>(target - shared->data());
  at.step.shared_sync = at.step.kind != StepKind::shared_read && at.step.kind != StepKind::shared_write;
  return true;
}

}  // namespace gilsim
