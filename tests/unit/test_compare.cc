#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_fixture.h"

namespace {

using gilsim::test::CliResult;

CliResult gilsim(const std::vector<std::string>& args) { return gilsim::test::run_gilsim(args); }

std::string fixture(const std::string& name) { return std::string(GILSIM_SOURCE_DIR) + "/tests/compare/" + name; }

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> result;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) result.push_back(line);
  return result;
}

// Field `column` (by header name) of every data row of a CSV without quoted fields.
std::vector<std::string> csv_column(const std::string& csv, const std::string& column) {
  std::vector<std::string> rows = lines(csv);
  auto fields = [](std::string line) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> out;
    std::istringstream in(line);
    for (std::string f; std::getline(in, f, ',');) out.push_back(f);
    return out;
  };
  std::vector<std::string> header = fields(rows.at(0));
  std::size_t index = header.size();
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == column) index = i;
  REQUIRE(index < header.size());
  std::vector<std::string> values;
  for (std::size_t r = 1; r < rows.size(); ++r) values.push_back(fields(rows[r]).at(index));
  return values;
}

using Values = std::vector<std::string>;

TEST_CASE("4 CPU-bound threads of one GIL process: 400 ms at every core count") {
  CliResult r = gilsim({"compare", fixture("four_threads.json"), "--cores", "1,2,4", "-f", "csv"});
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());
  CHECK(csv_column(r.out, "cores") == Values{"1", "2", "4"});
  CHECK(csv_column(r.out, "makespan_ns") == Values{"400000000", "400000000", "400000000"});
  CHECK(csv_column(r.out, "speedup") == Values{"1.000000", "1.000000", "1.000000"});
  CHECK(csv_column(r.out, "efficiency") == Values{"1.000000", "0.500000", "0.250000"});
  CHECK(csv_column(r.out, "parallelism_max") == Values{"1", "1", "1"});
  CHECK(csv_column(r.out, "core_busy_ns") == Values{"400000000", "400000000", "400000000"});
}

TEST_CASE("the same work as 4 processes: 400, 200, 100 ms at 1, 2, 4 cores") {
  CliResult r = gilsim({"compare", fixture("four_processes.json"), "--cores", "1,2,4", "-f", "csv"});
  REQUIRE(r.code == 0);
  CHECK(csv_column(r.out, "makespan_ns") == Values{"400000000", "200000000", "100000000"});
  CHECK(csv_column(r.out, "speedup") == Values{"1.000000", "2.000000", "4.000000"});
  CHECK(csv_column(r.out, "efficiency") == Values{"1.000000", "1.000000", "1.000000"});
  CHECK(csv_column(r.out, "parallelism_avg") == Values{"1.000000", "2.000000", "4.000000"});
  CHECK(csv_column(r.out, "gil_wait_ns") == Values{"0", "0", "0"});
  CHECK(csv_column(r.out, "outcome") == Values{"completed", "completed", "completed"});
}

TEST_CASE("--gil on,off: the lock serialises threads, without it they scale") {
  CliResult r = gilsim({"compare", fixture("four_threads.json"), "--gil", "on,off", "--cores", "1,4", "-f", "csv"});
  REQUIRE(r.code == 0);
  CHECK(csv_column(r.out, "gil") == Values{"on", "on", "off", "off"});
  CHECK(csv_column(r.out, "makespan_ns") == Values{"400000000", "400000000", "400000000", "100000000"});
  CHECK(csv_column(r.out, "speedup_vs_1_core") == Values{"1.000000", "1.000000", "1.000000", "4.000000"});
  CHECK(csv_column(r.out, "gil_wait_ns")[3] == "0");
  CHECK(csv_column(r.out, "gil_wait_ns")[1] != "0");
}

TEST_CASE("the default cores: powers of two up to the number of threads") {
  CliResult r = gilsim({"compare", fixture("four_threads.json"), "-f", "csv"});
  REQUIRE(r.code == 0);
  CHECK(csv_column(r.out, "cores") == Values{"1", "2", "4"});
}

TEST_CASE("speedups over 1 core and over point 1 when 1 core is not in the list") {
  CliResult r = gilsim({"compare", fixture("four_processes.json"), "--cores", "2,4", "-f", "json"});
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["simulations"] == 3);  // the two points and a reference run on 1 core
  CHECK(j["rows"].size() == 2);
  CHECK(j["rows"][0]["speedup"] == 1.0);
  CHECK(j["rows"][1]["speedup"] == 2.0);
  CHECK(j["rows"][0]["speedup_vs_1_core"] == 2.0);
  CHECK(j["rows"][1]["speedup_vs_1_core"] == 4.0);
  CHECK(j["rows"][1]["efficiency"] == 1.0);
}

