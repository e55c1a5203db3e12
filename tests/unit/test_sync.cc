// Locks, rlocks, semaphores, events, queues and devices: exact numbers worked
// out by hand, deadlock reports pinned, program errors.

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "model/roster.h"
#include "model/simulation.h"
#include <sstream>

#include <nlohmann/json.hpp>

#include "report/html_report.h"
#include "report/json_report.h"
#include "report/observer_tee.h"
#include "report/recorder.h"
#include "scenario/loader.h"
#include "sync_fixture.h"

namespace gilsim {
namespace {

using testing::SyncRun;

constexpr Time ms = kMillisecond;
constexpr Time us = kMicrosecond;

}  // namespace

TEST_CASE("lock: a blocked acquire releases the GIL, the lock goes to the waiter, which must take the GIL again") {
  // One core. a: with L [io 2ms, compute 1ms]. b: io 1ms, with L [compute 1ms], compute 1ms.
  // 0: a takes L, io until 2. b io until 1. 1: b runs, L held -> lock_wait, GIL released.
  // 2: a runs (takes the free GIL), compute 2..3, releases L at 3 -> handed to b (ready).
  // a finishes at 3; b runs at 3, takes the GIL, compute 3..4, release, compute 4..5.
  SyncRun run(R"({"name": "x", "processes": [{"name": "p", "locks": ["L"], "threads": [
    {"name": "a", "steps": [{"with": "L", "steps": [{"io": "2ms"}, {"compute": "1ms"}]}]},
    {"name": "b", "steps": [{"io": "1ms"}, {"with": "L", "steps": [{"compute": "1ms"}]}, {"compute": "1ms"}]}]}]})");
  CHECK(run.finish(0) == 3 * ms);
  CHECK(run.finish(1) == 5 * ms);
  CHECK(run.in(1, ThreadState::lock_wait) == 2 * ms);  // 1..3
  CHECK(run.in(1, ThreadState::gil_wait) == 0);        // the GIL was free when it ran
  const SyncResult& L = run.result.syncs[0];
  CHECK(L.uses == 2);
  CHECK(L.waits == 1);
  CHECK(L.wait == 2 * ms);
  CHECK(L.held == 3 * ms + 1 * ms);  // a 0..3, b 3..4
  CHECK(L.max_held == 3 * ms);
  CHECK(L.held_by.at(0) == 3 * ms);
  CHECK(L.held_by.at(1) == 1 * ms);
  CHECK(!run.outcome.deadlock);
}

TEST_CASE("lock: waiters are served first come, first served") {
  // Two cores, no GIL. a holds L 0..3 (io). b waits from 1, c from 2: b gets it at 3 (compute 3..4), c at 4 (4..5).
  SyncRun run(R"({"name": "x", "cores": 2, "processes": [{"name": "p", "gil": false, "locks": ["L"], "threads": [
    {"name": "a", "steps": [{"with": "L", "steps": [{"io": "3ms"}]}]},
    {"name": "c", "steps": [{"io": "2ms"}, {"with": "L", "steps": [{"compute": "1ms"}]}]},
    {"name": "b", "steps": [{"io": "1ms"}, {"with": "L", "steps": [{"compute": "1ms"}]}]}]}]})");
  CHECK(run.finish(2) == 4 * ms);  // b
  CHECK(run.finish(1) == 5 * ms);  // c
  CHECK(run.result.syncs[0].wait == 2 * ms + 2 * ms);  // b 1..3, c 2..4
  CHECK(run.result.syncs[0].max_wait == 2 * ms);
}

TEST_CASE("rlock: re-entrant acquisitions count, the last release frees it") {
  // a: acquire R twice, io 2ms, release twice. b: io 1ms, with R [compute 1ms].
  // b waits 1..2 (a's second release at 2 frees it). One hold of a (0..2), one of b (2..3).
  SyncRun run(R"({"name": "x", "processes": [{"name": "p", "rlocks": ["R"], "threads": [
    {"name": "a", "steps": [{"acquire": "R"}, {"acquire": "R"}, {"io": "2ms"}, {"release": "R"}, {"release": "R"}]},
    {"name": "b", "steps": [{"io": "1ms"}, {"with": "R", "steps": [{"compute": "1ms"}]}]}]}]})");
  CHECK(run.finish(1) == 3 * ms);
  CHECK(run.result.syncs[0].uses == 2);
  CHECK(run.result.syncs[0].held == 2 * ms + 1 * ms);
  CHECK(run.in(1, ThreadState::lock_wait) == 1 * ms);
}

