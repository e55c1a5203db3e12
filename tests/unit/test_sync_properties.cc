// Properties of the primitives over generated, seeded scenarios: a lock is
// never held by two threads nor a semaphore by more than its value; a queue's
// length stays within 0 .. maxsize and no item is got twice (gets never
// outnumber puts); and a program whose locks are always taken in one global
// order, whose gets match its puts and whose events are always set, never
// deadlocks. Semaphore permits lent to another thread are released by it
// (cross-thread release: hold figures stay within the semaphore's value), a
// wait with timeout 0 never blocks, and repeat_until_empty drains a queue.

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "model/roster.h"
#include "model/simulation.h"
#include "report/observer_tee.h"
#include "report/recorder.h"
#include "scenario/loader.h"
#include "test_random.h"

namespace gilsim {
namespace {

struct Generated {
  std::string json;
  int locks = 0;
  int semaphore = 0;  // its value
  int maxsize = 0;
  int lenders = 0;    // threads that take a permit of S and leave its release to another thread
  int drained = 0;    // items put on D before the drainers empty it with repeat_until_empty
};

std::string duration(Random& r) { return std::to_string(1 + r.below(20)) + "00us"; }

// Some work, perhaps under locks taken in ascending order (and the semaphore,
// which ranks after every lock), nested as `with` blocks.
std::string work(Random& r, const Generated& g, bool device) {
  std::string inner = r.chance(50) ? R"({"compute": ")" + duration(r) + "\"}" : R"({"io": ")" + duration(r) + "\"}";
  if (device && r.chance(30)) inner = R"({"io": ")" + duration(r) + R"(", "device": "disk"})";
  std::vector<std::string> taken;
  for (int l = 0; l < g.locks; ++l)
    if (r.chance(35)) taken.push_back("L" + std::to_string(l));
  if (r.chance(30)) taken.push_back("S");
  if (r.chance(20) && !taken.empty()) taken.push_back("R");  // the rlock, re-entered below
  std::string steps = inner;
  for (auto it = taken.rbegin(); it != taken.rend(); ++it) {
    std::string body = steps;
    if (*it == "R") body = R"({"with": "R", "steps": [)" + steps + "]}";  // re-entrant
    steps = R"({"with": ")" + *it + R"(", "steps": [{"compute": "100us"}, )" + body + "]}";
  }
  return steps;
}

