// The scenario's "mp_shared": multiprocessing's locks and events shared by
// processes, and shared memory (Value, Array, SharedMemory) with the price of
// each access and copy. Every expected number is worked out by hand in the
// comment above it.
#include <doctest/doctest.h>

#include <string>

#include "pool_fixture.h"
#include "scenario/loader.h"

namespace gilsim {
namespace {

using pool_fixture::ms;
using pool_fixture::us;

// Every cost 0 but the shared memory's (round numbers).
void shared_costs(CostSpec& c) {
  c = CostSpec::none();
  c.shared_access = 1 * us;
  c.shared_copy_mb = 1 * ms;
}

struct SharedRun : pool_fixture::PoolScenarioRun {
  explicit SharedRun(const std::string& json) : PoolScenarioRun(R"({"start_together": true, )" + json.substr(1), shared_costs) {}
  const SyncResult& sync(const std::string& name) const {
    for (SyncIndex s = 0; s < roster->syncs().size(); ++s)
      if (roster->sync_full_name(s) == name) return result.syncs[s];
    FAIL("no primitive " << name);
    return result.syncs[0];
  }
};

}  // namespace

TEST_CASE("mp_shared: each access of an Array made with its lock takes the lock and copies holding the GIL") {
  // 3 reads of 2 MB: each takes the lock, 1 us of Python, 2 ms of copy: 6.003 ms.
  SharedRun run(R"({"name": "s", "mp_shared": {"grid": {"kind": "array", "bytes": "4MB"}}, "processes": [
    {"name": "p", "threads": [{"name": "main", "steps": [{"read": "grid", "bytes": "2MB", "count": 3}]}]}]})");
  REQUIRE(!run.outcome.deadlock);
  CHECK(run.finish("p/main") == 6003 * us);
  CHECK(run.sync("grid").uses == 3);
  CHECK(run.sync("grid").held == 6003 * us);
  // A write without "bytes" copies the whole array: 1 us + 4 ms.
  SharedRun whole(R"({"name": "s", "mp_shared": {"grid": {"kind": "array", "bytes": "4MB", "lock": false}}, "processes": [
    {"name": "p", "threads": [{"name": "main", "steps": [{"write": "grid"}]}]}]})");
  CHECK(whole.finish("p/main") == 4001 * us);
  CHECK(whole.sync("grid").uses == 0);  // a RawArray: no lock
}

TEST_CASE("mp_shared: a copy keeps the GIL: another thread of the process waits for it to end") {
  // main takes the GIL at 0 and copies 100 MB (1 us + 100 ms) holding it;
  // other needs the GIL to begin (its sleep is a Python call) and is refused
  // until the copy (one C call) ends at 100.001 ms: it sleeps 10 us, then
  // computes 1 ms (2 cores: it never waits for a core): 101.011 ms.
  SharedRun run(R"({"name": "s", "cores": 2, "mp_shared": {"block": {"kind": "shared_memory", "bytes": "100MB"}}, "processes": [
    {"name": "p", "threads": [{"name": "main", "steps": [{"read": "block"}]}, {"name": "other", "steps": [{"sleep": "10us"}, {"compute": "1ms"}]}]}]})");
  REQUIRE(!run.outcome.deadlock);
  CHECK(run.finish("p/main") == 100001 * us);
  CHECK(run.finish("p/other") == 101011 * us);
  CHECK(run.of("p/other").time_in[ThreadState::gil_wait] == 100001 * us);
}

TEST_CASE("mp_shared: a lock shared by processes: the second waits for the first, each on its own GIL and core") {
  // a holds the lock 0-10 ms; b asks at 1 ms, waits 9 ms, holds it 10-20 ms.
  SharedRun run(R"({"name": "s", "cores": 2, "mp_shared": {"gate": {"kind": "lock"}}, "processes": [
    {"name": "a", "threads": [{"name": "main", "steps": [{"with": "gate", "steps": [{"compute": "10ms"}]}]}]},
    {"name": "b", "threads": [{"name": "main", "steps": [{"sleep": "1ms"}, {"with": "gate", "steps": [{"compute": "10ms"}]}]}]}]})");
  REQUIRE(!run.outcome.deadlock);
  CHECK(run.finish("a/main") == 10 * ms);
  CHECK(run.finish("b/main") == 20 * ms);
  CHECK(run.of("b/main").time_in[ThreadState::lock_wait] == 9 * ms);
  CHECK(run.sync("gate").waits == 1);
}

