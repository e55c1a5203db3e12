// The loader's refusals: each mistake with its place and what would be valid.
#include <doctest/doctest.h>

#include <string>

#include "loader_fixture.h"

using gilsim::InputError;
using gilsim::Scenario;
using gilsim::test::app;
using gilsim::test::load;
using gilsim::test::main_steps;

TEST_CASE("loader errors: malformed JSON reports line and column") {
  CHECK_THROWS_WITH_AS(load(R"({"name": "x" "processes": []})"),
                       "s.json:1:24: invalid JSON: syntax error while parsing object - unexpected string literal; "
                       "expected '}'",
                       InputError);
  CHECK_THROWS_WITH_AS(load("{\"name\": \"x\",\n  \"processes\": [1,]\n}"),
                       "s.json:2:19: invalid JSON: syntax error while parsing value - unexpected ']'; expected '[', "
                       "'{', or a literal",
                       InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x")"),
                       "s.json:1:13: invalid JSON: syntax error while parsing object - unexpected end of input; "
                       "expected '}'",
                       InputError);
}

TEST_CASE("loader errors: bytes that are not UTF-8 stay out of the message") {
  CHECK_THROWS_WITH_AS(load("{\"name\": \"x\",\r\n \"y\": \"a\xff\"}"),
                       "s.json:2:9: invalid JSON: syntax error while parsing value - invalid string: ill-formed UTF-8 "
                       "byte; last read: '\"a<0xFF>'",
                       InputError);
}

TEST_CASE("loader errors: empty file and a top level that is not an object") {
  CHECK_THROWS_WITH_AS(load(""), "s.json: empty file (expected a JSON object)", InputError);
  CHECK_THROWS_WITH_AS(load(" \n\t\n"), "s.json: empty file (expected a JSON object)", InputError);
  CHECK_THROWS_WITH_AS(load("[1, 2]"), "s.json: /: expected an object, got array", InputError);
  CHECK_THROWS_WITH_AS(load("\"x\""), "s.json: /: expected an object, got \"x\"", InputError);
}

TEST_CASE("loader errors: duplicate keys") {
  CHECK_THROWS_WITH_AS(load("{\"name\": \"x\", \"cores\": 2,\n \"cores\": 3}"),
                       R"(s.json: /: duplicate key "cores" (a key may appear only once in an object))", InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "processes": [{"name": "a", "name": "b"}]})"),
                       R"(s.json: /processes/0: duplicate key "name" (a key may appear only once in an object))",
                       InputError);
  // Keys in the path are escaped as in RFC 6901.
  CHECK_THROWS_WITH_AS(load(R"({"a/b~c": {"x": 1, "x": 2}})"),
                       R"(s.json: /a~1b~0c: duplicate key "x" (a key may appear only once in an object))", InputError);
}