TEST_CASE("semaphore: at most its value hold it, the others queue") {
  // Semaphore 2, three threads each holding it for 4 ms of I/O, one core, no compute:
  // a and b at 0..4, c waits 0..4 then 4..8. Peak 2 holders.
  SyncRun run(R"({"name": "x", "processes": [{"name": "p", "semaphores": {"S": 2}, "threads": [
    {"name": "w", "count": 3, "steps": [{"with": "S", "steps": [{"io": "4ms"}]}]}]}]})");
  CHECK(run.finish(0) == 4 * ms);
  CHECK(run.finish(2) == 8 * ms);
  CHECK(run.result.syncs[0].peak == 2);
  CHECK(run.result.syncs[0].wait == 4 * ms);
  CHECK(run.result.syncs[0].held == 12 * ms);
}

TEST_CASE("event: set wakes every waiter, a timed wait returns at its timeout") {
  // main: io 3ms, set. w1, w2 wait (0..3). t waits with timeout 1ms (0..1) and goes on.
  SyncRun run(R"({"name": "x", "processes": [{"name": "p", "events": ["E"], "threads": [
    {"name": "main", "steps": [{"io": "3ms"}, {"set": "E"}]},
    {"name": "w", "count": 2, "steps": [{"wait": "E"}, {"compute": "1ms"}]},
    {"name": "t", "steps": [{"wait": "E", "timeout": "1ms"}]}]}]})");
  CHECK(run.in(1, ThreadState::event_wait) == 3 * ms);
  CHECK(run.in(2, ThreadState::event_wait) == 3 * ms);
  CHECK(run.finish(3) == 1 * ms);
  CHECK(run.finish(1) == 4 * ms);  // w-1 computes 3..4
  CHECK(run.finish(2) == 5 * ms);  // w-2 after it (one core, one GIL)
  CHECK(run.result.syncs[0].uses == 1);
  CHECK(run.result.syncs[0].waits == 3);
  CHECK(run.result.syncs[0].wait == 3 * ms + 3 * ms + 1 * ms);
}

TEST_CASE("timer_slack delays a timed event wait, a wait step names an event or a process") {
  // timer_slack 50us. t waits for E with timeout 1ms: nobody sets E, so it
  // returns at 1ms + 50us and finishes then. main spawns worker (no start_cost),
  // whose thread computes 2ms on core 1, and waits for that process: main's
  // wait ends when worker finishes at 2ms. Makespan 2ms.
  SyncRun run(R"({"name": "x", "cores": 2, "timer_slack": "50us", "processes": [
    {"name": "p", "events": ["E"], "threads": [
      {"name": "main", "steps": [{"spawn": "worker"}, {"wait": "worker"}]},
      {"name": "t", "steps": [{"wait": "E", "timeout": "1ms"}]}]},
    {"name": "worker", "gil": false, "threads": [{"name": "w", "steps": [{"compute": "2ms"}]}]}]})");
  CHECK(run.finish(1) == 1 * ms + 50 * us);
  CHECK(run.in(1, ThreadState::event_wait) == 1 * ms + 50 * us);
  CHECK(run.in(0, ThreadState::process_wait) == 2 * ms);
  CHECK(run.finish(0) == 2 * ms);
  CHECK(run.finish(2) == 2 * ms);
}

