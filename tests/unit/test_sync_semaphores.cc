// Semaphores have no owner: a release by a thread that holds no permit ends
// the oldest hold, in the model (deadlock report) and in the recorded figures.

#include <doctest/doctest.h>

#include <string>

#include "model/sync/open_holds.h"
#include "sync_fixture.h"

namespace gilsim {
namespace {

using testing::SyncRun;
constexpr Time ms = kMillisecond;
constexpr Time us = kMicrosecond;

}  // namespace

TEST_CASE("semaphore: a release by another thread ends the oldest hold") {
  // Two cores, S = 1. t1 acquires at 0 and finishes holding it. t2 releases it at 1 ms
  // (it holds none): t1's hold ends, 0..1. t3 acquires at 2, holds until 3.
  // Held 1 + 1 = 2 ms, never by two threads at once; the run ends at 3 ms.
  SyncRun run(R"({"name": "x", "cores": 2, "processes": [{"name": "app", "semaphores": {"S": 1}, "threads": [
    {"name": "t1", "steps": [{"acquire": "S"}]},
    {"name": "t2", "steps": [{"io": "1ms"}, {"release": "S"}]},
    {"name": "t3", "steps": [{"io": "2ms"}, {"acquire": "S"}, {"io": "1ms"}, {"release": "S"}]}]}]})");
  const SyncResult& S = run.result.syncs[0];
  CHECK(run.result.makespan == 3 * ms);
  CHECK(S.peak == 1);
  CHECK(S.held == 2 * ms);
  CHECK(S.held_by.at(0) == 1 * ms);
  CHECK(S.held_by.at(2) == 1 * ms);
  CHECK(S.held_by.count(1) == 0);
  REQUIRE(S.holds.size() == 2);
  CHECK(S.holds[0].holder == 0);
  CHECK(S.holds[0].end == 1 * ms);
}

TEST_CASE("semaphore: a signal released by a producer is not counted as held by the consumer for ever") {
  // S = 1 used as a signal. cons: 4 x [acquire S, compute 1us]; prod: 2 x [io 2us, release S].
  // Two cores, one GIL. 0: cons takes the permit and the GIL, computes 0..1; prod waits for the
  // GIL. 1: cons waits for S (GIL to prod), prod's io 1..3. 3: prod releases (it holds none: cons's
  // hold 0..3 ends); the permit goes to cons, which computes 3..4 and waits at 4. prod's io 3..5;
  // at 5 it releases, ending cons's hold 3..5, and finishes; cons computes 5..6 and waits for ever
  // at 6, holding only the permit it took at 5.
  SyncRun run(R"({"name": "x", "cores": 2, "processes": [{"name": "app", "semaphores": {"S": 1}, "threads": [
    {"name": "cons", "steps": [{"repeat": 4, "steps": [{"acquire": "S"}, {"compute": "1us"}]}]},
    {"name": "prod", "steps": [{"repeat": 2, "steps": [{"io": "2us"}, {"release": "S"}]}]}]}]})");
  REQUIRE(run.outcome.deadlock);
  CHECK(run.deadlock_text() == "deadlock at 6.000 us: app/cons holds S and waits for S");
  const SyncResult& S = run.result.syncs[0];
  CHECK(S.peak == 1);
  CHECK(S.held == 3 * us + 2 * us + 1 * us);  // 0..3, 3..5, 5..6 (closed at the end)
}

TEST_CASE("semaphore: a thread that holds a permit releases its own, not the oldest") {
  // S = 2, two cores, no GIL. a acquires at 0 and holds to the end (3 ms). b acquires at 1 ms
  // and releases at 2 ms: its own hold ends (1..2), a's stays open 0..3.
  SyncRun run(R"({"name": "x", "cores": 2, "processes": [{"name": "app", "gil": false, "semaphores": {"S": 2}, "threads": [
    {"name": "a", "steps": [{"acquire": "S"}, {"io": "3ms"}]},
    {"name": "b", "steps": [{"io": "1ms"}, {"acquire": "S"}, {"io": "1ms"}, {"release": "S"}]}]}]})");
  const SyncResult& S = run.result.syncs[0];
  CHECK(S.held_by.at(0) == 3 * ms);
  CHECK(S.held_by.at(1) == 1 * ms);
  CHECK(S.peak == 2);
}

TEST_CASE("semaphore: threading.Semaphore(0) is a signal, it may be released above its initial value") {
  // Two cores, one GIL. cons: 2 x [acquire S, compute 1us]; prod: io 2us, release S three times.
  // 0: cons waits for S (value 0). prod's io 0..2; at 2 it releases: the permit goes to cons
  // (which holds none yet: the release ends no hold); releases 2 and 3 raise the value to 2
  // (unbounded: no error). cons computes 2..3, takes a permit at once, computes 3..4.
  SyncRun run(R"({"name": "x", "cores": 2, "processes": [{"name": "app",
    "semaphores": {"S": {"value": 0, "bounded": false}}, "threads": [
    {"name": "cons", "steps": [{"repeat": 2, "steps": [{"acquire": "S"}, {"compute": "1us"}]}]},
    {"name": "prod", "steps": [{"io": "2us"}, {"release": "S"}, {"release": "S"}, {"release": "S"}]}]}]})");
  CHECK(!run.outcome.deadlock);
  CHECK(!run.outcome.program_error);
  CHECK(run.finish(0) == 4 * us);
  CHECK(run.result.syncs[0].errors == 0);
  CHECK(run.roster->sync_spec(0).value == 0);
  CHECK(!run.roster->sync_spec(0).bounded);
}

TEST_CASE("semaphore: the object form defaults to a bounded semaphore of 1") {
  SyncRun run(R"({"name": "x", "processes": [{"name": "app", "semaphores": {"S": {}, "P": 3}, "threads": [
    {"name": "t", "steps": [{"acquire": "S"}, {"release": "S"}, {"release": "S"}]}]}]})");
  CHECK(run.roster->sync_spec(0).value == 1);
  CHECK(run.roster->sync_spec(0).bounded);
  CHECK(run.roster->sync_spec(1).value == 3);
  REQUIRE(run.outcome.program_error);  // BoundedSemaphore(1) released twice
  CHECK(run.program_error_text().find("ValueError: Semaphore released too many times") != std::string::npos);
}

}  // namespace gilsim

namespace gilsim {

TEST_CASE("OpenHolds: a thread's latest hold, or the oldest of all, ends") {
  OpenHolds open;
  open.begin(1, 10);
  open.begin(2, 20);
  open.begin(1, 30);
  open.begin(3, 40);
  CHECK(open.size() == 4);
  CHECK(open.oldest().thread == 1);
  CHECK(open.end_latest_of(1)->since == 30);  // 1's latest
  CHECK(!open.end_latest_of(4));              // holds nothing
  CHECK(open.end_oldest()->since == 10);      // 1's first, the oldest of all
  CHECK(!open.holds(1));
  CHECK(open.end_oldest()->since == 20);
  open.begin(2, 50);  // reuses a freed slot
  CHECK(open.end_latest()->since == 50);
  CHECK(open.end_latest()->since == 40);
  CHECK(open.empty());
  CHECK(!open.end_oldest());
}

}  // namespace gilsim