TEST_CASE("mp_shared: a Value's get and set take its RLock again inside a with on it, and another process waits") {
  // a: with counter (0), read and write (2 x 1 us), compute 5 ms: releases at
  // 5.002 ms. b asks at 1 ms and gets it at 5.002 ms, then 2 us: 5.004 ms.
  SharedRun run(R"({"name": "s", "cores": 2, "mp_shared": {"counter": {"kind": "value"}}, "processes": [
    {"name": "a", "threads": [{"name": "main", "steps": [{"with": "counter", "steps": [{"read": "counter"}, {"write": "counter"}, {"compute": "5ms"}]}]}]},
    {"name": "b", "threads": [{"name": "main", "steps": [{"sleep": "1ms"}, {"read": "counter"}, {"write": "counter"}]}]}]})");
  REQUIRE(!run.outcome.deadlock);
  CHECK(run.finish("a/main") == 5002 * us);
  CHECK(run.finish("b/main") == 5004 * us);
  CHECK(run.sync("counter").uses == 3);  // a's with, b's read, b's write (a's inner ones re-enter)
}

TEST_CASE("mp_shared: an event set in one process releases a wait in another") {
  SharedRun run(R"({"name": "s", "cores": 2, "mp_shared": {"ready": {"kind": "event"}}, "processes": [
    {"name": "a", "threads": [{"name": "main", "steps": [{"sleep": "5ms"}, {"set": "ready"}]}]},
    {"name": "b", "threads": [{"name": "main", "steps": [{"wait": "ready"}, {"compute": "1ms"}]}]}]})");
  REQUIRE(!run.outcome.deadlock);
  CHECK(run.finish("b/main") == 6 * ms);
}

TEST_CASE("mp_shared: two processes taking two locks in opposite orders deadlock, and the report names both") {
  SharedRun run(R"({"name": "s", "cores": 2, "mp_shared": {"L1": {"kind": "lock"}, "L2": {"kind": "lock"}}, "processes": [
    {"name": "a", "threads": [{"name": "main", "steps": [{"acquire": "L1"}, {"sleep": "1ms"}, {"acquire": "L2"}]}]},
    {"name": "b", "threads": [{"name": "main", "steps": [{"acquire": "L2"}, {"sleep": "1ms"}, {"acquire": "L1"}]}]}]})");
  REQUIRE(run.outcome.deadlock);
  const std::string text = run.deadlock_text();
  CHECK(text.find("L1") != std::string::npos);
  CHECK(text.find("L2") != std::string::npos);
  CHECK(text.find("a/main") != std::string::npos);
  CHECK(text.find("b/main") != std::string::npos);
}

TEST_CASE("mp_shared: the loader refuses what multiprocessing cannot do") {
  auto refused = [](const std::string& shared, const std::string& steps) {
    try {
      load_scenario_text(R"({"name": "s", "mp_shared": )" + shared + R"(, "processes": [{"name": "p", "threads": [{"name": "main", "steps": )" +
                             steps + "}]}]}", "s.json");
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK(refused(R"({"c": {"kind": "value"}})", R"([{"read": "c", "bytes": "8B"}])").find("is a Value") != std::string::npos);
  CHECK(refused(R"({"g": {"kind": "array", "bytes": "1KB"}})", R"([{"read": "g", "bytes": "2KB"}])").find("holds 1000 bytes") !=
        std::string::npos);
  CHECK(refused(R"({"g": {"kind": "array", "bytes": "1KB", "lock": false}})", R"([{"acquire": "g"}])").find("RawArray") !=
        std::string::npos);
  CHECK(refused(R"({"m": {"kind": "shared_memory"}})", "[]").find("needs its size") != std::string::npos);
  CHECK(refused(R"({"L": {"kind": "lock"}})", R"([{"read": "L"}])").find("takes a value") != std::string::npos);
  CHECK(refused(R"({"L": {"kind": "lock"}})", R"([{"put": "L"}])").find("takes a queue") != std::string::npos);
  CHECK(refused(R"({"L": {"kind": "lock", "bytes": "1KB"}})", "[]").find("has no \"bytes\"") != std::string::npos);
  CHECK(refused(R"({"e": {"kind": "event"}})", R"([{"wait": "e", "timeout": "1ms"}])") == "accepted");
}

}  // namespace gilsim