TEST_CASE("loader errors: nesting depth") {
  // 200 levels parse (and then fail on the type); 10,000 stop early without deep recursion.
  CHECK_THROWS_WITH_AS(load(std::string(200, '[') + std::string(200, ']')), "s.json: /: expected an object, got array",
                       InputError);
  CHECK_THROWS_WITH_AS(load(std::string(10'000, '[') + std::string(10'000, ']')),
                       "s.json: /0/0/0/0/0/0/0/0/...: JSON nested deeper than 200 levels (a scenario needs far fewer; "
                       "look for runaway brackets)",
                       InputError);
}

TEST_CASE("loader errors: unknown keys suggest the close one at every level") {
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "proceses": []})"),
                       R"(s.json: /: unknown key "proceses" in the scenario (did you mean "processes"?; valid keys: name, description, python, cores, timer_slack, costs, stdout, start_together, start_method, scheduler, gil, devices, mp_queues, mp_shared, processes))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "scheduler": {"quantm": "1ms"}})"),
                       R"(s.json: /scheduler: unknown key "quantm" in the scheduler settings (did you mean "quantum"?; valid keys: policy, quantum, aging, latency, min_granularity, wakeup_granularity, context_switch))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "gil": {"interval": "1ms"}})"),
                       R"(s.json: /gil: unknown key "interval" in the gil settings (valid keys: model, switch_interval, handoff_latency, check_interval, wakeup_latency, signal_cost, single_thread_overhead))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "processes": [{"name": "a", "thread": []}]})"),
                       R"(s.json: /processes/0: unknown key "thread" in a process (did you mean "threads"?; valid keys: name, gil, count, start_cost, start_method, priority, nice, cpus, threads, locks, rlocks, semaphores, events, queues, tasks, executors))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(app(R"({"nam": "m"})")),
                       R"(s.json: /processes/0/threads/0: unknown key "nam" in a thread (did you mean "name"?; valid keys: name, count, priority, nice, cpus, steps))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"compute": "5ms", "gill": false})")),
                       R"(s.json: /processes/0/threads/0/steps/0: unknown key "gill" in a compute step (did you mean "gil"?; valid keys: compute, gil))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"io": "5ms", "gil": false})")),
                       R"(s.json: /processes/0/threads/0/steps/0: unknown key "gil" in an io step (valid keys: io, device))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"repeat": 2, "steps": [], "frm": 1})")),
                       R"(s.json: /processes/0/threads/0/steps/0: unknown key "frm" in a repeat step (did you mean "from"?; valid keys: repeat, steps, var, from, step))",
                       InputError);
}

TEST_CASE("loader errors: step kinds") {
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"comptue": "5ms"})")),
                       R"(s.json: /processes/0/threads/0/steps/0: unknown step "comptue" (did you mean "compute"?))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"pause": "5ms"})")),
                       R"(s.json: /processes/0/threads/0/steps/0: unknown step "pause" (valid: compute, sleep, io, start, join, print, repeat, spawn, wait, acquire, release, with, set, clear, put, get, repeat_until_empty, submit, map, results, as_completed, shutdown, read, write))",
                       InputError);
  // "wait" names an event or a process: a duration is taken for a name.
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"wait": "5ms"})")),
                       R"(s.json: /processes/0/threads/0/steps/0/wait: unknown event or process "5ms" (this process declares no events; processes: app))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(main_steps("{}")),
                       R"(s.json: /processes/0/threads/0/steps/0: step has no kind (valid: compute, sleep, io, start, join, print, repeat, spawn, wait, acquire, release, with, set, clear, put, get, repeat_until_empty, submit, map, results, as_completed, shutdown, read, write))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"gil": false})")),
                       R"(s.json: /processes/0/threads/0/steps/0: step has no kind (valid: compute, sleep, io, start, join, print, repeat, spawn, wait, acquire, release, with, set, clear, put, get, repeat_until_empty, submit, map, results, as_completed, shutdown, read, write))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"compute": "5ms", "sleep": "1ms"})")),
                       R"(s.json: /processes/0/threads/0/steps/0: step has more than one kind: "compute" and "sleep" (a step has exactly one of compute, sleep, io, start, join, print, repeat, spawn, wait, acquire, release, with, set, clear, put, get, repeat_until_empty, submit, map, results, as_completed, shutdown, read, write; use one step for each))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(main_steps("5")),
                       R"(s.json: /processes/0/threads/0/steps/0: expected a step object such as {"compute": "10ms"}, got 5)",
                       InputError);
}

