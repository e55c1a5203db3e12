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

// 200 calls with 2 MB of arguments, through a thread pool and a process pool of 4 on 4 cores.
std::vector<std::string> big_args(std::vector<std::string> more) {
  std::vector<std::string> args = {"compare", source("scenarios/pools/big_args.json"), "--set",
                                   "processes.0.executors.pool.kind=thread,process", "--cores", "4"};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

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
       "task_latency_p50, task_latency_p95, task_latency_max, throughput, busy_share, pickling, pipe; response and "
       "task_latency are short for response_mean and task_latency_mean)\n"},
      {{"--metric", "finish:io"},
       "error: compare: --metric \"finish:io\": no thread or process named \"io\" (threads: io_thread, cpu_thread; "
       "processes: server; or PROCESS/THREAD)\n"},
      {{"--metric", "throughput"}, "error: compare: --metric \"throughput\": the scenario has no executor\n"},
      {{"--metric", "pickling"}, "error: compare: --metric \"pickling\": the scenario has no executor\n"},
      {{"--metric", "loop_lag"},
       "error: compare: --metric \"loop_lag\": \"loop_lag\" is not available yet: it needs asyncio event loops, "
       "which gilsim does not model yet (available: makespan, finish, response_mean, response_p95, response_max, "
       "gil_wait, print, task_latency_mean, task_latency_p50, task_latency_p95, task_latency_max, throughput, "
       "busy_share, pickling, pipe)\n"},
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

TEST_CASE("--metric busy_share, pickling and pipe: a share in percent, times in the run's unit, per executor") {
  CliResult json = run_gilsim(
      big_args({"--metric", "throughput", "--metric", "busy_share", "--metric", "pickling:pool", "--metric", "pipe:app/pool",
                "-f", "json"}));
  REQUIRE(json.code == 0);
  nlohmann::json j = json_of(json);
  CHECK(j["metrics"] == nlohmann::json::parse(R"([{"name":"throughput","unit":"per_second"},
                                                    {"name":"busy_share","unit":"share"},
                                                    {"name":"pickling:pool","unit":"ns"},
                                                    {"name":"pipe:app/pool","unit":"ns"}])"));
  const auto& rows = j["rows"];
  REQUIRE(rows.size() == 2);
  const auto& thread = rows[0]["metrics"];
  const auto& process = rows[1]["metrics"];
  // A thread pool passes references: nothing pickled, nothing through a pipe (0, not absent).
  CHECK(thread["pickling:pool"] == 0);
  CHECK(thread["pipe:app/pool"] == 0);
  // The process pool pickles 2 MB a call and writes it through a pipe: 200 calls, at least a pickle each.
  CHECK(process["pickling:pool"].get<std::int64_t>() > 0);
  CHECK(process["pipe:app/pool"].get<std::int64_t>() > 0);
  for (const auto* row : {&thread, &process}) {
    double share = (*row)["busy_share"].get<double>();
    CHECK(share > 0);
    CHECK(share <= 1);
  }
  // Throughput still drives the speedup: the process pool's over the thread pool's.
  CHECK(rows[1]["speedup"].get<double>() ==
        doctest::Approx(process["throughput"].get<double>() / thread["throughput"].get<double>()).epsilon(1e-5));

  CliResult csv = run_gilsim(
      big_args({"--metric", "makespan", "--metric", "busy_share", "--metric", "pickling", "--metric", "pipe", "-f", "csv"}));
  REQUIRE(csv.code == 0);
  std::string header = csv.out.substr(0, csv.out.find("\r\n"));
  const std::string tail = "outcome,makespan,busy_share,pickling,pipe";
  REQUIRE(header.size() > tail.size());
  CHECK(header.substr(header.size() - tail.size()) == tail);
  // The thread pool's row: its share as a ratio with 6 decimals, then 0 ns, 0 ns.
  std::string first = csv.out.substr(csv.out.find("\r\n") + 2);
  first = first.substr(0, first.find("\r\n"));
  CHECK(first.substr(first.size() - 4) == ",0,0");
  std::string share = first.substr(0, first.size() - 4);
  share = share.substr(share.rfind(',') + 1);
  CAPTURE(first);
  REQUIRE(share.size() == 8);  // "0.xxxxxx" or "1.000000": a ratio, as gil_wait_share
  CHECK(share[1] == '.');
  CHECK(std::stod(share) == doctest::Approx(thread["busy_share"].get<double>()).epsilon(1e-6));

  CliResult text = run_gilsim(big_args({"--metric", "pickling", "--metric", "busy_share", "--width", "300"}));
  REQUIRE(text.code == 0);
  std::string heading = text.out.substr(text.out.find("\n#") + 1);
  heading = heading.substr(0, heading.find('\n'));
  CAPTURE(heading);
  CHECK(heading.find("makespan") < heading.find("pickling"));
  CHECK(heading.find("pickling") < heading.find("busy_share"));
  CHECK(heading.find("busy_share") < heading.find("speedup"));
  std::string words = text.out;
  for (char& c : words) c = c == '\n' ? ' ' : c;
  CHECK(words.find("busy_share: share of the executor's span, first submit to last result, that its started workers "
                   "spent with a call (- if no call finished).") != std::string::npos);
  CHECK(words.find("pickling: time the executor's feeder, manager and workers spent pickling and unpickling") !=
        std::string::npos);
  CHECK(words.find("speedup: pickling of point 1 \xC3\xB7 this pickling.") != std::string::npos);
  // The thread pool's row has 0 pickling and so no speedup; the share is a percentage.
  std::string row1 = text.out.substr(text.out.find("\n1 "));
  row1 = row1.substr(1, row1.find('\n', 1));
  CAPTURE(row1);
  CHECK(row1.find('%') != std::string::npos);
  CliResult html = run_gilsim(big_args({"--metric", "makespan", "--metric", "pipe:pool", "-f", "html"}));
  REQUIRE(html.code == 0);
  CHECK(html.out.find("<th>pipe:pool</th>") != std::string::npos);
}

TEST_CASE("--metric busy_share, pickling, pipe mistakes: an unknown executor, and a busy share first") {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  std::vector<Case> cases = {
      {{"--metric", "makespan", "--metric", "busy_share:app/pol"},
       "error: compare: --metric \"busy_share:app/pol\": no executor \"app/pol\" (did you mean \"app/pool\"?; "
       "executors: app/pool)\n"},
      {{"--metric", "makespan", "--metric", "pickling:pol"},
       "error: compare: --metric \"pickling:pol\": no executor \"pol\" (executors: app/pool)\n"},
      {{"--metric", "pipe:other/pool"},
       "error: compare: --metric \"pipe:other/pool\": no executor \"other/pool\" (executors: app/pool)\n"},
      {{"--metric", "busy_share", "--metric", "makespan"},
       "error: compare: --metric \"busy_share\": busy_share cannot come first: the first metric drives the speedups, "
       "and a higher busy share is neither better nor worse (put another first: --metric makespan --metric "
       "busy_share)\n"},
      {{"--metric", "busy_share:pool"},
       "error: compare: --metric \"busy_share:pool\": busy_share:pool cannot come first: the first metric drives the "
       "speedups, and a higher busy share is neither better nor worse (put another first: --metric makespan "
       "--metric busy_share:pool)\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.message);
    CliResult r = run_gilsim(big_args(c.args));
    CHECK(r.code == 2);
    CHECK(r.err == c.message);
    CHECK(r.out.empty());
  }
}
