#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/simulation.h"
#include "model_fixture.h"
#include "report/html_chart.h"
#include "report/html_report.h"
#include "report/recorder.h"
#include "scenario/loader.h"

namespace gilsim {
namespace {

using Json = nlohmann::json;

struct Page {
  explicit Page(Scenario s) : scenario(std::move(s)), roster(scenario) {
    Recorder recorder(roster);
    Simulation(roster, recorder).run();
    result = recorder.take();
    std::ostringstream out;
    write_html_report(out, roster, result);
    html = out.str();
  }
  // The JSON the page's script draws from.
  Json data() const {
    const std::string open = "<script type=\"application/json\" id=\"gilsim-data\">";
    std::size_t start = html.find(open);
    REQUIRE(start != std::string::npos);
    start += open.size();
    return Json::parse(html.substr(start, html.find("</script>", start) - start));
  }
  Scenario scenario;
  Roster roster;
  RunResult result;
  std::string html;
};

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// A lane's slices as the page's script decodes them: (start, end, key) in ns.
std::vector<std::tuple<Time, Time, std::uint64_t>> decode(const Json& data, const Json& lane) {
  const Time tick = data["tick"];
  std::vector<std::tuple<Time, Time, std::uint64_t>> out;
  const Json& s = lane["slices"];
  Time t = 0;
  for (std::size_t i = 0; i + 2 < s.size(); i += 3) {
    Time start = t + s[i].get<Time>() * tick, end = start + s[i + 1].get<Time>() * tick;
    out.emplace_back(start, end, s[i + 2].get<std::uint64_t>());
    t = end;
  }
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
    const auto& intervals = page.result.threads[t].intervals;
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
  CHECK(count(html, "url(") == 0);
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
  CHECK(page.result.threads[0].intervals.size() > 59'000);
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

}  // namespace
}  // namespace gilsim
