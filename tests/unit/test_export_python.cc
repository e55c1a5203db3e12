// The pieces of `gilsim export-python`: Python literals and names, the steps'
// code, the scenario's data, what is known not to be reproducible.
#include <doctest/doctest.h>

#include <cctype>
#include <sstream>
#include <string>
#include <vector>

#include "export/python_program.h"
#include "export/python_runtime.h"
#include "export/python_steps.h"
#include "export/python_text.h"
#include "export/time_scale.h"
#include "scenario/loader.h"

namespace gilsim {
namespace {

Scenario load(const std::string& text) { return load_scenario_text(text, "s.json"); }

std::string main_steps(const std::string& steps, const std::string& process_extra = "") {
  return R"({"name": "t", "processes": [{"name": "app", )" + process_extra +
         R"("threads": [{"name": "main", "steps": [)" + steps + "]}]}]}";
}

// The body of the main thread's function, one string per line.
std::vector<std::string> body(const std::string& steps, const std::string& process_extra = "") {
  Scenario s = load(main_steps(steps, process_extra));
  std::vector<std::string> lines;
  write_python_steps(s, s.processes[0], s.processes[0].threads[0].steps, 1, lines);
  return lines;
}

TEST_CASE("python_string: ASCII as it is, the rest escaped so that 2.7 and 3 read the same text") {
  CHECK(python_string("done at ") == "\"done at \"");
  CHECK(python_string("a \"b\" \\ c") == R"("a \"b\" \\ c")");
  CHECK(python_string("tab\tnew\nline\r") == R"("tab\tnew\nline\r")");
  CHECK(python_string(std::string("nul\0x\x7f", 6)) == R"("nul\x00x\x7f")");
  CHECK(python_string("d\xC3\xA9j\xC3\xA0") == R"(u"d\u00e9j\u00e0")");
  CHECK(python_string("\xF0\x9F\x98\x80") == R"(u"\U0001f600")");
  CHECK(python_string("bad \xFF byte") == R"(u"bad \ufffd byte")");
  CHECK(python_string("") == "\"\"");
}

TEST_CASE("python_identifier: runs of other characters become one underscore") {
  CHECK(python_identifier("count_down") == "count_down");
  CHECK(python_identifier("count down") == "count_down");
  CHECK(python_identifier("worker-1") == "worker_1");
  CHECK(python_identifier("caf\xC3\xA9 au lait") == "caf_au_lait");
  CHECK(python_identifier("9lives") == "9lives");
}

TEST_CASE("is_python_reserved: keywords of 2 and 3, builtins, the runtime's names") {
  for (const char* name : {"print", "exec", "lambda", "async", "None", "range", "max", "unicode", "sys", "threading",
                           "me", "TIME", "SETTINGS", "ScriptThread"})
    CHECK_MESSAGE(is_python_reserved(name), name);
  for (const char* name : {"main", "worker", "count_down", "thread1"}) CHECK_MESSAGE(!is_python_reserved(name), name);
}

// The names a line of Python defines at module level: "def f(", "class C(",
// "import m", "a = ", "a, b = ", and "    import m as n" (inside a try).
std::vector<std::string> defined_names(const std::string& line) {
  auto identifier_at = [&](std::size_t pos) {
    std::size_t end = pos;
    while (end < line.size() && (std::isalnum(static_cast<unsigned char>(line[end])) || line[end] == '_')) ++end;
    return line.substr(pos, end - pos);
  };
  for (const char* keyword : {"def ", "class ", "import "})
    if (line.rfind(keyword, 0) == 0) return {identifier_at(std::string(keyword).size())};
  if (line.rfind("    import ", 0) == 0) {
    std::size_t alias = line.find(" as ");
    if (alias == std::string::npos) return {};
    return {identifier_at(alias + 4)};
  }
  std::vector<std::string> names;
  if (line.empty() || !(std::isalpha(static_cast<unsigned char>(line[0])) || line[0] == '_')) return names;
  std::size_t equals = line.find(" = ");
  if (equals == std::string::npos) return names;
  std::string targets = line.substr(0, equals);
  std::size_t pos = 0;
  while (pos < targets.size()) {
    std::string name = identifier_at(pos);
    if (name.empty()) return {};
    names.push_back(name);
    pos += name.size();
    while (pos < targets.size() && (targets[pos] == ',' || targets[pos] == ' ')) ++pos;
  }
  return names;
}

TEST_CASE("the runtime's public module-level names are all reserved") {
  CHECK(defined_names("def format_duration(ns):") == std::vector<std::string>{"format_duration"});
  CHECK(defined_names("PROCESS_COPIES, PROCESSES_NAMED = _index()") ==
        std::vector<std::string>{"PROCESS_COPIES", "PROCESSES_NAMED"});
  CHECK(defined_names("    import Queue as queue") == std::vector<std::string>{"queue"});
  CHECK(defined_names("    x = 1").empty());
  std::string runtime = std::string(python_runtime_core()) + std::string(python_runtime_threads()) +
                        std::string(python_runtime_processes());
  std::istringstream lines(runtime);
  std::string line;
  int names = 0;
  while (std::getline(lines, line))
    for (const std::string& name : defined_names(line)) {
      ++names;
      if (name[0] != '_') CHECK_MESSAGE(is_python_reserved(name), name);
    }
  CHECK(names > 40);
}

TEST_CASE("comment_lines: wrapped at the width, line breaks kept, control characters made spaces") {
  std::vector<std::string> lines = comment_lines("one two three four", 12);
  CHECK(lines == std::vector<std::string>{"# one two", "# three four"});
  CHECK(comment_lines("a\nb") == std::vector<std::string>{"# a", "# b"});
  CHECK(comment_lines("a\rb\x01" "c") == std::vector<std::string>{"# a b c"});
  CHECK(comment_lines("").empty());
  CHECK(comment_lines("averyveryverylongword x", 8) == std::vector<std::string>{"# averyveryverylongword", "# x"});
}

TEST_CASE("steps: compute, native, sleep, io with durations in nanoseconds and as written") {
  CHECK(body(R"({"compute": "20ms"}, {"compute": "1.5ms", "gil": false}, {"compute": "2ms", "gil": "hold"},
              {"sleep": "1s"}, {"io": "250ns"})") ==
        std::vector<std::string>{
            "    me.compute(20000000)  # 20ms of Python code",
            "    me.native(1500000)  # 1.5ms of native code, without the GIL",
            "    me.held_native(2000000)  # 2ms of native code that keeps the GIL",
            "    me.sleep(1000000000)  # 1s",
            "    me.io(250)  # 250ns of I/O",
        });
}

TEST_CASE("steps: print parts become literals, placeholders and loop variables") {
  CHECK(body(R"({"repeat": 2, "var": "i", "steps": [{"print": "{thread} {i}: {time} {active_count} {process} {{x}}"}]})") ==
        std::vector<std::string>{
            "    for i in range(2):",
            "        me.print_line(THREAD, \" \", i, \": \", TIME, \" \", ACTIVE_COUNT, \" \", PROCESS, \" {x}\")",
        });
  CHECK(body(R"({"print": ""})") == std::vector<std::string>{"    me.print_line(\"\")"});
}

TEST_CASE("steps: loops count as gilsim does, and a variable named like a keyword is renamed") {
  CHECK(body(R"({"repeat": 11, "var": "i", "from": 10, "step": -1, "steps": []})") ==
        std::vector<std::string>{"    for i in range(10, -1, -1):  # repeat 11, i from 10 step -1", "        pass"});
  CHECK(body(R"({"repeat": 3, "var": "k", "from": 5, "step": 0, "steps": [{"print": "{k}"}]})") ==
        std::vector<std::string>{"    for k in itertools.repeat(5, 3):  # repeat 3, k from 5 step 0",
                                 "        me.print_line(k)"});
  CHECK(body(R"({"repeat": 2, "var": "for", "steps": [{"repeat": 2, "var": "for_", "steps": [{"print": "{for}{for_}"}]}]})") ==
        std::vector<std::string>{"    for for_ in range(2):  # repeat 2, for",
                                 "        for for__ in range(2):  # repeat 2, for_",
                                 "            me.print_line(for_, for__)"});
  CHECK(body(R"({"repeat": 2, "steps": [{"sleep": "1ms"}]})") ==
        std::vector<std::string>{"    for _ in range(2):", "        me.sleep(1000000)  # 1ms"});
}

TEST_CASE("steps: primitives, queues with $work, events with timeouts") {
  const std::string extra =
      R"("locks": ["L"], "events": ["ready"], "semaphores": {"pool": 2}, "queues": {"tasks": {"maxsize": 1}}, )";
  CHECK(body(R"({"with": "L", "steps": [{"acquire": "pool"}, {"release": "pool"}]},
                {"wait": "ready", "timeout": "1ms"}, {"wait": "ready"}, {"set": "ready"}, {"clear": "ready"},
                {"put": "tasks", "work": "4ms"}, {"get": "tasks"}, {"compute": "$work"},
                {"repeat_until_empty": "tasks", "steps": [{"put": "tasks", "work": "$work"}]})",
             extra) == std::vector<std::string>{
                           "    with me.holding(\"L\"):  # acquire, the steps, release",
                           "        me.acquire(\"pool\")",
                           "        me.release(\"pool\")",
                           "    me.wait(\"ready\", timeout_ns=1000000)  # Event.wait(timeout) of 1ms",
                           "    me.wait(\"ready\")  # Event.wait()",
                           "    me.set(\"ready\")",
                           "    me.clear(\"ready\")",
                           "    me.put(\"tasks\", 4000000)  # an item of 4ms of work",
                           "    me.get(\"tasks\")  # me.work = the item's work",
                           "    me.compute(me.work)  # Python code for $work (the work of the item got last)",
                           "    while me.get_nowait(\"tasks\"):  # repeat_until_empty: get_nowait() until queue.Empty",
                           "        me.put(\"tasks\", me.work)  # an item of $work (the work of the item got last)",
                       });
}

TEST_CASE("steps: start and join name every copy or one, spawn says what start_cost stood for") {
  Scenario s = load(R"({"name": "t", "devices": ["disk"], "processes": [
    {"name": "app", "threads": [
      {"name": "main", "steps": [{"start": "w"}, {"join": "w-2"}, {"spawn": "child"}, {"wait": "child"},
                                 {"io": "1ms", "device": "disk"}]},
      {"name": "w", "count": 2, "steps": []}]},
    {"name": "child", "start_cost": "20ms", "threads": [{"name": "main", "steps": []}]}]})");
  std::vector<std::string> lines;
  write_python_steps(s, s.processes[0], s.processes[0].threads[0].steps, 0, lines);
  CHECK(lines == std::vector<std::string>{
                     "me.start(\"w\")  # every copy, in turn",
                     "me.join(\"w-2\")",
                     "me.spawn(\"child\")  # gilsim charges 20ms (start_cost) per copy here; this costs what "
                     "Process.start() costs",
                     "me.wait_for_process(\"child\")",
                     "me.io(1000000, device=\"disk\")  # 1ms of I/O on a channel of the device",
                 });
}