TEST_CASE("loader errors: wrong types and ranges") {
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "processes": [{"name": "a", "count": "2", "threads": [{"name": "m"}]}]})"),
                       R"(s.json: /processes/0/count: expected an integer from 1 to 1000000, got "2")", InputError);
  CHECK_THROWS_WITH_AS(load(app(R"({"name": "m", "count": 1000001})")),
                       R"(s.json: /processes/0/threads/0/count: expected an integer from 1 to 1000000, got 1000001)",
                       InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "cores": 0})"),
                       R"(s.json: /cores: expected an integer from 1 to 1048576, got 0)", InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "cores": 2.0})"),
                       R"(s.json: /cores: expected an integer from 1 to 1048576, got 2.0)", InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": 5})"), R"(s.json: /name: expected a string, got 5)", InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "description": null})"),
                       R"(s.json: /description: expected a string, got null)", InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "processes": {}})"),
                       R"(s.json: /processes: expected an array of processes, got object)", InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "processes": ["app"]})"),
                       R"(s.json: /processes/0: expected an object (a process), got "app")", InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "scheduler": "rr"})"),
                       R"(s.json: /scheduler: expected an object (the scheduler settings), got "rr")", InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "processes": [{"name": "a", "gil": "no", "threads": []}]})"),
                       R"(s.json: /processes/0/gil: expected true or false, got "no")", InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"compute": "5ms", "gil": 0})")),
                       R"(s.json: /processes/0/threads/0/steps/0/gil: expected true (Python code, the default), false (C code that releases the GIL) or "hold" (C code that keeps it and cannot be interrupted), got 0)", InputError);
  CHECK_THROWS_WITH_AS(load(app(R"({"name": "m", "steps": "oops"})")),
                       R"(s.json: /processes/0/threads/0/steps: expected an array of steps such as [{"compute": "10ms"}], got "oops")",
                       InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"start": ["w"]})")),
                       R"(s.json: /processes/0/threads/0/steps/0/start: expected a string, got array)", InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "cores": "many"})"),
                       R"(s.json: /cores: expected an integer from 1 to 1048576, got "many")", InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "cores": "many cores, as many as the machine has, or more"})"),
                       R"(s.json: /cores: expected an integer from 1 to 1048576, got "many cores, as many as the machine has, ...")",
                       InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"repeat": 2, "from": 1.5, "steps": []})")),
                       R"(s.json: /processes/0/threads/0/steps/0/from: expected a 64-bit integer, got 1.5)", InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"repeat": 2, "step": 9223372036854775808, "steps": []})")),
                       R"(s.json: /processes/0/threads/0/steps/0/step: expected a 64-bit integer, got 9223372036854775808)",
                       InputError);
}

TEST_CASE("loader errors: durations") {
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "scheduler": {"quantum": 5}})"),
                       R"(s.json: /scheduler/quantum: expected a duration string, got the number 5 (write it in quotes with a unit, e.g. "5ms"))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"sleep": 2.5})")),
                       R"(s.json: /processes/0/threads/0/steps/0/sleep: expected a duration string, got the number 2.5 (write it in quotes with a unit, e.g. "2.5ms"))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"io": true})")),
                       R"(s.json: /processes/0/threads/0/steps/0/io: expected a duration string such as "250ns", "50us", "1.5ms" or "2s", got true)",
                       InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"compute": "5msec"})")),
                       R"(s.json: /processes/0/threads/0/steps/0/compute: unknown unit "msec" in duration "5msec" (did you mean "ms"?; valid units: ns, us, ms, s, min, h))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "scheduler": {"quantum": "0ms"}})"),
                       R"(s.json: /scheduler/quantum: expected a duration greater than 0, got "0ms" (e.g. "10ms"))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "gil": {"switch_interval": "0s"}})"),
                       R"(s.json: /gil/switch_interval: expected a duration greater than 0, got "0s" (e.g. "10ms"))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "scheduler": {"policy": "roundrobin"}})"),
                       R"(s.json: /scheduler/policy: unknown policy "roundrobin" (did you mean "round_robin"?; valid: fifo, round_robin, priority, cfs))",
                       InputError);
}

