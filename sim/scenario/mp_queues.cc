#include "scenario/mp_queues.h"

#include <algorithm>

#include "scenario/comment_keys.h"
#include "scenario/executors.h"
#include "scenario/names.h"
#include "scenario/spelling.h"

namespace gilsim {

namespace {

constexpr std::int64_t kMaxSize = 1'000'000'000;
// The largest capacity accepted; without privileges F_SETPIPE_SZ grants up to
// /proc/sys/fs/pipe-max-size, 1 MiB by default.
constexpr std::uint64_t kMaxPipe = 1ULL << 30;

SyncKind mp_kind(const JsonReader& in, const Json& value, const std::string& path) {
  std::string name = in.string(value, path);
  const std::vector<std::string> valid = {"queue", "simple_queue", "pipe"};
  auto it = std::find(valid.begin(), valid.end(), name);
  if (it == valid.end())
    in.fail(path, "unknown kind " + quote_short(name, 60) + " (" + did_you_mean(name, valid) +
                      "valid: queue (multiprocessing.Queue), simple_queue (multiprocessing.SimpleQueue), pipe "
                      "(multiprocessing.Pipe(duplex=False): a send end and a receive end))");
  const SyncKind kinds[] = {SyncKind::mp_queue, SyncKind::mp_simple_queue, SyncKind::mp_pipe};
  return kinds[it - valid.begin()];
}

bool puts_to(const std::vector<Step>& steps, std::uint32_t queue) {
  return std::any_of(steps.begin(), steps.end(), [&](const Step& s) {
    return (s.kind == StepKind::mp_put && s.sync == queue) || puts_to(s.body, queue);
  });
}

}  // namespace

// A put or get on one of the scenario's multiprocessing queues (NAME is not a
// primitive of the process): false when NAME is none of them.
bool read_mp_step(const JsonReader& in, const std::vector<SyncSpec>& syncs, const std::vector<SyncSpec>* mp_queues,
                  const MpStep& at) {
  // (named references, not a structured binding: clang's C++20 lambdas cannot capture those)
  Step& step = at.step;
  const std::string& kind = at.kind;
  const std::string& name = at.name;
  const Json& value = at.value;
  const std::string& path = at.path;
  if (mp_queues == nullptr || !std::any_of(mp_queues->begin(), mp_queues->end(), [](const SyncSpec& s) { return is_mp_queue(s.kind); }))
    return false;
  if (std::any_of(syncs.begin(), syncs.end(), [&](const SyncSpec& s) { return s.name == name; })) return false;
  const std::vector<SyncSpec>& queues = *mp_queues;  // (the scenario's mp_shared follow: not queues)
  auto it = std::find_if(queues.begin(), queues.end(), [&](const SyncSpec& s) { return is_mp_queue(s.kind) && s.name == name; });
  if (it == queues.end()) {
    if (kind != "put" && kind != "get") return false;
    // Neither: the names of both kinds of queue, the nearest first.
    std::vector<std::string> names;
    for (const SyncSpec& s : syncs)
      if (s.kind == SyncKind::queue) names.push_back(s.name);
    for (const SyncSpec& q : queues)
      if (is_mp_queue(q.kind)) names.push_back(q.name);
    in.fail(json_pointer(path, kind), "no queue named " + quote_short(name, 60) + " in this process or among the "
                                       "scenario's mp_queues (" + did_you_mean(name, names) + "queues: " +
                                       comma_list(names) + ")");
  }
  if (kind != "put" && kind != "get")
    in.fail(json_pointer(path, kind), "a multiprocessing queue has no get_nowait loop in gilsim yet (" + quote(name) +
                                           " is one of the scenario's mp_queues; use get)");
  step.sync = static_cast<std::uint32_t>(it - queues.begin());
  step.kind = kind == "put" ? StepKind::mp_put : StepKind::mp_get;
  if (kind == "get") return true;  // (a get's other keys were refused with the valid ones)
  if (const Json* work = JsonReader::find(value, "work")) {
    if (work->is_string() && work->get<std::string>() == "$work")
      step.uses_work = true;
    else
      step.duration = in.duration(*work, json_pointer(path, "work"));
  }
  if (const Json* bytes = JsonReader::find(value, "bytes")) step.bytes = read_byte_size(in, *bytes, json_pointer(path, "bytes"));
  return true;
}

std::string feeder_name(const std::string& queue) { return queue + "-feeder"; }

std::vector<SyncSpec> read_mp_queues(const JsonReader& in, const Json& value, const std::string& path) {
  std::vector<SyncSpec> queues;
  auto add = [&](const std::string& name, SyncSpec spec, const std::string& at) {
    check_name(in, name, at, "multiprocessing queue");
    for (const SyncSpec& q : queues)
      if (q.name == name) in.fail(at, "queue " + quote(name) + " is declared twice (mp_queues names must be unique)");
    spec.name = name;
    queues.push_back(spec);
  };
  if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      add(in.string(value[i], json_pointer(path, i)), {.kind = SyncKind::mp_queue, .capacity = kPipeBuffer},
          json_pointer(path, i));
    return queues;
  }
  if (!value.is_object())
    in.fail(path, "expected an array of names such as [\"jobs\"] or an object such as {\"jobs\": {\"kind\": "
                  "\"queue\", \"maxsize\": 10}}, got " + describe(value));
  for (const auto& member : value.items()) {
    if (is_comment_key(member.key())) continue;
    std::string entry = json_pointer(path, member.key());
    in.object(member.value(), entry, "a multiprocessing queue's settings", {"kind", "maxsize", "capacity"});
    SyncSpec spec{.kind = SyncKind::mp_queue, .capacity = kPipeBuffer};
    if (const Json* kind = JsonReader::find(member.value(), "kind"))
      spec.kind = mp_kind(in, *kind, json_pointer(entry, "kind"));
    if (const Json* m = JsonReader::find(member.value(), "maxsize")) {
      if (spec.kind != SyncKind::mp_queue)
        in.fail(json_pointer(entry, "maxsize"), "only a queue has a maxsize (a " +
                                                    std::string(sync_kind_name(spec.kind)) +
                                                    " is bounded by its pipe's capacity alone)");
      spec.value = in.integer(*m, json_pointer(entry, "maxsize"), 0, kMaxSize);
    }
    if (const Json* c = JsonReader::find(member.value(), "capacity")) {
      spec.capacity = read_byte_size(in, *c, json_pointer(entry, "capacity"));
      if (spec.capacity == 0)
        in.fail(json_pointer(entry, "capacity"), "a pipe holds at least one byte (Linux's default is 64KiB)");
      if (spec.capacity > kMaxPipe)
        in.fail(json_pointer(entry, "capacity"), "a pipe holds at most 1GiB (F_SETPIPE_SZ's limit)");
      // What F_SETPIPE_SZ gives: a power of two pages, at least one page (pipe(7)).
      std::uint64_t pipe = 4096;
      while (pipe < spec.capacity) pipe *= 2;
      spec.capacity = pipe;
    }
    add(member.key(), spec, entry);
  }
  return queues;
}

