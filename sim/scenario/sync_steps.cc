// The steps on synchronisation primitives: a process's own (threading's and
// queue's) and the scenario's multiprocessing queues and shared objects.
#include <algorithm>
#include <cstdint>

#include "scenario/mp_queues.h"
#include "scenario/mp_shared.h"
#include "scenario/primitives.h"
#include "scenario/spelling.h"
#include "scenario/steps.h"

namespace gilsim {

void StepReader::sync_step(Step& step, const std::string& kind, const Json& value, const std::string& path,
                           std::int64_t runs) {
  const std::string argument_path = json_pointer(path, kind);
  std::string name = in_.string(value.at(kind), argument_path);
  const bool own = std::any_of(syncs_.begin(), syncs_.end(), [&](const SyncSpec& s) { return s.name == name; });
  // One of the scenario's mp_shared (mp_shared.cc): its kind, then the timeout and body below, as a process's own.
  const bool shared = !own && read_shared_step(in_, context_.mp_queues, {step, kind, name, value, path});
  if (!shared && (kind == "read" || kind == "write")) {
    std::vector<std::string> names;
    if (context_.mp_queues != nullptr)
      for (const SyncSpec& s : *context_.mp_queues)
        if (is_shared_memory(s.kind)) names.push_back(s.name);
    in_.fail(argument_path, "no shared memory named " + quote_short(name, 60) + " (" +
                                (names.empty() ? "declare it in the scenario's \"mp_shared\", e.g. {\"" + name +
                                                     "\": {\"kind\": \"array\", \"bytes\": \"1MB\"}}"
                                               : did_you_mean(name, names) + "valid: " + comma_list(names)) +
                                ")");
  }
  auto find = [&](const std::vector<SyncKind>& accepted) {
    step.sync = find_sync(in_, syncs_, name, argument_path, kind, accepted);
  };
  const std::vector<SyncKind> lockable = {SyncKind::lock, SyncKind::rlock, SyncKind::semaphore};
  if (shared) {
    // (filled by read_shared_step)
  } else if (kind == "acquire" || kind == "release" || kind == "with") {
    step.kind = kind == "acquire" ? StepKind::acquire : kind == "release" ? StepKind::release : StepKind::with;
    find(lockable);
  } else if (kind == "set" || kind == "clear" || kind == "wait") {
    step.kind = kind == "set" ? StepKind::event_set : kind == "clear" ? StepKind::event_clear : StepKind::event_wait;
    find({SyncKind::event});
  } else if (mp_step(step, kind, name, value, path)) {
    return;
  } else {
    step.kind = kind == "put" ? StepKind::put : kind == "get" ? StepKind::get : StepKind::repeat_until_empty;
    find({SyncKind::queue});
    if (JsonReader::find(value, "bytes"))
      in_.fail(json_pointer(path, "bytes"), "a queue.Queue passes its items by reference: only a multiprocessing "
                                            "queue (the scenario's \"mp_queues\") pickles them and has bytes");
    if (const Json* work = JsonReader::find(value, "work")) {
      if (kind == "put" && work->is_string() && work->get<std::string>() == "$work")
        step.uses_work = true;  // a pipeline stage forwards the work of the item it last got
      else
        step.duration = in_.duration(*work, json_pointer(path, "work"));
    }
  }
  if (const Json* timeout = JsonReader::find(value, "timeout")) {  // an event's wait (only it may have one)
    step.has_timeout = true;
    step.duration = in_.duration(*timeout, json_pointer(path, "timeout"));
  }
  if (kind == "with" || kind == "repeat_until_empty") {
    const Json& body = in_.require(value, path, "steps", "a " + kind + " step needs \"" + kind + "\" and \"steps\"");
    // A drained queue's body may run any number of times: a start step in it would start a thread twice.
    std::int64_t body_runs = kind == "with" ? runs : runs > INT64_MAX / 2 ? INT64_MAX : runs * 2;
    step.body = steps(body, json_pointer(path, "steps"), body_runs);
  }
}

// A put or get on one of the scenario's multiprocessing queues (mp_queues.cc).
bool StepReader::mp_step(Step& step, const std::string& kind, const std::string& name, const Json& value,
                         const std::string& path) {
  return read_mp_step(in_, syncs_, context_.mp_queues, {step, kind, name, value, path});
}

// `{"wait": NAME}` waits for an event of the thread's process or for a
// process to finish: NAME must be exactly one of the two.
bool StepReader::waits_for_event(const Json& argument, const std::string& path) const {
  std::string name = in_.string(argument, path);
  bool event = std::any_of(syncs_.begin(), syncs_.end(),
                           [&](const SyncSpec& s) { return s.kind == SyncKind::event && s.name == name; }) ||
               is_shared_event(context_.mp_queues, name);
  bool process = context_.processes.find(name).has_value();
  if (event && process)
    in_.fail(path, quote(name) + " is ambiguous: both an event of this process and a process (a wait step waits "
                                 "for either; rename one)");
  if (!event && !process) {
    std::vector<std::string> events;
    for (const SyncSpec& s : syncs_)
      if (s.kind == SyncKind::event) events.push_back(s.name);
    std::vector<std::string> shared;  // the scenario's mp_shared
    if (context_.mp_queues != nullptr)
      for (const SyncSpec& s : *context_.mp_queues)
        if (s.kind == SyncKind::event) shared.push_back(s.name);
    std::vector<std::string> processes = context_.processes.names();
    std::vector<std::string> all = events;
    all.insert(all.end(), shared.begin(), shared.end());
    all.insert(all.end(), processes.begin(), processes.end());
    in_.fail(path, "unknown event or process " + quote_short(name, 60) + " (" + did_you_mean(name, all) +
                       (events.empty() ? "this process declares no events" : "events of this process: " + comma_list(events)) +
                       (shared.empty() ? "" : "; the scenario's events: " + comma_list(shared)) +
                       "; processes: " + comma_list(processes) + ")");
  }
  return event;
}

bool StepReader::has_queue() const {
  if (context_.mp_queues != nullptr)
    for (const SyncSpec& s : *context_.mp_queues)
      if (is_mp_queue(s.kind)) return true;
  for (const SyncSpec& s : syncs_)
    if (s.kind == SyncKind::queue) return true;
  return false;
}

}  // namespace gilsim