TEST_CASE("loader errors: required keys and empty arrays") {
  CHECK_THROWS_WITH_AS(load(R"({"processes": []})"),
                       R"(s.json: /: missing key "name" (a scenario needs "name" and "processes"))", InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x"})"),
                       R"(s.json: /: missing key "processes" (a scenario needs "name" and "processes"))", InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "", "processes": []})"),
                       R"(s.json: /name: empty scenario name (e.g. "name": "two CPU-bound threads"))", InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "processes": []})"),
                       R"(s.json: /processes: empty array (a scenario needs at least one process))", InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "processes": [{"name": "a"}]})"),
                       R"(s.json: /processes/0: missing key "threads" (a process needs "name" and "threads"))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "processes": [{"name": "a", "threads": []}]})"),
                       R"(s.json: /processes/0/threads: empty array (a process needs at least one thread; the first is its main thread))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(app(R"({"steps": []})")),
                       R"(s.json: /processes/0/threads/0: missing key "name" (a thread needs "name"))", InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"repeat": 2})")),
                       R"(s.json: /processes/0/threads/0/steps/0: missing key "steps" (a repeat step needs "repeat" and "steps"))",
                       InputError);
}

TEST_CASE("loader errors: repeat") {
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"repeat": -1, "steps": []})")),
                       R"(s.json: /processes/0/threads/0/steps/0/repeat: expected an integer >= 0, got -1)", InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"repeat": 2.5, "steps": []})")),
                       R"(s.json: /processes/0/threads/0/steps/0/repeat: expected an integer >= 0, got 2.5)", InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"repeat": 2, "var": "time", "steps": []})")),
                       R"(s.json: /processes/0/threads/0/steps/0/var: variable name "time" is a built-in placeholder (choose another; built-ins: thread, process, time, active_count))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"repeat": 2, "var": "2x", "steps": []})")),
                       R"(s.json: /processes/0/threads/0/steps/0/var: invalid variable name "2x" (a letter or _, then letters, digits or _))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"repeat": 2, "var": "i", "steps": [{"repeat": 2, "var": "i", "steps": []}]})")),
                       R"(s.json: /processes/0/threads/0/steps/0/steps/0/var: variable "i" is already used by an enclosing repeat (choose another name))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"repeat": 3, "from": 9223372036854775807, "steps": []})")),
                       R"(s.json: /processes/0/threads/0/steps/0: the loop values overflow (from + step * (repeat - 1) must fit in a 64-bit integer))",
                       InputError);
  CHECK_NOTHROW(load(main_steps(R"({"repeat": 1, "from": 9223372036854775807, "steps": []})")));
}

TEST_CASE("loader errors: print placeholders") {
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"repeat": 1, "var": "i", "steps": [{"print": "{thrad} {i}"}]})")),
                       R"(s.json: /processes/0/threads/0/steps/0/steps/0/print: unknown placeholder "{thrad}" (did you mean "{thread}"?; valid: {thread}, {process}, {time}, {active_count}, {i}; write {{ and }} for literal braces))",
                       InputError);
  // Outside the repeat its variable is not a placeholder.
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"repeat": 1, "var": "i", "steps": []}, {"print": "{i}"})")),
                       R"(s.json: /processes/0/threads/0/steps/1/print: unknown placeholder "{i}" (valid: {thread}, {process}, {time}, {active_count}; write {{ and }} for literal braces))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"print": "at {time"})")),
                       R"(s.json: /processes/0/threads/0/steps/0/print: unclosed "{" at byte 4 of the text (valid: {thread}, {process}, {time}, {active_count}; write {{ and }} for literal braces))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"print": "a}"})")),
                       R"(s.json: /processes/0/threads/0/steps/0/print: single "}" at byte 2 of the text (write }} for a literal brace))",
                       InputError);
}

TEST_CASE("loader errors: names") {
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "processes": [{"name": "", "threads": [{"name": "m"}]}]})"),
                       R"(s.json: /processes/0/name: empty process name (a name needs at least one character))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "processes": [{"name": "a/b", "threads": [{"name": "m"}]}]})"),
                       R"(s.json: /processes/0/name: process name "a/b" contains "/" (names cannot contain "/", which separates process and thread in "process/thread"))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(app(R"({"name": "m\u0001"})")),
                       R"(s.json: /processes/0/threads/0/name: thread name "m\u0001" contains the control character U+0001 (names cannot contain control characters))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(app(R"({"name": ")" + std::string(201, 'm') + R"("})")),
                       R"(s.json: /processes/0/threads/0/name: thread name is 201 bytes long (at most 200 bytes))",
                       InputError);
  CHECK_NOTHROW(load(app(R"({"name": ")" + std::string(200, 'm') + R"("})")));
}