TEST_CASE("--set sweeps a value by its path, every combination is a point") {
  CliResult r = gilsim({"compare", fixture("four_processes.json"), "--set", "processes/0/count=1,2", "--set",
                        "quantum=1ms,10ms", "--cores", "1,2", "-f", "csv"});
  REQUIRE(r.code == 0);
  CHECK(lines(r.out)[0].rfind("point,processes/0/count,quantum,gil,cores,makespan_ns,", 0) == 0);
  CHECK(csv_column(r.out, "point") == Values{"1", "2", "3", "4", "5", "6", "7", "8"});
  CHECK(csv_column(r.out, "processes/0/count") == Values{"1", "1", "1", "1", "2", "2", "2", "2"});
  CHECK(csv_column(r.out, "quantum") == Values{"1ms", "1ms", "10ms", "10ms", "1ms", "1ms", "10ms", "10ms"});
  CHECK(csv_column(r.out, "cores") == Values{"1", "2", "1", "2", "1", "2", "1", "2"});
  CHECK(csv_column(r.out, "makespan_ns") == Values{"100000000", "100000000", "100000000", "100000000", "200000000",
                                                   "100000000", "200000000", "100000000"});
}

TEST_CASE("the output is byte-identical whatever --jobs is") {
  for (const char* format : {"text", "csv", "json", "html"}) {
    CAPTURE(format);
    std::vector<std::string> args = {"compare", fixture("four_threads.json"), "--gil", "on,off", "--set",
                                     "switch_interval=1ms,5ms", "--cores", "1-4", "-f", format};
    args.push_back("--jobs");
    args.push_back("1");
    CliResult one = gilsim(args);
    args.back() = "4";
    CliResult four = gilsim(args);
    REQUIRE(one.code == 0);
    CHECK(one.out.size() > 1000);
    CHECK(one.out == four.out);
  }
}

TEST_CASE("--shard: the shards' CSVs concatenated in order are the unsharded CSV") {
  std::vector<std::string> base = {"compare", fixture("four_threads.json"), "--gil", "on,off", "--set",
                                   "quantum=1ms,10ms,20ms", "--cores", "1,2,3", "-f", "csv"};  // 18 points
  CliResult whole = gilsim(base);
  REQUIRE(whole.code == 0);
  CHECK(lines(whole.out).size() == 19);
  for (int n : {1, 2, 4, 7, 18, 25}) {
    CAPTURE(n);
    std::string joined;
    for (int k = 1; k <= n; ++k) {
      std::vector<std::string> args = base;
      args.push_back("--shard");
      args.push_back(std::to_string(k) + "/" + std::to_string(n));
      CliResult part = gilsim(args);
      REQUIRE(part.code == 0);
      if (k > 1) CHECK(part.out.rfind("point,", 0) != 0);  // no header after shard 1
      joined += part.out;
    }
    CHECK(joined == whole.out);
  }
}

TEST_CASE("--shard in JSON: the rows are those of the unsharded run") {
  std::vector<std::string> base = {"compare", fixture("four_processes.json"), "--cores", "2,4", "--gil", "on,off",
                                   "-f", "json"};
  auto whole = nlohmann::json::parse(gilsim(base).out);
  base.push_back("--shard");
  base.push_back("2/2");
  auto part = nlohmann::json::parse(gilsim(base).out);
  CHECK(part["shard"] == nlohmann::json{{"number", 2}, {"count", 2}});
  REQUIRE(part["rows"].size() == 2);
  CHECK(part["rows"][0] == whole["rows"][2]);
  CHECK(part["rows"][1] == whole["rows"][3]);
  CHECK(part["simulations"] == 4);  // its 2 points, point 1, and the 1-core reference of its series
  CHECK(!part.contains("summary"));
}

TEST_CASE("the plain-words summary is derived from the numbers") {
  CliResult threads = gilsim({"compare", fixture("four_threads.json"), "--gil", "on,off", "--cores", "1,2,4"});
  REQUIRE(threads.code == 0);
  std::string flat = threads.out;
  for (char& c : flat)
    if (c == '\n') c = ' ';
  CHECK(flat.find("4 threads of one GIL process do not speed up beyond 1 core; 4 threads of one free-threaded "
                  "process reach 4.00× on 4 cores. The GIL makes this work 4.00× slower on 4 cores (400.000 ms with "
                  "it, 100.000 ms without).") != std::string::npos);

  CliResult processes = gilsim({"compare", fixture("four_processes.json"), "--cores", "1-8"});
  REQUIRE(processes.code == 0);
  flat = processes.out;
  for (char& c : flat)
    if (c == '\n') c = ' ';
  CHECK(flat.find("4 processes with a GIL each reach 4.00× on 4 cores and no more with up to 8.") !=
        std::string::npos);
  CHECK(flat.find("do not speed up") == std::string::npos);
}