TEST_CASE("function names: the thread's, else prefixed with its process, else numbered") {
  Scenario s = load(R"({"name": "t", "processes": [
    {"name": "app", "threads": [{"name": "main", "steps": []}, {"name": "count down", "steps": []},
                                {"name": "print", "steps": []}, {"name": "_x", "steps": []},
                                {"name": "9", "steps": []}, {"name": "app_main", "steps": []}]},
    {"name": "other", "threads": [{"name": "main", "steps": []}]}]})");
  std::vector<std::vector<std::string>> names = python_function_names(s);
  CHECK(names == std::vector<std::vector<std::string>>{
                     {"app_main", "count_down", "app_print", "app__x", "app_9", "app_app_main"}, {"other_main"}});
  Scenario twins = load(R"({"name": "t", "processes": [{"name": "a-b", "threads": [{"name": "x", "steps": []}]},
    {"name": "a_b", "threads": [{"name": "x", "steps": []}]}]})");
  CHECK(python_function_names(twins) == std::vector<std::vector<std::string>>{{"a_b_x"}, {"a_b_x_2"}});
}

TEST_CASE("the program: header with the scenario's name and description, data, entry point") {
  Scenario s = load(R"({"name": "two threads", "description": "They take turns.", "cores": 2,
    "gil": {"switch_interval": "1ms"}, "processes": [{"name": "app", "threads": [
      {"name": "main", "cpus": [1], "steps": [{"compute": "1ms", "gil": false}]},
      {"name": "worker", "nice": -3, "steps": []}]}]})");
  std::string program = export_python(s, {"s.json", {"--cores 2"}});
  CHECK(program.rfind("#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n#\n# two threads\n#\n# They take turns.\n", 0) == 0);
  CHECK(program.find("# Exported by `gilsim export-python` from s.json\n# with --cores 2\n") != std::string::npos);
  CHECK(program.find("# Thread \"worker\" of process \"app\": starts with its process.\ndef worker(me):\n    pass\n") !=
        std::string::npos);
  CHECK(program.find("    \"switch_interval_ns\": 1000000,") != std::string::npos);
  CHECK(program.find("    \"cpus_used\": [1],") != std::string::npos);
  CHECK(program.find("    \"lowest_nice\": -3,") != std::string::npos);
  CHECK(program.find("    \"native\": True,") != std::string::npos);
  CHECK(program.find("    \"held_native\": False,") != std::string::npos);
  CHECK(program.find("    \"stdout\": \"line\",") != std::string::npos);
  CHECK(program.find("\"function\": main, \"started_by_step\": False,") != std::string::npos);
  CHECK(program.find("if __name__ == \"__main__\":\n    sys.exit(_launch())\n") != std::string::npos);
  Scenario old = load(R"({"name": "t", "gil": {"model": "cpython2"}, "processes": [{"name": "a", "threads": [
    {"name": "main", "steps": []}]}]})");
  CHECK(export_python(old).rfind("#!/usr/bin/env python2.7\n", 0) == 0);
}