TEST_CASE("loader errors: duplicate names, counting copies") {
  CHECK_THROWS_WITH_AS(load(app(R"({"name": "w"}, {"name": "w"})")),
                       R"(s.json: /processes/0/threads/1/name: duplicate thread name "w" (already the name of /processes/0/threads/0; thread names must be unique within a process))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(app(R"({"name": "m"}, {"name": "w", "count": 2}, {"name": "w-1"})")),
                       R"(s.json: /processes/0/threads/2/name: thread name "w-1" is already the name of a copy of thread "w" (/processes/0/threads/1 has count 2; thread names must be unique within a process))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "processes": [{"name": "app", "count": 2, "threads": [{"name": "m"}]},
                                                          {"name": "app-1", "threads": [{"name": "m"}]}]})"),
                       R"(s.json: /processes/1/name: process name "app-1" is already the name of a copy of process "app" (/processes/0 has count 2; process names must be unique))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(R"({"name": "x", "processes": [{"name": "app-2", "threads": [{"name": "m"}]},
                                                          {"name": "app", "count": 2, "threads": [{"name": "m"}]}]})"),
                       R"(s.json: /processes/1/count: process "app" with count 2 would make a copy named "app-2", already the name of /processes/0 (process names must be unique))",
                       InputError);
  // "app-3" is no copy of "app" with count 2, nor is "app-01".
  CHECK_NOTHROW(load(R"({"name": "x", "processes": [{"name": "app", "count": 2, "threads": [{"name": "m"}]},
                        {"name": "app-3", "threads": [{"name": "m"}]}, {"name": "app-01", "threads": [{"name": "m"}]}]})"));
}

TEST_CASE("loader errors: start and join targets") {
  CHECK_THROWS_WITH_AS(load(app(R"({"name": "main", "steps": [{"start": "wokrer"}]}, {"name": "worker"})")),
                       R"(s.json: /processes/0/threads/0/steps/0/start: unknown thread "wokrer" (did you mean "worker"?; threads of process "app": main, worker))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(app(R"({"name": "main", "steps": [{"join": "worker-3"}]}, {"name": "worker", "count": 2})")),
                       R"(s.json: /processes/0/threads/0/steps/0/join: unknown thread "worker-3" (thread "worker" has copies worker-1 to worker-2; threads of process "app": main, worker))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"join": "main-1"})")),
                       R"(s.json: /processes/0/threads/0/steps/0/join: unknown thread "main-1" (thread "main" has no count, so no copies; threads of process "app": main))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(main_steps(R"({"join": "main"})")),
                       R"(s.json: /processes/0/threads/0/steps/0: a thread cannot join itself (thread "main" runs this step))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(app(R"({"name": "main"}, {"name": "w", "count": 3, "steps": [{"join": "w-2"}]})")),
                       R"(s.json: /processes/0/threads/1/steps/0: a thread cannot join itself ("w-2" is a copy of thread "w", and all copies run this step))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(app(R"({"name": "main"}, {"name": "w", "steps": [{"start": "main"}]})")),
                       R"(s.json: /processes/0/threads/1/steps/0: cannot start "main": it is the main thread of process "app" and starts with the process (the first thread is the main thread))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(app(R"({"name": "main"}, {"name": "w", "steps": [{"start": "w"}]})")),
                       R"(s.json: /processes/0/threads/1/steps/0: a thread cannot start itself (thread "w" runs this step))",
                       InputError);
}