void check_mp_queue_names(const JsonReader& in, const Scenario& scenario) {
  for (std::size_t p = 0; p < scenario.processes.size(); ++p)
    for (const SyncSpec& sync : scenario.processes[p].syncs)
      for (const SyncSpec& queue : scenario.shared_syncs)
        if (sync.name == queue.name && !sync.pool)
          in.fail(json_pointer("/processes", p), "process " + quote(scenario.processes[p].name) + " declares a " +
                                                     sync_kind_name(sync.kind) + " " + quote(sync.name) +
                                                     ", the name of one of the scenario's " +
                                                     (is_mp_queue(queue.kind) ? "mp_queues" : "mp_shared") +
                                                     " (a step would name either: rename one)");
}

void add_queue_feeders(const JsonReader& in, Scenario& scenario) {
  for (std::size_t p = 0; p < scenario.processes.size(); ++p) {
    ProcessSpec& process = scenario.processes[p];
    std::size_t declared = process.threads.size();
    for (std::uint32_t q = 0; q < scenario.shared_syncs.size(); ++q) {
      if (scenario.shared_syncs[q].kind != SyncKind::mp_queue) continue;
      bool puts = false;
      for (std::size_t t = 0; t < declared && !puts; ++t) puts = puts_to(process.threads[t].steps, q);
      if (!puts) continue;
      ThreadSpec feeder;
      feeder.name = feeder_name(scenario.shared_syncs[q].name);
      for (std::size_t t = 0; t < declared; ++t)
        if (process.threads[t].name == feeder.name)
          in.fail(json_pointer(json_pointer(json_pointer("/processes", p), "threads"), t),
                  "thread name " + quote(feeder.name) + " is taken by the feeder thread of queue " +
                      quote(scenario.shared_syncs[q].name) + ", which this process puts to (rename the thread)");
      feeder.role = ThreadRole::queue_feeder;
      feeder.executor = q;
      feeder.started_by_step = true;  // by the first put of its process
      process.threads.push_back(std::move(feeder));
    }
  }
}

}  // namespace gilsim
