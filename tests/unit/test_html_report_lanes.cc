// The HTML report's lanes for locks and counters, deadlocks, prints and colours.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "html_page_fixture.h"
#include "model_fixture.h"
#include "report/palette.h"
#include "scenario/loader.h"

namespace gilsim {
namespace {

using test::count;
using test::decode;
using test::Json;
using test::Page;

Page shipped(const std::string& stem) {
  return Page(load_scenario_file(std::string(GILSIM_SOURCE_DIR) + "/scenarios/" + stem + ".json"));
}

// A counter lane's points as (time ns, value).
std::vector<std::pair<Time, std::uint64_t>> counter_points(const Json& data, const Json& lane) {
  std::vector<std::pair<Time, std::uint64_t>> out;
  for (std::size_t i = 0; i + 1 < lane["points"].size(); i += 2)
    out.emplace_back(lane["points"][i].get<Time>() * data["tick"].get<Time>(), lane["points"][i + 1].get<std::uint64_t>());
  return out;
}

const Json& lane_labelled(const Json& data, const std::string& label) {
  for (const Json& lane : data["lanes"])
    if (lane["label"] == label) return lane;
  FAIL("no lane " << label);
  static const Json none;
  return none;
}

TEST_CASE("html report: a lock's lane shows every hold by its holder") {
  Page page = shipped("sync/locked_counter");
  Json data = page.data();
  const Json& lane = lane_labelled(data, "lock app/counter_lock");
  CHECK(lane["kind"] == "lock");
  CHECK(chart_lanes(page.roster).total() == data["lanes"].size());
  std::vector<HoldInterval> holds = page.result.syncs[0].holds;
  std::sort(holds.begin(), holds.end(), [](const HoldInterval& a, const HoldInterval& b) { return a.start < b.start; });
  auto slices = decode(data, lane);
  REQUIRE(slices.size() == holds.size());
  for (std::size_t i = 0; i < slices.size(); ++i) {
    CHECK(std::get<0>(slices[i]) == holds[i].start);
    CHECK(std::get<1>(slices[i]) == holds[i].end);
    CHECK(std::get<2>(slices[i]) == holds[i].holder);
  }
  // Drawn between the GIL and the threads of its process.
  CHECK(data["lanes"][3]["label"] == "lock app/counter_lock");
  CHECK(data["lanes"][2]["kind"] == "gil");
  CHECK(data["lanes"][4]["kind"] == "thread");
}

TEST_CASE("html report: semaphores count permits in use, queues items, devices busy channels") {
  Page pool = shipped("sync/connection_pool");
  Json data = pool.data();
  const Json& permits = lane_labelled(data, "semaphore app/pool");
  CHECK(permits["kind"] == "counter");
  CHECK(permits["counts"] == "permits in use");
  CHECK(permits["max"] == 2);
  auto points = counter_points(data, permits);
  std::uint64_t peak = 0;
  for (const auto& [t, v] : points) peak = std::max(peak, v);
  CHECK(peak == 2);  // both connections in use while clients wait
  CHECK(points.back().second == 0);
  CHECK(points.front() == std::make_pair(Time{0}, std::uint64_t{0}));

  Page queue = shipped("sync/producer_consumer");
  Json qdata = queue.data();
  const Json& items = lane_labelled(qdata, "queue app/items");
  CHECK(items["counts"] == "items");
  std::uint64_t longest = 0;
  for (const auto& [t, v] : counter_points(qdata, items)) longest = std::max(longest, v);
  CHECK(static_cast<std::int64_t>(longest) == queue.result.syncs[0].peak);

  Page disk = shipped("sync/one_disk_server");
  Json ddata = disk.data();
  const Json& busy = lane_labelled(ddata, "device disk");
  CHECK(busy["counts"] == "busy channels");
  CHECK(busy["max"] == 1);
  CHECK(ddata["lanes"][4]["label"] == "device disk");  // after the 4 cores, with the machine
  Time busy_time = 0;
  auto dpoints = counter_points(ddata, busy);
  for (std::size_t i = 0; i + 1 < dpoints.size(); ++i) busy_time += (dpoints[i + 1].first - dpoints[i].first) * static_cast<Time>(dpoints[i].second);
  CHECK(busy_time == disk.result.devices[0].held);
}

TEST_CASE("html report: a deadlock marks its cycle's lanes and draws what they are stuck in after it") {
  Page page = shipped("sync/dining_philosophers");
  Json data = page.data();
  const Time tick = data["tick"];
  const Time makespan = data["makespan"].get<Time>() * tick;
  const Time extent = data["extent"].get<Time>() * tick;
  CHECK(makespan == page.result.makespan);
  CHECK(extent == makespan + makespan / 8);
  std::size_t cycle_threads = 0, cycle_locks = 0;
  for (const Json& lane : data["lanes"]) {
    if (!lane.value("cycle", false)) continue;
    (lane["kind"] == "thread" ? cycle_threads : cycle_locks) += 1;
    auto slices = decode(data, lane);
    REQUIRE(!slices.empty());
    CHECK(std::get<0>(slices.back()) == makespan);  // the stuck stretch
    CHECK(std::get<1>(slices.back()) == extent);
    if (lane["kind"] == "thread") CHECK(std::get<2>(slices.back()) % 16 == static_cast<std::uint64_t>(ThreadState::lock_wait));
  }
  CHECK(cycle_threads == 5);
  CHECK(cycle_locks == 5);
  REQUIRE(data["deadlock"]["paths"].size() == 1);
  CHECK(data["deadlock"]["paths"][0].front() == "table/p1");
  CHECK(data["deadlock"]["paths"][0][1] == "F2");
  CHECK(data["deadlock"]["paths"][0].back() == "table/p1");
  CHECK(count(page.html, "Wait-for cycle: <span class=\"step\">table/p1</span> &rarr; <span class=\"step\">F2</span>") == 1);
  // Cores show nothing after it: they are idle for ever.
  CHECK(std::get<1>(decode(data, data["lanes"][0]).back()) <= makespan);
}

TEST_CASE("html report: prints are marked on their thread's lane, with their text") {
  Page page = shipped("two_cpu_bound_threads");
  Json data = page.data();
  REQUIRE(data["prints"].size() == page.result.output.size());
  CHECK(data["prints_total"] == page.result.output.size());
  for (std::size_t i = 0; i < page.result.output.size(); ++i) {
    const OutputLine& line = page.result.output[i];
    CHECK(data["prints"][i][0] == line.thread);
    CHECK(data["prints"][i][1].get<Time>() * data["tick"].get<Time>() == line.time);
    CHECK(data["prints"][i][2] == line.text);
  }
}

TEST_CASE("html report: a handful of threads get a colour each, more get one per thread spec") {
  Page few = shipped("two_cpu_bound_threads");
  Json data = few.data();
  CHECK(data["groups"] == Json::array({"app/main", "app/worker-1", "app/worker-2"}));
  CHECK(data["thread_group"] == Json::array({0, 1, 2}));
  using namespace gilsim::testing;
  ThreadSpec worker = thread("worker", {compute(1'000)});
  worker.count = 16;
  Page many(scenario(2, {process("app", true, {thread("main", {compute(1'000)}), worker})}));
  Json mdata = many.data();
  CHECK(mdata["groups"] == Json::array({"app/main", "app/worker (16 threads)"}));
  CHECK(mdata["thread_group"][0] == 0);
  CHECK(mdata["thread_group"][16] == 1);
  CHECK(mdata["group_colours"].size() == kGroupColourCount);
}

TEST_CASE("html report: a command in the description never breaks at its dashes") {
  Page page = shipped("compare/cpu_pool_threads");
  CHECK(count(page.html, "<span class=\"nowrap\">--gil</span> on,off") == 1);
  CHECK(count(page.html, "<span class=\"nowrap\">scenarios/compare/cpu_pool_threads.json</span>") == 1);
}

}  // namespace
}  // namespace gilsim