TEST_CASE("compare errors: exit code 2 and a message naming the option (and the file, for --set)") {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  std::string four = fixture("four_threads.json");
  std::vector<Case> cases = {
      {{"--cores", "2-1"}, "error: compare: --cores: range \"2-1\" runs backwards (write the smaller number first: 1-2)\n"},
      {{"--cores", "1,x"},
       "error: compare: --cores: \"x\" is not a core count (numbers from 1 to 1048576, or ranges such as 4-8)\n"},
      {{"--gil", "of"}, "error: compare: --gil: \"of\" is not a GIL setting (valid: on, off, scenario; e.g. --gil on,off)\n"},
      {{"--set", "processes/5/count=1"},
       "error: " + four + ": --set processes/5/count=1: /processes is an array of 1 (valid indices: 0), not \"5\"\n"},
      {{"--set", "gil.switch_interval=5"},
       "error: " + four +
           ": --set gil.switch_interval=5: /gil/switch_interval: expected a duration string, got the number 5 (write "
           "it in quotes with a unit, e.g. \"5ms\")\n"},
      {{"--set", "processes/0/gil=false", "--gil", "on,off"},
       "error: compare: --set processes/0/gil=false and --gil on,off both set the GIL; use one of them\n"},
      {{"--shard", "3/2", "-f", "csv"},
       "error: compare: --shard: \"3/2\" is not a shard (expected K/N with 1 <= K <= N, e.g. --shard 1/4 ... --shard "
       "4/4)\n"},
      {{"--shard", "1/2"}, "error: compare: --shard writes rows to merge later: use --format csv or json\n"},
      {{"-f", "xml"}, "error: compare: unknown --format \"xml\" (valid: text, csv, json, html)\n"},
      {{"--jobs", "0"}, "error: compare: --jobs must be from 1 to 1024\n"},
      {{"--set", "a=1", "--set", "b=1,2", "--cores", "1-60000"},
       "error: compare: the grid has more than 100000 points; sweep fewer values (or split the work with --shard and "
       "several commands)\n"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"compare", four};
    args.insert(args.end(), c.args.begin(), c.args.end());
    CliResult r = gilsim(args);
    CAPTURE(c.message);
    CHECK(r.code == 2);
    CHECK(r.err == c.message);
    CHECK(r.out.empty());
  }
  CliResult missing = gilsim({"compare", fixture("no_such_file.json")});
  CHECK(missing.code == 2);
  CHECK(missing.err == "error: " + fixture("no_such_file.json") + ": cannot read: No such file or directory\n");
}

TEST_CASE("a deadlocked point: the table is written, exit code 3 names the point") {
  CliResult r = gilsim({"compare", fixture("join_cycle.json"), "--cores", "1,2", "-f", "csv"});
  CHECK(r.code == 3);
  CHECK(csv_column(r.out, "outcome") == Values{"deadlock", "deadlock"});
  CHECK(r.err == "error: " + fixture("join_cycle.json") +
                     ": point 1 (1 core): deadlock at 3.000 ms: app/a waits to join app/b; app/b waits to join app/a "
                     "(and 1 more point)\n");
}

TEST_CASE("a limit stops a point: exit code 4 and the output file is left as it was") {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "gilsim-test-compare-limit";
  std::filesystem::create_directories(dir);
  std::string out = (dir / "out.csv").string();
  std::ofstream(out) << "precious";
  CliResult r = gilsim({"compare", fixture("long_loop.json"), "--cores", "1,2", "--max-events", "1000", "-o", out});
  CHECK(r.code == 4);
  CHECK(r.err.find("error: " + fixture("long_loop.json") + ": point 1 (1 core): stopped at ") == 0);
  CHECK(r.err.find("--max-events 1000 reached; raise it (e.g. --max-events 10000)") != std::string::npos);
  std::ifstream in(out);
  std::string kept((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(kept == "precious");
  std::filesystem::remove_all(dir);
}

TEST_CASE("compare is listed in the general help and has its own") {
  CliResult help = gilsim({"--help"});
  CHECK(help.out.find("gilsim compare SCENARIO") != std::string::npos);
  CliResult own = gilsim({"compare", "--help"});
  CHECK(own.code == 0);
  CHECK(own.out.find("--shard") != std::string::npos);
  CHECK(own.out.find("gilsim compare scenarios/compare/") != std::string::npos);
}

TEST_CASE("compare html: series in colours colour-blind readers tell apart, each with its own marker and dash, and the table scrolls") {
  CliResult r = gilsim({"compare", fixture("four_threads.json"), "--gil", "on,off", "--cores", "1,2", "-f", "html"});
  REQUIRE(r.code == 0);
  auto has = [&](const std::string& part) { return r.out.find(part) != std::string::npos; };
  CHECK(has("stroke=\"#0072b2\""));  // the palette's first two: blue and orange, not red and green
  CHECK(has("stroke=\"#e69f00\""));
  CHECK(!has("#d62728"));
  CHECK(!has("#2ca02c"));
  CHECK(has("<circle r=\"4\""));                  // series 1: circles
  CHECK(has("<rect x=\"-4\" y=\"-4\""));          // series 2: squares,
  CHECK(has("stroke-dasharray=\"8 3\""));         // and dashed
  CHECK(has("<div class=\"table-wrap\"><table>"));  // a wide table scrolls inside the page
  CHECK(has("viewBox=\"0 0 "));                   // the chart scales down on a narrow window
}

}  // namespace
