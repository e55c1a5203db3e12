#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/simulation.h"
#include "html_page_fixture.h"
#include "model_fixture.h"
#include "report/html_chart.h"
#include "report/html_lanes.h"
#include "report/html_report.h"
#include "report/observer_tee.h"
#include "report/palette.h"
#include "report/recorder.h"
#include "scenario/loader.h"

namespace gilsim {
namespace {

using test::count;
using test::decode;
using test::Json;
using test::Page;

// A thread lane's slices as the full Recorder's intervals give them.
std::vector<DrawSlice> interval_slices(const std::vector<StateInterval>& intervals) {
  std::vector<DrawSlice> out;
  for (const StateInterval& iv : intervals)
    out.push_back({iv.start, iv.end, 16 * std::uint64_t{iv.detail} + static_cast<std::uint64_t>(iv.state), 1});
  return out;
}

TEST_CASE("html chart: lanes with few slices are drawn exactly") {
  std::vector<DrawSlice> slices;
  for (Time i = 0; i < 10; ++i) slices.push_back({i * 10, i * 10 + 7, static_cast<std::uint64_t>(i % 3), 1});
  std::vector<DrawSlice> drawn = merge_for_drawing(slices, 100, 10);
  REQUIRE(drawn.size() == slices.size());
  for (std::size_t i = 0; i < drawn.size(); ++i) {
    CHECK(drawn[i].start == slices[i].start);
    CHECK(drawn[i].end == slices[i].end);
    CHECK(drawn[i].count == 1);
  }
}

TEST_CASE("html chart: a lane with far more slices than buckets is merged, long slices stay exact") {
  std::vector<DrawSlice> slices;
  Time t = 0;
  for (int i = 0; i < 50'000; ++i, t += 10) slices.push_back({t, t + 10, static_cast<std::uint64_t>(i % 2), 1});
  const DrawSlice long_one{t, t + 500'000, 9, 1};
  slices.push_back(long_one);
  t += 500'000;
  for (int i = 0; i < 50'000; ++i, t += 10) slices.push_back({t, t + (i % 10 == 0 ? 9 : 1), 4, 1});  // mostly gaps
  const Time makespan = t;
  std::vector<DrawSlice> drawn = merge_for_drawing(slices, makespan, 100);
  CHECK(drawn.size() <= 3 * 100 + 1);
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < drawn.size(); ++i) {
    total += drawn[i].count;
    CHECK(drawn[i].start < drawn[i].end);
    if (i > 0) CHECK(drawn[i - 1].end <= drawn[i].start);
  }
  CHECK(total == slices.size());
  CHECK(drawn.front().start == 0);
  CHECK(drawn.back().end == slices.back().end);
  auto exact = std::find_if(drawn.begin(), drawn.end(), [&](const DrawSlice& s) { return s.key == 9; });
  REQUIRE(exact != drawn.end());
  CHECK(exact->start == long_one.start);
  CHECK(exact->end == long_one.end);
  CHECK(exact->count == 1);
}

TEST_CASE("html chart: a merged slice shows the key that covered most of its time") {
  // Width 10: the first four slices (3 ns of key 7, 1+1+1 ns of key 3 and 5) merge.
  std::vector<DrawSlice> slices = {{0, 3, 7, 1}, {3, 4, 3, 1}, {4, 5, 5, 1}, {5, 6, 3, 1}, {20, 40, 1, 1}};
  std::vector<DrawSlice> drawn = merge_for_drawing(slices, 40, 4);
  REQUIRE(drawn.size() == 2);
  CHECK(drawn[0].key == 7);
  CHECK(drawn[0].count == 4);
  CHECK(drawn[0].end == 6);
  slices[0].end = 1;  // now key 3 covers 4 ns, 7 and 5 one each
  slices[1].start = 1;
  CHECK(merge_for_drawing(slices, 40, 4)[0].key == 3);
}

TEST_CASE("html chart: a reduced curve still reaches every extreme") {
  std::vector<StepPoint> curve;
  std::uint32_t x = 12345;
  for (Time t = 0; t < 100'000; ++t) {
    x = x * 1103515245u + 12345u;
    curve.push_back({t, 1 + (x >> 16) % 7});
  }
  curve[54'321].value = 99;
  curve[77'777].value = 0;
  std::vector<StepPoint> drawn = reduce_for_drawing(curve, 100'000, 100);
  CHECK(drawn.size() <= 4 * 100);
  CHECK(drawn.front().time == 0);
  CHECK(drawn.back().time == curve.back().time);
  auto has = [&](Time t, std::uint32_t v) {
    return std::any_of(drawn.begin(), drawn.end(), [&](const StepPoint& p) { return p.time == t && p.value == v; });
  };
  CHECK(has(54'321, 99));
  CHECK(has(77'777, 0));
  CHECK(std::is_sorted(drawn.begin(), drawn.end(), [](const StepPoint& a, const StepPoint& b) { return a.time < b.time; }));
  CHECK(reduce_for_drawing(std::vector<StepPoint>(curve.begin(), curve.begin() + 400), 100'000, 100).size() == 400);
}

TEST_CASE("html report: the chart data reproduces every slice of a small run") {
  Page page(load_scenario_file(std::string(GILSIM_SOURCE_DIR) + "/scenarios/two_cpu_bound_threads.json"));
  Json data = page.data();
  const Json& lanes = data["lanes"];
  REQUIRE(lanes.size() == 2 + 1 + 3);  // 2 cores, the GIL, main and 2 workers
  CHECK(chart_lanes(page.roster).total() == lanes.size());
  CHECK(lanes[0]["kind"] == "core");
  CHECK(lanes[2]["kind"] == "gil");
  CHECK(lanes[2]["label"] == "GIL app");
  CHECK(lanes[5]["label"] == "app/worker-2");
  for (ThreadIndex t = 0; t < 3; ++t) {
    CAPTURE(t);
    auto slices = decode(data, lanes[3 + t]);
    const auto& intervals = page.result.intervals[t];
    REQUIRE(slices.size() == intervals.size());
    for (std::size_t i = 0; i < slices.size(); ++i) {
      CHECK(std::get<0>(slices[i]) == intervals[i].start);
      CHECK(std::get<1>(slices[i]) == intervals[i].end);
      CHECK(std::get<2>(slices[i]) == 16 * std::uint64_t{intervals[i].detail} + static_cast<std::uint64_t>(intervals[i].state));
    }
  }
  auto gil = decode(data, lanes[2]);
  const auto& holders = page.result.processes[0].holders;
  REQUIRE(gil.size() == holders.size());
  for (std::size_t i = 0; i < gil.size(); ++i)
    CHECK(std::get<2>(gil[i]) == 2 * std::uint64_t{holders[i].holder} + (holders[i].forced ? 1 : 0));
  Time on_core0 = 0;
  for (const auto& [start, end, thread] : decode(data, lanes[0])) on_core0 += end - start;
  CHECK(on_core0 == page.result.core_busy[0]);
  CHECK(data["concurrency"].size() == 2 * page.result.concurrency.curve.size());
  CHECK(data["concurrency_max"] == 3);
}

TEST_CASE("html report: one self-contained file, whatever the names and prints say") {
  using namespace gilsim::testing;
  Scenario sc = scenario(1, {process("<b>app</b>", true, {thread("t", {print({{TextPart::Kind::literal,
                                                                                 "</script><script>alert(1)</script> \xff"}}),
                                                                         compute(kMillisecond)})})});
  sc.name = "a <i>name</i> & more";
  sc.description = "line one\n</script> line two";
  Page page(sc);
  const std::string& html = page.html;
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(count(html, "<script") == 3);  // the error trap, the data, the chart
  CHECK(count(html, "</script>") == 3);
  CHECK(count(html, "<link") == 0);
  CHECK(count(html, " src=") == 0);
  CHECK(count(html, "url(") == count(html, "url(#"));  // only patterns and markers of the page itself
  CHECK(count(html, "@import") == 0);
  CHECK(count(html, "http") == count(html, "http://www.w3.org/2000/svg"));  // a namespace name, never fetched
  CHECK(count(html, "a &lt;i&gt;name&lt;/i&gt; &amp; more") == 2);          // title and heading
  CHECK(count(html, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; \xef\xbf\xbd") == 1);
  CHECK(count(html, "<p class=\"description\">") == 2);
  Json data = page.data();  // the data survives the names it carries
  CHECK(data["lanes"][2]["label"] == "<b>app</b>/t");
}

TEST_CASE("html report: a big lane is merged for drawing while the tables stay exact") {
  using namespace gilsim::testing;
  Scenario sc = scenario(1, {process("app", true, {thread("busy", {repeat(30'000, {compute(1'000), sleep_for(2'000)})})})});
  Page page(sc);
  Json data = page.data();
  const Json& lane = data["lanes"][2];
  REQUIRE(lane["label"] == "app/busy");
  CHECK(page.result.intervals[0].size() > 59'000);
  CHECK(lane["slices"].size() / 3 <= 3 * kDrawBuckets + 1);
  CHECK(!lane["merged"].empty());
  CHECK(count(page.html, "<td title=\"30000000 ns\">30.000</td>") == 2);  // running and GIL held, exact
  CHECK(count(page.html, "<td title=\"60000000 ns\">60.000</td>") == 1);  // sleep, exact
  CHECK(page.html.size() < 400'000);
}

TEST_CASE("html report: threads past the lane limit are left out of the chart, with a note") {
  using namespace gilsim::testing;
  ThreadSpec t = thread("t", {compute(1'000)});
  t.count = static_cast<std::uint32_t>(kMaxThreadLanes + 5);
  Page page(scenario(2, {process("app", false, {t})}));
  ChartLanes lanes = chart_lanes(page.roster);
  CHECK(lanes.threads == kMaxThreadLanes);
  CHECK(lanes.hidden_threads == 5);
  CHECK(lanes.gils == 0);
  CHECK(page.data()["lanes"].size() == 2 + kMaxThreadLanes);
  CHECK(count(page.html, "5 more threads (and their GILs)") == 1);
  CHECK(count(page.html, "5 more threads not listed") == 1);
}

TEST_CASE("html lanes: a slice list under its capacity keeps every slice as it came") {
  SliceList joined(8, true);
  joined.add(0, 2, 1);
  joined.add(2, 5, 1);  // same key, no gap: one interval, as the Recorder coalesces it
  joined.add(5, 6, 2);
  joined.add(7, 8, 2);  // a gap: a slice of its own
  REQUIRE(joined.slices().size() == 3);
  CHECK(joined.slices()[0].end == 5);
  CHECK(joined.slices()[0].count == 1);
  CHECK(joined.slices()[2].start == 7);
  CHECK(joined.min_span() == 0);
  SliceList apart(8, false);  // GIL lanes: two holds in a row stay two
  apart.add(0, 2, 1);
  apart.add(2, 5, 1);
  CHECK(apart.slices().size() == 2);
}

TEST_CASE("html lanes: an overflowing slice list merges neighbours under a doubling span") {
  SliceList lane(4, false);
  lane.add(0, 1, 1);
  lane.add(1, 2, 2);
  lane.add(2, 3, 1);
  lane.add(3, 4, 1);
  CHECK(lane.slices().size() == 4);
  lane.add(4, 5, 2);
  // Five slices > 4: span 5, min span the power of two >= 5 / 4 x 2 + 1 = 3,
  // so 4: [0,4) (keys 1,2,1,1: key 1 has 3 of its 4 ns) and [4,5), which
  // would make the group 5 ns. Two slices: at most half the capacity.
  CHECK(lane.min_span() == 4);
  REQUIRE(lane.slices().size() == 2);
  CHECK(lane.slices()[0].start == 0);
  CHECK(lane.slices()[0].end == 4);
  CHECK(lane.slices()[0].key == 1);
  CHECK(lane.slices()[0].count == 4);
  CHECK(lane.slices()[1].key == 2);
  // Now merged as they come: [5,8) of key 7 joins [4,5) (8 - 4 <= 4) and,
  // with 3 of the 4 ns, gives it its key; [8,9) would make it 5 ns: a new slice.
  lane.add(5, 8, 7);
  REQUIRE(lane.slices().size() == 2);
  CHECK(lane.slices()[1].end == 8);
  CHECK(lane.slices()[1].key == 7);
  CHECK(lane.slices()[1].count == 2);
  lane.add(8, 9, 2);
  CHECK(lane.slices().size() == 3);
  lane.add(9, 30, 5);  // long: exact, never merged
  CHECK(lane.slices().back().start == 9);
  CHECK(lane.slices().back().count == 1);
}

TEST_CASE("html lanes: a long run of slices stays within the capacity, in order, every slice counted") {
  SliceList lane(1000, true);
  Time t = 0;
  std::uint64_t added = 0;
  for (int i = 0; i < 200'000; ++i) {
    const Time length = i % 1000 == 0 ? 5'000 : 1 + i % 3;  // mostly short, now and then long
    lane.add(t, t + length, static_cast<std::uint64_t>(i % 2));
    ++added;
    t += length + (i % 5 == 0 ? 1 : 0);
    CHECK(lane.slices().size() <= 1000);
  }
  const std::vector<DrawSlice>& slices = lane.slices();
  std::uint64_t counted = 0;
  for (std::size_t i = 0; i < slices.size(); ++i) {
    counted += slices[i].count;
    CHECK(slices[i].start < slices[i].end);
    if (i > 0) CHECK(slices[i - 1].end <= slices[i].start);
  }
  CHECK(counted == added);
  CHECK(slices.back().end == t);  // the last i, 199999, adds no gap
  CHECK(std::has_single_bit(static_cast<std::uint64_t>(lane.min_span())));
  CHECK(std::count_if(slices.begin(), slices.end(), [](const DrawSlice& s) { return s.end - s.start == 5'000; }) > 0);
}

TEST_CASE("html lanes: a level curve coalesces one instant like the Recorder and stays bounded") {
  LevelCurve curve(64);
  curve.record(5, 1);
  curve.record(5, 2);  // same instant: one point, the last value
  curve.record(6, 2);  // no change
  curve.record(7, 0);
  curve.record(7, 2);  // back to the value before: no point at 7 at all
  REQUIRE(curve.points().size() == 2);
  CHECK(curve.points()[1].time == 5);
  CHECK(curve.points()[1].value == 2);
  std::uint32_t x = 12345;
  for (Time t = 10; t < 100'000; ++t) {
    x = x * 1103515245u + 12345u;
    curve.record(t, t == 54'321 ? 99 : 1 + (x >> 16) % 7);
    CHECK(curve.points().size() <= 64);
  }
  const auto& points = curve.points();
  CHECK(std::any_of(points.begin(), points.end(), [](const StepPoint& p) { return p.time == 54'321 && p.value == 99; }));
  CHECK(points.front().time == 0);
  CHECK(points.back().time == 99'999);
}

TEST_CASE("html report: a lane past kDrawBuckets but under its capacity is merged exactly as from every interval") {
  using namespace gilsim::testing;
  // 6001 intervals: merged for drawing (> 4000; the long sleep makes the
  // bucket 1.6 ms / 4000 = 400 ns, so pairs of 100 ns slices merge), never
  // merged while streaming (< 16000).
  Page page(scenario(1, {process("app", false, {thread("busy", {repeat(3'000, {compute(100), sleep_for(100)}),
                                                                  sleep_for(1'000'000)})})}));
  REQUIRE(page.result.intervals[0].size() > kDrawBuckets);
  CHECK(page.timeline.lanes()[1].slices.min_span() == 0);
  Json data = page.data();
  auto drawn = decode(data, data["lanes"][1]);
  std::vector<DrawSlice> expected = merge_for_drawing(interval_slices(page.result.intervals[0]), page.result.makespan);
  CHECK(expected.size() < page.result.intervals[0].size());
  REQUIRE(drawn.size() == expected.size());
  for (std::size_t i = 0; i < drawn.size(); ++i) {
    CHECK(std::get<0>(drawn[i]) == expected[i].start);
    CHECK(std::get<1>(drawn[i]) == expected[i].end);
    CHECK(std::get<2>(drawn[i]) == expected[i].key);
  }
}

TEST_CASE("html report: the chart's memory does not grow with the number of events") {
  using namespace gilsim::testing;
  auto run = [](std::uint32_t rounds) {
    return Page(scenario(1, {process("app", true, {thread("busy", {repeat(rounds, {compute(1'000), sleep_for(2'000)})})})}));
  };
  Page shorter = run(20'000);
  Page longer = run(80'000);  // four times the events
  CHECK(longer.result.intervals[0].size() > 3 * shorter.result.intervals[0].size());
  // 3 lanes of at most kMaxLaneSlices (their vectors at most twice that), 2 curves.
  const std::size_t bound = 3 * 2 * kMaxLaneSlices * sizeof(DrawSlice) + 2 * 2 * 65'536 * sizeof(StepPoint) + 4096;
  CHECK(shorter.timeline.memory_bytes() <= bound);
  CHECK(longer.timeline.memory_bytes() <= bound);
  CHECK(longer.timeline.memory_bytes() * 10 <= shorter.timeline.memory_bytes() * 11);
  std::uint64_t counted = 0;
  for (const DrawSlice& s : longer.timeline.lanes()[2].slices.slices()) counted += s.count;
  CHECK(counted == longer.result.intervals[0].size());  // no two intervals in a row share a state
  CHECK(longer.html.size() < 1'000'000);
}

}  // namespace
}  // namespace gilsim