Generated generate(std::uint64_t seed) {
  Random r(seed);
  Generated g;
  g.locks = 1 + r.below(3);
  g.semaphore = 1 + r.below(3);
  g.maxsize = r.below(3);  // 0 = unbounded
  int producers = 1 + r.below(2), consumers = 1 + r.below(2), others = r.below(3);
  int items = 2 + r.below(6);  // per producer
  int total = producers * items;
  std::string locks;
  for (int l = 0; l < g.locks; ++l) locks += (l ? ", \"L" : "\"L") + std::to_string(l) + "\"";
  std::string threads;
  auto add = [&](const std::string& name, const std::string& steps) {
    threads += (threads.empty() ? "" : ",\n") + std::string(R"({"name": ")") + name + R"(", "steps": [)" + steps + "]}";
  };
  // Always set: the setter does nothing else that could block for ever.
  add("setter", R"({"io": ")" + duration(r) + R"("}, {"set": "E"})");
  for (int p = 0; p < producers; ++p) {
    std::string steps;
    for (int i = 0; i < items; ++i)
      steps += (i ? ", " : "") + work(r, g, true) + R"(, {"put": "Q", "work": ")" + duration(r) + "\"}";
    add("producer" + std::to_string(p), steps);
  }
  // Consumers share the gets: together exactly as many as the puts.
  for (int c = 0; c < consumers; ++c) {
    int gets = total / consumers + (c < total % consumers ? 1 : 0);
    std::string steps = r.chance(50) ? R"({"wait": "E"}, )" : R"({"wait": "E", "timeout": "1ms"}, )";
    steps += R"({"repeat": )" + std::to_string(gets) + R"(, "steps": [{"get": "Q"}, {"compute": "$work"}, )" +
             work(r, g, true) + "]}";
    add("consumer" + std::to_string(c), steps);
  }
  for (int o = 0; o < others; ++o) {
    std::string steps;
    for (int i = 0, n = 1 + r.below(4); i < n; ++i) {
      steps += (i ? ", " : "") + work(r, g, true);
      if (r.chance(30)) steps += R"(, {"wait": "Z", "timeout": "0ns"})";  // a poll of an event never set
    }
    add("other" + std::to_string(o), steps);
  }
  // Lender i takes a permit of S and signals F<i>; returner i releases it (Python semaphores
  // have no owner). Each pair has its own event, so no release comes before its acquire.
  g.lenders = r.below(3);
  std::string events = R"("E", "Z")";
  for (int i = 0; i < g.lenders; ++i) {
    std::string f = "F" + std::to_string(i);
    events += ", \"" + f + "\"";
    add("lender" + std::to_string(i), work(r, g, false) + R"(, {"acquire": "S"}, {"set": ")" + f + R"("}, )" +
                                          work(r, g, false));
    add("returner" + std::to_string(i), R"({"wait": ")" + f + R"("}, {"io": ")" + duration(r) +
                                            R"("}, {"release": "S"})");
  }
  // The filler puts every item on D before it sets G; drainers then empty D with get_nowait.
  g.drained = r.below(6);
  std::string fill = R"({"io": ")" + duration(r) + "\"}";
  for (int i = 0; i < g.drained; ++i) fill += R"(, {"put": "D", "work": ")" + duration(r) + "\"}";
  add("filler", fill + R"(, {"set": "G"})");
  for (int d = 0, n = 1 + r.below(2); d < n; ++d)
    add("drainer" + std::to_string(d), R"({"wait": "G"}, {"repeat_until_empty": "D", "steps": [{"compute": "$work"}, )" +
                                           work(r, g, false) + "]}");
  events += R"(, "G")";
  std::string queue = g.maxsize > 0 ? R"({"Q": {"maxsize": )" + std::to_string(g.maxsize) + R"(}, "D": {}})"
                                    : R"(["Q", "D"])";
  const char* models[] = {"cpython3", "cpython2", "none"};  // every GIL releases when a thread blocks
  g.json = R"({"name": "generated", "gil": {"model": ")" + std::string(models[r.below(3)]) + R"("}, "cores": )" +
           std::to_string(1 + r.below(3)) +
           R"(, "devices": {"disk": {"channels": )" + std::to_string(1 + r.below(2)) +
           R"(}}, "processes": [{"name": "app", "gil": )" + (r.chance(70) ? "true" : "false") +
           R"(, "locks": [)" + locks + R"(], "rlocks": ["R"], "semaphores": {"S": )" + std::to_string(g.semaphore) +
           R"(}, "events": [)" + events + R"(], "queues": )" + queue + R"(, "threads": [)" + threads + "]}]}";
  return g;
}

// Checks the invariants at every operation.
struct Invariants : Observer {
  Invariants(const Roster& r, const Generated& g)
      : roster(r), limit(g), holders(r.syncs().size(), 0), puts(r.syncs().size(), 0), gets(r.syncs().size(), 0) {}
  const Roster& roster;
  const Generated& limit;
  std::vector<std::int64_t> holders;  // per primitive: threads holding it now
  std::vector<std::int64_t> puts, gets;  // per queue
  std::vector<std::string> problems;

