// The Recorder at totals detail gives the same figures as at full detail.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "feed.h"
#include "model/roster.h"
#include "model/simulation.h"
#include "model_fixture.h"
#include "recorder_fixture.h"
#include "report/observer_tee.h"
#include "report/recorder.h"
#include "scenario/loader.h"

namespace gilsim {
namespace {

using namespace recorder_test;  // NOLINT: the fixture's names read as the run's

struct BothDetails : ObserverTee {
  Recorder full, totals;
  explicit BothDetails(const Roster& roster)
      : ObserverTee(full, totals), full(roster, RecorderDetail::full), totals(roster, RecorderDetail::totals) {}
};

// The average and maximum of a curve, worked out from its points alone.
void check_level_from_curve(const LevelSummary& level, Time makespan) {
  REQUIRE(!level.curve.empty());
  Time area = 0;  // small runs: no overflow
  std::uint32_t max = 0;
  for (std::size_t i = 0; i < level.curve.size(); ++i) {
    Time end = i + 1 < level.curve.size() ? level.curve[i + 1].time : makespan;
    area += static_cast<Time>(level.curve[i].value) * (end - level.curve[i].time);
    max = std::max(max, level.curve[i].value);
  }
  CHECK(level.max == max);
  CHECK(level.average == (makespan > 0 ? static_cast<double>(area) / static_cast<double>(makespan) : 0.0));
}

// Every number of `totals` is the same as `full`'s; none of the per-event data is kept.
void check_same_totals(const RunResult& full, const RunResult& totals) {
  CHECK(full.detailed);
  CHECK(!totals.detailed);
  CHECK(totals.makespan == full.makespan);
  REQUIRE(totals.threads.size() == full.threads.size());
  for (std::size_t i = 0; i < full.threads.size(); ++i) {
    CAPTURE(i);
    CHECK(totals.threads[i].start == full.threads[i].start);
    CHECK(totals.threads[i].finish == full.threads[i].finish);
    CHECK(totals.threads[i].time_in == full.threads[i].time_in);
    CHECK(totals.intervals_of(static_cast<ThreadIndex>(i)).empty());
  }
  REQUIRE(totals.processes.size() == full.processes.size());
  for (std::size_t p = 0; p < full.processes.size(); ++p) {
    CAPTURE(p);
    const ProcessResult &a = full.processes[p], &b = totals.processes[p];
    CHECK(b.gil_handoffs == a.gil_handoffs);
    CHECK(b.forced_switches == a.forced_switches);
    CHECK(b.drop_requests == a.drop_requests);
    CHECK(b.gil_wait == a.gil_wait);
    CHECK(b.gil_held == a.gil_held);
    CHECK(b.holders.empty());
  }
  CHECK(totals.core_busy == full.core_busy);
  for (auto [a, b] : {std::pair{&full.concurrency, &totals.concurrency}, std::pair{&full.parallelism, &totals.parallelism}}) {
    CHECK(b->average == a->average);  // the same double, bit for bit
    CHECK(b->max == a->max);
    CHECK(b->curve.empty());
    check_level_from_curve(*a, full.makespan);
  }
  REQUIRE(totals.output.size() == full.output.size());
  for (std::size_t k = 0; k < full.output.size(); ++k) {
    CHECK(totals.output[k].time == full.output[k].time);
    CHECK(totals.output[k].thread == full.output[k].thread);
    CHECK(totals.output[k].text == full.output[k].text);
  }
  REQUIRE(totals.deadlock.size() == full.deadlock.size());
  if (!full.deadlock.empty()) CHECK(totals.deadlock[0] == full.deadlock[0]);
}

void check_both_details(const Roster& roster, const std::function<void(testing::Feed&)>& run) {
  BothDetails both(roster);
  testing::Feed feed(both, roster);
  run(feed);
  check_same_totals(both.full.take(), both.totals.take());
}

TEST_CASE("recorder: totals detail agrees with full detail on hand-made runs") {
  Fixture f;
  SUBCASE("main starts and joins a worker") { check_both_details(f.roster, drive<testing::Feed>); }
  SUBCASE("deadlock with the GIL held at the end") {
    check_both_details(f.roster, [](testing::Feed& o) {
      o.on_thread_state(0, kMain, S::running, 1);
      o.on_gil_acquire(0, 0, kMain, false);
      o.on_thread_state(4, kMain, S::join, kWorker);
      o.on_deadlock(testing::stuck_join(4, kMain, kWorker));
      o.on_end(4);
    });
  }
  SUBCASE("makespan 0") {
    check_both_details(f.roster, [](testing::Feed& o) {
      o.on_thread_state(0, kMain, S::running, 0);
      o.on_thread_state(0, kMain, S::finished, 0);
      o.on_end(0);
    });
  }
  SUBCASE("a blip to 2 at one instant is not the maximum") {
    auto blip = [](testing::Feed& o) {
      o.on_thread_state(0, kMain, S::running, 0);
      o.on_thread_state(3, kWorker, S::running, 1);  // parallelism 2 for no time
      o.on_thread_state(3, kWorker, S::sleep, 0);
      o.on_end(5);
    };
    check_both_details(f.roster, blip);
    Recorder totals(f.roster, RecorderDetail::totals);
    testing::Feed feed(totals, f.roster);
    blip(feed);
    CHECK(totals.take().parallelism.max == 1);
  }
  SUBCASE("the level the run ends in counts, as the curve's last point always has") {
    auto rise_at_end = [](testing::Feed& o) {
      o.on_thread_state(0, kMain, S::running, 0);
      o.on_thread_state(9, kWorker, S::running, 1);  // 2 at the very end
      o.on_deadlock(testing::stuck_join(9, kMain, kWorker));
      o.on_end(9);
    };
    check_both_details(f.roster, rise_at_end);
    Recorder totals(f.roster, RecorderDetail::totals);
    testing::Feed feed(totals, f.roster);
    rise_at_end(feed);
    CHECK(totals.take().parallelism.max == 2);
  }
  SUBCASE("a level that returns to its value within one instant") {
    check_both_details(f.roster, [](testing::Feed& o) {
      o.on_thread_state(2, kMain, S::running, 0);
      o.on_thread_state(5, kMain, S::ready, 0);
      o.on_thread_state(5, kMain, S::running, 1);
      o.on_thread_state(5, kWorker, S::ready, 0);
      o.on_thread_state(5, kWorker, S::finished, 0);
      o.on_thread_state(7, kMain, S::finished, 0);
      o.on_end(8);
    });
  }
}

TEST_CASE("recorder: totals detail agrees with full detail on every shipped scenario") {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(GILSIM_SOURCE_DIR) + "/scenarios"))
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  REQUIRE(!files.empty());
  for (const std::string& file : files) {
    CAPTURE(file);
    Scenario sc = load_scenario_file(file);
    Roster roster(sc);
    check_both_details(roster, [&](testing::Feed& o) { Simulation(roster, o.observer()).run(); });
  }
}

TEST_CASE("recorder: totals detail agrees with full detail on busier simulated runs") {
  using namespace gilsim::testing;
  std::vector<Scenario> runs;
  // 50 threads, GIL, 3 cores, I/O and compute in odd lengths.
  runs.push_back(scenario(3, {process("app", true, {[] {
                                        ThreadSpec t = thread("w", {repeat(20, {compute(1300), io(700)})});
                                        t.count = 50;
                                        return t;
                                      }()})}));
  // Two processes, one free-threaded, sleeping and native compute on 2 cores.
  runs.push_back(scenario(2, {process("a", false, {[] {
                                        ThreadSpec t = thread("w", {repeat(30, {compute(999), sleep_for(1001)})});
                                        t.count = 7;
                                        return t;
                                      }()}),
                              process("b", true, {thread("n", {repeat(40, {compute(500, false), compute(250)})})})}));
  for (const Scenario& sc : runs) {
    Roster roster(sc);
    check_both_details(roster, [&](testing::Feed& o) { Simulation(roster, o.observer()).run(); });
  }
}
}  // namespace
}  // namespace gilsim
