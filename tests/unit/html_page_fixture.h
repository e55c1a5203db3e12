// The HTML report of one run, as `gilsim run --format html` makes it, and the
// data its script draws from, for the report's tests.
#pragma once

#include <cstdint>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "model/simulation.h"
#include "report/html_lanes.h"
#include "report/html_report.h"
#include "report/observer_tee.h"
#include "report/recorder.h"

namespace gilsim::test {

using Json = nlohmann::json;

// The page as `gilsim run --format html` makes it: totals and an HtmlTimeline
// fed by one run. A full Recorder watches the same run, for the checks.
struct Page {
  explicit Page(Scenario s) : scenario(std::move(s)), roster(scenario), timeline(roster) {
    Recorder full(roster, RecorderDetail::full);
    Recorder totals(roster, RecorderDetail::totals);
    ObserverTee page_observers(totals, timeline);
    ObserverTee all(full, page_observers);
    Simulation(roster, all).run();
    result = full.take();
    RunResult page_result = totals.take();
    std::ostringstream out;
    write_html_report(out, roster, page_result, timeline);
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
  HtmlTimeline timeline;
  RunResult result;  // full detail
  std::string html;
};


inline std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// A lane's slices as the page's script decodes them: (start, end, key) in ns.
inline std::vector<std::tuple<Time, Time, std::uint64_t>> decode(const Json& data, const Json& lane) {
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

}  // namespace gilsim::test