TEST_CASE("queue: get blocks when empty, put blocks when full, the getter computes the item's work") {
  // maxsize 1. producer: put 2ms, put 3ms (blocks until the consumer's get at 0..? see below).
  // consumer: io 1ms, then twice: get, compute $work.
  // 0: producer puts 2ms (queue 1), second put blocks (full). consumer io 0..1.
  // 1: consumer gets 2ms -> producer's 3ms item goes in, producer ready; consumer computes 1..3
  //    (producer finishes at once at 1: it only needs the GIL briefly... it waits for the GIL
  //    until the consumer's 5 ms switch interval? No: the consumer computes 2 ms < 5 ms, so the
  //    producer takes the GIL at 3 and finishes at 3).
  // 3: consumer gets 3ms, computes 3..6.
  SyncRun run(R"({"name": "x", "processes": [{"name": "p", "queues": {"Q": {"maxsize": 1}}, "threads": [
    {"name": "producer", "steps": [{"put": "Q", "work": "2ms"}, {"put": "Q", "work": "3ms"}]},
    {"name": "consumer", "steps": [{"io": "1ms"}, {"repeat": 2, "steps": [{"get": "Q"}, {"compute": "$work"}]}]}]}]})");
  CHECK(run.in(0, ThreadState::queue_wait) == 1 * ms);
  CHECK(run.finish(1) == 6 * ms);
  CHECK(run.in(1, ThreadState::running) == 5 * ms);
  CHECK(run.result.syncs[0].uses == 2);
  CHECK(run.result.syncs[0].puts == 2);
  CHECK(run.result.syncs[0].peak == 1);
}

TEST_CASE("queue: a worker pool drains the queue with repeat_until_empty") {
  // 2 workers, no GIL, 2 cores; tasks 3ms, 1ms, 1ms, 1ms. w-1 takes 3ms (0..3), w-2 1ms (0..1),
  // w-2 1ms (1..2), w-2 1ms (2..3); both find the queue empty at 3.
  SyncRun run(R"({"name": "x", "cores": 2, "processes": [{"name": "p", "gil": false, "queues": ["Q"], "threads": [
    {"name": "main", "steps": [{"put": "Q", "work": "3ms"}, {"repeat": 3, "steps": [{"put": "Q", "work": "1ms"}]},
                               {"start": "w"}, {"join": "w"}]},
    {"name": "w", "count": 2, "steps": [{"repeat_until_empty": "Q", "steps": [{"compute": "$work"}]}]}]}]})");
  CHECK(run.finish(0) == 3 * ms);
  CHECK(run.in(1, ThreadState::running) == 3 * ms);
  CHECK(run.in(2, ThreadState::running) == 3 * ms);
  CHECK(run.result.syncs[0].uses == 4);
}

TEST_CASE("queue: $work of Python compute is stretched by single_thread_overhead, native compute is not") {
  // model none, overhead 1.5: main puts 2ms twice; compute $work = 3ms, native $work = 2ms: 5ms in all.
  SyncRun run(R"({"name": "x", "gil": {"model": "none", "single_thread_overhead": 1.5}, "processes": [
    {"name": "p", "queues": ["Q"], "threads": [{"name": "main", "steps": [
      {"put": "Q", "work": "2ms"}, {"put": "Q", "work": "2ms"},
      {"get": "Q"}, {"compute": "$work"}, {"get": "Q"}, {"compute": "$work", "gil": false}]}]}]})");
  CHECK(run.finish(0) == 5 * ms);
}

TEST_CASE("device: one channel serves one I/O at a time, FIFO, I/O without a device overlaps") {
  // Three threads, 2ms on a one-channel disk: 0..2, 2..4, 4..6. Plain io overlaps: all end at 2.
  SyncRun run(R"({"name": "x", "devices": {"disk": {"channels": 1}}, "processes": [{"name": "p", "threads": [
    {"name": "d", "count": 3, "steps": [{"io": "2ms", "device": "disk"}]},
    {"name": "n", "count": 3, "steps": [{"io": "2ms"}]}]}]})");
  CHECK(run.finish(0) == 2 * ms);
  CHECK(run.finish(1) == 4 * ms);
  CHECK(run.finish(2) == 6 * ms);
  CHECK(run.finish(5) == 2 * ms);
  CHECK(run.in(2, ThreadState::device_wait) == 4 * ms);
  CHECK(run.result.devices[0].wait == 2 * ms + 4 * ms);
  CHECK(run.result.devices[0].held == 6 * ms);
}