TEST_CASE("static_not_reproduced: aging, an RR quantum that is not the kernel's, cfs tunables") {
  Scenario s = load(R"({"name": "t", "scheduler": {"policy": "priority", "aging": "5ms"},
    "processes": [{"name": "a", "threads": [{"name": "main", "steps": []}]}]})");
  std::vector<std::string> notes = static_not_reproduced(s);
  REQUIRE(notes.size() == 2);
  CHECK(notes[0].rfind("scheduler.aging 5ms: ", 0) == 0);
  CHECK(notes[1].rfind("scheduler.quantum 10ms: ", 0) == 0);
  s.scheduler.quantum = 100 * kMillisecond;
  s.scheduler.aging = 0;
  CHECK(static_not_reproduced(s).empty());
  s.scheduler.policy = SchedulerPolicy::cfs;
  s.scheduler.latency = 3 * kMillisecond;
  REQUIRE(static_not_reproduced(s).size() == 1);
  CHECK(static_not_reproduced(s)[0].rfind("scheduler.latency 3ms: ", 0) == 0);
  s.scheduler.policy = SchedulerPolicy::round_robin;
  CHECK(static_not_reproduced(s).empty());
  s.start_together = true;
  REQUIRE(static_not_reproduced(s).size() == 1);
  CHECK(static_not_reproduced(s)[0].rfind("start_together: ", 0) == 0);
}