TEST_CASE("loader errors: a thread started more than once") {
  CHECK_THROWS_WITH_AS(load(app(R"({"name": "main", "count": 2, "steps": [{"start": "w"}]}, {"name": "w"})")),
                       R"(s.json: /processes/0/threads/0/steps/0: thread "w" is started more than once (this step runs once in each of the 2 copies of thread "main"; a thread can be started only once))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(app(R"({"name": "main", "steps": [{"repeat": 3, "steps": [{"start": "w"}]}]}, {"name": "w"})")),
                       R"(s.json: /processes/0/threads/0/steps/0/steps/0: thread "w" is started more than once (this step runs 3 times because of the repeats around it; a thread can be started only once))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(app(R"({"name": "main", "steps": [{"start": "b"}]},
                                  {"name": "b", "count": 2, "steps": [{"repeat": 2, "steps": [{"start": "c"}]}]}, {"name": "c"})")),
                       R"(s.json: /processes/0/threads/1/steps/0/steps/0: thread "c" is started more than once (this step runs 4 times: 2 copies of thread "b" times the repeats around it; a thread can be started only once))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(app(R"({"name": "main", "steps": [{"start": "w"}, {"start": "w-1"}]}, {"name": "w", "count": 2})")),
                       R"(s.json: /processes/0/threads/0/steps/1: thread "w-1" is started more than once (also by the start step at /processes/0/threads/0/steps/0; a thread can be started only once))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(app(R"({"name": "main", "steps": [{"start": "w-2"}]}, {"name": "x", "steps": [{"start": "w"}]}, {"name": "w", "count": 2})")),
                       R"(s.json: /processes/0/threads/1/steps/0: thread "w-2" is started more than once (also by the start step at /processes/0/threads/0/steps/0; a thread can be started only once))",
                       InputError);
}

TEST_CASE("loader errors: a thread never started") {
  CHECK_THROWS_WITH_AS(load(app(R"({"name": "main"}, {"name": "a", "steps": [{"start": "b"}]}, {"name": "b", "steps": [{"start": "a"}]})")),
                       R"(s.json: /processes/0/threads/1: thread "a" is never started (its start step at /processes/0/threads/2/steps/0 is in thread "b", which is never started itself; a thread named by a start step does not start at time 0))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(app(R"({"name": "main", "steps": [{"repeat": 0, "steps": [{"start": "w"}]}]}, {"name": "w"})")),
                       R"(s.json: /processes/0/threads/1: thread "w" is never started (its start steps are inside repeats of 0; a thread named by a start step does not start at time 0))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(app(R"({"name": "main", "steps": [{"start": "w-1"}]}, {"name": "w", "count": 2})")),
                       R"(s.json: /processes/0/threads/1: thread "w-2" is never started (start steps start only some copies of "w"; a thread named by a start step does not start at time 0))",
                       InputError);
}

// Spawns follow the same start graph as thread starts, in their own words.
TEST_CASE("loader errors: a process spawned twice or never") {
  auto scenario = [](const std::string& steps) {
    return R"({"name": "t", "processes": [{"name": "parent", "threads": [{"name": "main", "steps": )" + steps +
           R"(}]}, {"name": "w", "count": 2, "threads": [{"name": "main"}]}]})";
  };
  // A spawn of all copies after one of a copy names the whole process (a start names the copy).
  CHECK_THROWS_WITH_AS(load(scenario(R"([{"spawn": "w-2"}, {"spawn": "w"}])")),
                       R"(s.json: /processes/0/threads/0/steps/1: process "w" is spawned more than once (also by the spawn step at /processes/0/threads/0/steps/0; a process can be spawned only once))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(scenario(R"([{"spawn": "w"}, {"spawn": "w-1"}])")),
                       R"(s.json: /processes/0/threads/0/steps/1: process "w-1" is spawned more than once (also by the spawn step at /processes/0/threads/0/steps/0; a process can be spawned only once))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(scenario(R"([{"repeat": 0, "steps": [{"spawn": "w"}]}])")),
                       R"(s.json: /processes/1: process "w" is never spawned (its spawn steps are inside repeats of 0; a process named by a spawn step does not start at time 0))",
                       InputError);
  Scenario both = load(scenario(R"([{"spawn": "w-2"}, {"spawn": "w-1"}])"));
  CHECK(both.processes[1].spawned_by_step);
  CHECK_FALSE(both.processes[0].spawned_by_step);
}