TEST_CASE("deadlock: lock-order cycle, pinned exactly") {
  SyncRun run(R"({"name": "x", "processes": [{"name": "app", "locks": ["L1", "L2"], "threads": [
    {"name": "t1", "steps": [{"with": "L1", "steps": [{"io": "12ms"}, {"with": "L2", "steps": []}]}]},
    {"name": "t2", "steps": [{"with": "L2", "steps": [{"io": "12ms"}, {"with": "L1", "steps": []}]}]}]}]})");
  REQUIRE(run.outcome.deadlock);
  CHECK(run.deadlock_text() ==
        "deadlock at 12.000 ms: app/t1 holds L1 and waits for L2 (held by app/t2); app/t2 holds L2 and waits for L1");
}

TEST_CASE("deadlock: threads stuck without a cycle name what they wait for") {
  SyncRun run(R"({"name": "x", "processes": [{"name": "app", "locks": ["L"], "events": ["E"],
    "queues": {"Q": {"maxsize": 1}, "R": {}}, "threads": [
    {"name": "owner", "steps": [{"acquire": "L"}]},
    {"name": "locker", "steps": [{"io": "1ms"}, {"acquire": "L"}]},
    {"name": "waiter", "steps": [{"wait": "E"}]},
    {"name": "getter", "steps": [{"get": "R"}]},
    {"name": "putter", "steps": [{"put": "Q"}, {"put": "Q"}]},
    {"name": "joiner", "steps": [{"join": "getter"}]}]}]})");
  REQUIRE(run.outcome.deadlock);
  CHECK(run.deadlock_text() ==
        "deadlock at 1.000 ms: app/locker waits for L (held by app/owner, which finished); "
        "app/waiter waits for event E, which was not set before every thread blocked; "
        "app/getter waits to get from queue R, which was empty when every thread blocked; "
        "app/putter waits to put to queue Q, which was full (maxsize 1) when every thread blocked; "
        "app/joiner waits to join app/getter");
}

TEST_CASE("deadlock: a cycle through a join and a lock, and a thread stuck behind it") {
  // a holds L and joins b; b waits for L; c waits for L too (stuck, not in the cycle).
  SyncRun run(R"({"name": "x", "processes": [{"name": "app", "locks": ["L"], "threads": [
    {"name": "a", "steps": [{"acquire": "L"}, {"io": "1ms"}, {"join": "b"}]},
    {"name": "b", "steps": [{"acquire": "L"}]},
    {"name": "c", "steps": [{"acquire": "L"}]}]}]})");
  REQUIRE(run.outcome.deadlock);
  CHECK(run.deadlock_text() ==
        "deadlock at 1.000 ms: app/a holds L and waits to join app/b; app/b waits for L; "
        "also stuck: app/c waits for L (held by app/a)");
}

TEST_CASE("deadlock: a Lock acquired twice by its holder waits for itself, as in Python") {
  SyncRun run(R"({"name": "x", "processes": [{"name": "app", "locks": ["L"], "threads": [
    {"name": "t", "steps": [{"acquire": "L"}, {"compute": "1ms"}, {"acquire": "L"}]}]}]})");
  REQUIRE(run.outcome.deadlock);
  CHECK(run.deadlock_text() == "deadlock at 1.000 ms: app/t holds L and waits for L");
}

TEST_CASE("deadlock: a cycle through a semaphore names its holders") {
  // S has one permit: a holds it and waits for L; b holds L and waits for S.
  SyncRun run(R"({"name": "x", "processes": [{"name": "app", "locks": ["L"], "semaphores": {"S": 1}, "threads": [
    {"name": "a", "steps": [{"acquire": "S"}, {"io": "2ms"}, {"acquire": "L"}]},
    {"name": "b", "steps": [{"acquire": "L"}, {"io": "2ms"}, {"acquire": "S"}]},
    {"name": "c", "steps": [{"io": "1ms"}, {"acquire": "S"}]}]}]})");
  REQUIRE(run.outcome.deadlock);
  CHECK(run.deadlock_text() ==
        "deadlock at 2.000 ms: app/a holds S and waits for L (held by app/b); app/b holds L and waits for S; "
        "also stuck: app/c waits for S (held by app/a)");
}