  void on_sync(Time t, ThreadIndex, SyncIndex s, SyncOp op, std::int64_t value) override {
    const SyncSpec& spec = roster.sync_spec(s);
    auto problem = [&](const std::string& what) { problems.push_back(std::to_string(t) + ": " + spec.name + ": " + what); };
    switch (spec.kind) {
      case SyncKind::lock:
      case SyncKind::rlock:
        if (op == SyncOp::acquire && value == 1) ++holders[s];
        if (op == SyncOp::release && value == 0) --holders[s];
        if (holders[s] > 1 || holders[s] < 0) problem("held by " + std::to_string(holders[s]) + " threads");
        break;
      case SyncKind::semaphore:
        holders[s] += op == SyncOp::acquire ? 1 : op == SyncOp::release ? -1 : 0;
        if (holders[s] > limit.semaphore || value < 0 || value + holders[s] != limit.semaphore)
          problem("held by " + std::to_string(holders[s]) + ", " + std::to_string(value) + " free");
        break;
      case SyncKind::queue: {
        std::int64_t& put = puts[s];
        std::int64_t& got = gets[s];
        std::int64_t maxsize = spec.value;
        put += op == SyncOp::put;
        got += op == SyncOp::get;
        if (got > put) problem("more gets than puts");
        if (value < 0 || (maxsize > 0 && value > maxsize)) problem("length " + std::to_string(value));
        // Items in the queue are puts - gets, or one more than its length for the
        // instant an item goes straight from a put to a waiting getter.
        if (value != put - got && !(op == SyncOp::put && value == 0 && put - got == 1))
          problem("length " + std::to_string(value) + " but " + std::to_string(put - got) + " items");
        if (maxsize > 0 && put - got > maxsize) problem("more items than maxsize");
        break;
      }
      case SyncKind::event:
      case SyncKind::mp_queue:  // not generated here (test_mp_queue.cc)
      case SyncKind::mp_simple_queue:
      case SyncKind::mp_pipe:
      case SyncKind::mp_value:  // nor these (test_mp_shared.cc)
      case SyncKind::mp_array:
      case SyncKind::mp_shared_memory: break;
    }
    if (op == SyncOp::error) problem("program error");
  }
  void on_thread_state(const StateChange&) override {}
  void on_gil_acquire(Time, ProcessIndex, ThreadIndex, bool) override {}
  void on_gil_release(Time, ProcessIndex, ThreadIndex) override {}
  void on_gil_drop_request(Time, ProcessIndex, ThreadIndex) override {}
  void on_print(Time, ThreadIndex, std::string_view) override {}
  void on_deadlock(const Deadlock&) override {}
  void on_end(Time, const ThreadStates&) override {}
};

}  // namespace

TEST_CASE("sync properties over 400 generated scenarios") {
  // How many runs exercised what the properties are about: a wait on any
  // primitive or device, and contention on a lock (L0.., R) or the semaphore.
  // Floors, so that a change of the generator that stops producing waits is
  // noticed rather than passing vacuously.
  int deadlocks = 0, waited = 0, lock_contended = 0;
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    Generated g = generate(seed);
    CAPTURE(seed);
    CAPTURE(g.json);
    Scenario scenario = load_scenario_text(g.json, "generated.json");
    Roster roster(scenario);
    Invariants invariants(roster, g);
    Recorder recorder(roster);
    ObserverTee both(invariants, recorder);
    Outcome outcome = Simulation(roster, both).run();
    RunResult result = recorder.take();
    for (const std::string& problem : invariants.problems) MESSAGE(problem);
    CHECK(invariants.problems == std::vector<std::string>{});
    CHECK(!outcome.deadlock);  // locks in one order, gets matching puts, events set: no cycle
    CHECK(!outcome.program_error);
    CHECK(invariants.puts == invariants.gets);  // D drained: every item put before the drain was got
    // Hold figures respect the semaphore's value, also when another thread releases a permit.
    const SyncIndex S = g.locks + 1, Z = S + 2;  // L0.., R, S, E, Z
    REQUIRE(roster.sync_name(S) == "S");
    REQUIRE(roster.sync_name(Z) == "Z");
    CHECK(result.syncs[S].peak <= g.semaphore);
    CHECK(result.syncs[S].held <= g.semaphore * result.makespan);
    CHECK(result.syncs[Z].waits == 0);  // a wait with timeout 0 never blocks
    deadlocks += outcome.deadlock ? 1 : 0;
    std::uint64_t sync_waits = 0, lock_waits = 0;
    for (SyncIndex s = 0; s < result.syncs.size(); ++s) {
      sync_waits += result.syncs[s].waits;
      if (s <= S) lock_waits += result.syncs[s].waits;  // the locks, the rlock and the semaphore
    }
    for (const SyncResult& d : result.devices) sync_waits += d.waits;
    waited += sync_waits > 0 ? 1 : 0;
    lock_contended += lock_waits > 0 ? 1 : 0;
  }
  MESSAGE(waited << " of 400 runs waited on a primitive or device, " << lock_contended << " on a lock or the semaphore");
  CHECK(deadlocks == 0);
  CHECK(waited >= 380);
  CHECK(lock_contended >= 320);
}

}  // namespace gilsim
