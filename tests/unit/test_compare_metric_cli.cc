#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_fixture.h"

// gilsim compare --metric as a user meets it: the columns in every format,
// the speedups that follow the first metric, absent values, and mistakes.

namespace {

using gilsim::test::CliResult;
using gilsim::test::run_gilsim;

std::string source(const std::string& path) { return std::string(GILSIM_SOURCE_DIR) + "/" + path; }

const std::string kConvoy = source("scenarios/convoy_effect.json");

std::vector<std::string> convoy(std::vector<std::string> more) {
  std::vector<std::string> args = {"compare", kConvoy, "--set", "gil.switch_interval=1ms,5ms,20ms", "--cores", "2"};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

nlohmann::json json_of(const CliResult& r) { return nlohmann::json::parse(r.out); }

}  // namespace

TEST_CASE("--metric finish: the I/O thread of the convoy finishes later as the switch interval grows") {
  CliResult r = run_gilsim(convoy({"--metric", "finish:io_thread", "--metric", "gil_wait", "-f", "json"}));
  REQUIRE(r.code == 0);
  nlohmann::json j = json_of(r);
  CHECK(j["metrics"] == nlohmann::json::parse(R"([{"name":"finish:io_thread","unit":"ns"},
                                                    {"name":"gil_wait","unit":"share"}])"));
  const auto& rows = j["rows"];
  REQUIRE(rows.size() == 3);
  std::int64_t finish[3];
  for (int i = 0; i < 3; ++i) finish[i] = rows[i]["metrics"]["finish:io_thread"].get<std::int64_t>();
  // Each of the 10 requests waits up to a switch interval for the GIL: more, later.
  CHECK(finish[0] < finish[1]);
  CHECK(finish[1] < finish[2]);
  CHECK(finish[2] <= rows[2]["makespan_ns"].get<std::int64_t>());
  // Speedup follows the first metric: point 1's value over this one's.
  CHECK(rows[0]["speedup"] == 1.0);
  CHECK(rows[1]["speedup"].get<double>() ==
        doctest::Approx(static_cast<double>(finish[0]) / static_cast<double>(finish[1])).epsilon(1e-5));
  // The whole run's gil_wait is the GIL wait column.
  for (const auto& row : rows) CHECK(row["metrics"]["gil_wait"] == row["gil_wait_share"]);
}

TEST_CASE("--metric: a column per metric in text and CSV, and the legend defines it") {
  CliResult csv = run_gilsim(convoy({"--metric", "finish:io_thread", "--metric", "print:request 9", "-f", "csv"}));
  REQUIRE(csv.code == 0);
  std::string header = csv.out.substr(0, csv.out.find("\r\n"));
  const std::string tail = "core_busy_ns,outcome,finish:io_thread,print:request 9";
  REQUIRE(header.size() > tail.size());
  CHECK(header.substr(header.size() - tail.size()) == tail);
  CliResult text = run_gilsim(convoy({"--metric", "finish:io_thread", "--metric", "print:request 9", "--width", "200"}));
  REQUIRE(text.code == 0);
  CHECK(text.out.find("makespan  finish:io_thread  print:request 9  speedup") != std::string::npos);
  std::string words = text.out;  // the legend, unwrapped
  for (char& c : words) c = c == '\n' ? ' ' : c;
  CHECK(words.find("finish:io_thread: when the last of io_thread's threads finished") != std::string::npos);
  CHECK(words.find("speedup: finish:io_thread of point 1 \xC3\xB7 this finish:io_thread.") != std::string::npos);
  CliResult html = run_gilsim(convoy({"--metric", "finish:io_thread", "-f", "html"}));
  CHECK(html.out.find("speedup over 1 core (finish:io_thread)") != std::string::npos);
  CHECK(html.out.find("<th>finish:io_thread</th>") != std::string::npos);
}

TEST_CASE("--metric: the same bytes whatever --jobs is") {
  for (const char* format : {"text", "csv", "json", "html"}) {
    CAPTURE(format);
    std::vector<std::string> args = convoy({"--metric", "response_p95:io_thread", "--metric", "finish:server",
                                            "--metric", "print:request 3", "--metric", "gil_wait:cpu_thread",
                                            "--cores", "1,2", "-f", format, "--jobs", "1"});
    args.erase(args.begin() + 4, args.begin() + 6);  // the convoy's --cores 2: this grid has 1 and 2
    CliResult one = run_gilsim(args);
    args.back() = "2";
    CliResult two = run_gilsim(args);
    REQUIRE(one.code == 0);
    CHECK(one.out == two.out);
  }
}

TEST_CASE("--metric: a thread that never finished is absent, not 0") {
  std::string cycle = source("tests/compare/join_cycle.json");
  CliResult csv = run_gilsim({"compare", cycle, "--cores", "1", "--metric", "finish:a", "-f", "csv"});
  CHECK(csv.code == 3);
  CHECK(csv.out.substr(csv.out.size() - 12) == ",deadlock,\r\n");
  CliResult json = run_gilsim({"compare", cycle, "--cores", "1", "--metric", "finish:a", "-f", "json"});
  CHECK(json_of(json)["rows"][0]["metrics"]["finish:a"].is_null());
  CHECK(json_of(json)["rows"][0]["speedup"].is_null());
  CliResult text = run_gilsim({"compare", cycle, "--cores", "1", "--metric", "finish:a"});
  std::size_t makespan = text.out.find("3.000 ms!");
  REQUIRE(makespan != std::string::npos);
  CHECK(text.out[text.out.find_first_not_of(' ', makespan + 9)] == '-');
}

TEST_CASE("--metric mistakes: exit 2, a message naming what is valid, nothing written") {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  std::vector<Case> cases = {
      {{"--metric", "finsh:io_thread"},
       "error: compare: --metric \"finsh:io_thread\": unknown metric \"finsh\" (did you mean \"finish\"?; valid: "
       "makespan, finish, response_mean, response_p95, response_max, gil_wait, print, task_latency_mean, "
       "task_latency_p50, task_latency_p95, task_latency_max, throughput; response and task_latency are short for "
       "response_mean and task_latency_mean)\n"},
      {{"--metric", "finish:io"},
       "error: compare: --metric \"finish:io\": no thread or process named \"io\" (threads: io_thread, cpu_thread; "
       "processes: server; or PROCESS/THREAD)\n"},
      {{"--metric", "throughput"}, "error: compare: --metric \"throughput\": the scenario has no executor\n"},
      {{"--metric", "loop_lag"},
       "error: compare: --metric \"loop_lag\": \"loop_lag\" is not available yet: it needs asyncio event loops, "
       "which gilsim does not model yet (available: makespan, finish, response_mean, response_p95, response_max, "
       "gil_wait, print, task_latency_mean, task_latency_p50, task_latency_p95, task_latency_max, throughput)\n"},
      {{"--metric", "finish:io_thread", "--metric", "finish:io_thread"},
       "error: compare: --metric \"finish:io_thread\": asked twice\n"},
      {{"--metric", "print:request 10"},
       "error: compare: --metric \"print:request 10\": no point printed a line containing \"request 10\" (the text "
       "is matched within a line, case and spaces as printed)\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.message);
    CliResult r = run_gilsim(convoy(c.args));
    CHECK(r.code == 2);
    CHECK(r.err == c.message);
    CHECK(r.out.empty());
  }
}