TEST_CASE("reports: the JSON and HTML reports carry the primitives' table") {
  SyncRun run(R"({"name": "x", "devices": ["disk"], "processes": [{"name": "app", "locks": ["L"], "threads": [
    {"name": "t", "count": 2, "steps": [{"with": "L", "steps": [{"io": "1ms", "device": "disk"}]}]}]}]})");
  std::ostringstream json, html;
  write_json_report(json, *run.roster, run.result);
  {  // the page as `gilsim run --format html` makes it: totals and the streamed lanes
    Recorder totals(*run.roster, RecorderDetail::totals);
    HtmlTimeline timeline(*run.roster);
    ObserverTee both(totals, timeline);
    Simulation(*run.roster, both).run();
    write_html_report(html, *run.roster, totals.take(), timeline);
  }
  // L: held 0..1 by t-1 and 1..2 by t-2 (handed over at 1); t-2 waited 0..1.
  nlohmann::json report = nlohmann::json::parse(json.str());
  const nlohmann::json& L = report["syncs"][0];
  CHECK(L["name"] == "app/L");
  CHECK(L["held_by_ns"] == nlohmann::json{{"app/t-1", 1000000}, {"app/t-2", 1000000}});
  CHECK(L["holds"].dump() == R"([[0,1000000,"app/t-1"],[1000000,2000000,"app/t-2"]])");
  CHECK(report["syncs"][1]["name"] == "disk");
  CHECK(report["syncs"][1]["held_ns"] == 2000000);
  CHECK(report["threads"][1]["intervals"][0].dump() == R"([0,1000000,"lock_wait","app/L"])");
  CHECK(report["threads"][1]["lock_wait_ns"] == 1000000);
  CHECK(html.str().find("<h2>Synchronisation</h2>") != std::string::npos);
  CHECK(html.str().find("<td class=\"name\">disk</td><td>device(1)</td>") != std::string::npos);
}

TEST_CASE("program error: releasing a lock one does not hold ends the thread, the run goes on") {
  SyncRun run(R"({"name": "x", "processes": [{"name": "app", "locks": ["L"], "semaphores": {"S": 1}, "threads": [
    {"name": "t1", "steps": [{"io": "3ms"}, {"release": "L"}, {"compute": "1ms"}]},
    {"name": "t2", "steps": [{"release": "S"}]},
    {"name": "t3", "steps": [{"compute": "5ms"}]}]}]})");
  REQUIRE(run.outcome.program_error);
  CHECK(run.program_error_text() ==
        "program error at 0 ns: app/t2: release(S): ValueError: Semaphore released too many times");
  // One core: t2 dies at 0, t3 computes 0..5 (its quantum is 10 ms), so t1, back from
  // its I/O at 3, runs at 5 and dies at the release; its compute never runs.
  CHECK(run.finish(0) == 5 * ms);
  CHECK(run.finish(2) == 5 * ms);
  CHECK(run.result.syncs[0].errors == 1);
  REQUIRE(run.result.output.size() == 2);
  CHECK(run.result.output[0].text == "Exception in thread t2: ValueError: Semaphore released too many times");
  CHECK(run.result.output[1].text == "Exception in thread t1: RuntimeError: release unlocked lock");
  // Every error reaches the reports, in order; the outcome keeps the first.
  REQUIRE(run.result.program_errors.size() == 2);
  CHECK(run.result.program_errors[0] == *run.outcome.program_error);
  CHECK(run.result.program_errors[1].at == 5 * ms);
  CHECK(program_error_text(*run.roster, run.result.program_errors[1]) ==
        "program error at 5.000 ms: app/t1: release(L): RuntimeError: release unlocked lock");
  CHECK(!run.outcome.deadlock);
}

}  // namespace gilsim