TEST_CASE("check_interval_ticks: 100 per 5 us, at least 1") {
  CHECK(check_interval_ticks(5 * kMicrosecond) == 100);
  CHECK(check_interval_ticks(10 * kMicrosecond) == 200);
  CHECK(check_interval_ticks(1) == 1);
}

TEST_CASE("scale_durations: the steps' durations and start_cost, not the machine's settings") {
  Scenario s = load(R"({"name": "t", "gil": {"switch_interval": "5ms"}, "costs": {"process_start": "3ms"}, "processes": [
    {"name": "a", "events": ["e"], "queues": ["q"], "threads": [{"name": "main", "steps": [
      {"repeat": 2, "steps": [{"sleep": "1s"}]}, {"compute": "3ns"}, {"wait": "e", "timeout": "2ms"},
      {"put": "q", "work": "10ms"}, {"io": "$work"}]}]},
    {"name": "b", "start_cost": "20ms", "threads": [{"name": "main", "steps": []}]},
    {"name": "c", "threads": [{"name": "main", "steps": []}]}]})");
  scale_durations(s, 0.01);
  const std::vector<Step>& steps = s.processes[0].threads[0].steps;
  CHECK(steps[0].body[0].duration == 10 * kMillisecond);
  CHECK(steps[1].duration == 0);  // 0.03 ns rounds to 0
  CHECK(steps[2].duration == 20 * kMicrosecond);
  CHECK(steps[3].duration == 100 * kMicrosecond);
  CHECK(steps[4].uses_work);
  CHECK(s.processes[1].start_cost == 200 * kMicrosecond);
  CHECK_FALSE(s.processes[2].start_cost);  // the machine's costs.process_start, which does not scale
  CHECK(s.costs.process_start == 3 * kMillisecond);
  CHECK(s.gil.switch_interval == 5 * kMillisecond);
  CHECK_THROWS(scale_durations(s, 0));
  CHECK(parse_time_scale("0.01") == doctest::Approx(0.01));
  CHECK_THROWS_WITH(parse_time_scale("fast"), doctest::Contains("is not a number"));
  CHECK_THROWS_WITH(parse_time_scale("-1"), "must be above 0 and at most 1000");
  CHECK_THROWS(parse_time_scale("1e9"));
  CHECK_THROWS(parse_time_scale("0.5x"));
}

}  // namespace
}  // namespace gilsim
