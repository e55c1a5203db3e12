// export-python of scenarios with concurrent.futures executors: the tasks, the
// executors, the steps that use them, and the pool's own threads left to CPython.
// The pools are added here as the loader adds them (docs/pools.md), so that
// these tests do not depend on the JSON form.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "export/python_names.h"
#include "export/python_program.h"
#include "export/python_steps.h"
#include "export/verify_report.h"
#include "export/verify_runs.h"
#include "scenario/loader.h"

namespace gilsim {
namespace {

Step step(StepKind kind, std::uint32_t executor, std::uint32_t task = 0, std::int64_t count = 1) {
  Step s;
  s.kind = kind;
  s.sync = executor;
  s.target.thread = task;
  s.count = count;
  return s;
}

// Process 0 of `s` gets task "fetch" (2 ms of Python code, then a print) and
// executor "pool" of `kind` with `workers`, with the specs the loader adds.
void add_pool(Scenario& s, ExecutorKind kind, std::uint32_t workers) {
  ProcessSpec& app = s.processes[0];
  TaskSpec task{"fetch", {}, 100000, 1000};
  Step compute;
  compute.duration = 2 * kMillisecond;
  Step print;
  print.kind = StepKind::print;
  print.text = {TextPart{TextPart::Kind::literal, "fetched by "}, TextPart{TextPart::Kind::thread, ""}};
  task.steps = {compute, print};
  app.tasks.push_back(task);
  ExecutorSpec executor{"pool", kind, workers, workers};
  const auto process_index = static_cast<std::uint32_t>(0);
  if (kind == ExecutorKind::thread) {
    executor.workers_spec = static_cast<std::uint32_t>(app.threads.size());
    ThreadSpec worker{"pool", ThreadRole::pool_worker, 0, workers};
    worker.started_by_step = true;
    app.threads.push_back(worker);
  } else {
    executor.workers_spec = static_cast<std::uint32_t>(s.processes.size());
    executor.manager = static_cast<std::uint32_t>(app.threads.size());
    executor.feeder = executor.manager + 1;
    ThreadSpec manager{"pool-manager", ThreadRole::pool_manager, 0, std::nullopt};
    ThreadSpec feeder{"pool-feeder", ThreadRole::pool_feeder, 0, std::nullopt};
    manager.started_by_step = feeder.started_by_step = true;
    app.threads.push_back(manager);
    app.threads.push_back(feeder);
    ProcessSpec workers_spec;
    workers_spec.name = "pool";
    workers_spec.count = workers;
    workers_spec.spawned_by_step = true;
    workers_spec.pool_owner = process_index;
    workers_spec.pool_executor = 0;
    workers_spec.threads.push_back(ThreadSpec{"main", ThreadRole::pool_worker, 0, std::nullopt});
    s.processes[0].executors.push_back(executor);
    s.processes.push_back(workers_spec);
    return;
  }
  app.executors.push_back(executor);
}

// "app": main submits 6 calls of fetch, waits for them, maps 4 more (chunks of 2), shuts the pool down.
Scenario pool_scenario(ExecutorKind kind, std::uint32_t workers = 3) {
  Scenario s = load_scenario_text(R"({"name": "pool", "cores": 2, "processes": [{"name": "app", "threads": [
    {"name": "main", "steps": [{"print": "submitting"}]}]}]})", "s.json");
  add_pool(s, kind, workers);
  std::vector<Step>& steps = s.processes[0].threads[0].steps;
  steps.push_back(step(StepKind::submit, 0, 0, 6));
  steps.push_back(step(StepKind::results, 0));
  Step map = step(StepKind::map, 0, 0, 4);
  map.chunksize = 2;
  steps.push_back(map);
  Step print;
  print.kind = StepKind::print;
  print.text = {TextPart{TextPart::Kind::literal, "done"}};
  steps.push_back(print);
  steps.push_back(step(StepKind::shutdown, 0));
  return s;
}

bool has(const std::string& program, const std::string& text) { return program.find(text) != std::string::npos; }

TEST_CASE("pools: submit, results, map and shutdown are concurrent.futures calls") {
  Scenario s = pool_scenario(ExecutorKind::thread);
  std::vector<std::string> lines;
  write_python_steps(s, s.processes[0], s.processes[0].threads[0].steps, 1, lines);
  CHECK(lines == std::vector<std::string>{
                     "    me.print_line(\"submitting\")",
                     "    for _ in range(6):  # submit: 6 calls of fetch",
                     "        pool_futures.append(pool.submit(fetch, FETCH_ARGS))",
                     "    concurrent.futures.wait(pool_futures)  # results: every call this thread submitted to pool "
                     "is done",
                     "    del pool_futures[:]",
                     "    list(pool.map(fetch, [FETCH_ARGS] * 4, chunksize=2))  # map: 4 calls of fetch, every result "
                     "taken",
                     "    me.print_line(\"done\")",
                     "    pool.shutdown(wait=True)",
                 });
}

TEST_CASE("pools: a multiprocessing.Pool is made at its first use, and its steps are apply_async, map, wait, close and join") {
  Scenario s = pool_scenario(ExecutorKind::mp_pool, 2);
  std::vector<std::string> lines;
  write_python_steps(s, s.processes[0], s.processes[0].threads[0].steps, 1, lines);
  CHECK(lines == std::vector<std::string>{
                     "    me.print_line(\"submitting\")",
                     "    for _ in range(6):  # submit: 6 calls of fetch",
                     "        pool_futures.append(pool.apply_async(fetch, (FETCH_ARGS,)))",
                     "    for result in pool_futures: result.wait()  # results: every call this thread sent to pool "
                     "is done",
                     "    del pool_futures[:]",
                     "    list(pool.map(fetch, [FETCH_ARGS] * 4, chunksize=2))  # map: 4 calls of fetch, every result "
                     "taken",
                     "    me.print_line(\"done\")",
                     "    pool.close()",
                     "    pool.join()",
                 });
  std::string program = export_python(s);
  CHECK(has(program, "pool = MadeAtFirstUse(lambda: multiprocessing.get_context(\"fork\").Pool(\n    processes=2, "
                     "initializer=pool_process_started, initargs=(\"pool\",)))\n"));
  CHECK(has(program, "\"role\": \"pool_manager\""));
  // Started by spawn, a worker gets its owner's context in initargs.
  s.processes[1].start_method = StartMethod::spawn;
  CHECK(has(export_python(s), ".get_context(\"spawn\").Pool(\n    processes=2, initializer=pool_process_started, "
                              "initargs=(\"pool\", _pool_context)))\n"));
}

TEST_CASE("pools: as_completed is a loop over concurrent.futures.as_completed, each result taken, its steps inside") {
  Scenario s = pool_scenario(ExecutorKind::thread);
  Step each = step(StepKind::as_completed, 0);
  Step print;
  print.kind = StepKind::print;
  print.text = {TextPart{TextPart::Kind::literal, "one"}};
  each.body = {print};
  std::vector<Step>& steps = s.processes[0].threads[0].steps;
  steps = {step(StepKind::submit, 0, 0, 2), each};
  std::vector<std::string> lines;
  write_python_steps(s, s.processes[0], steps, 1, lines);
  CHECK(lines == std::vector<std::string>{
                     "    for _ in range(2):  # submit: 2 calls of fetch",
                     "        pool_futures.append(pool.submit(fetch, FETCH_ARGS))",
                     "    for future in concurrent.futures.as_completed(pool_futures):  # as_completed: each call "
                     "this thread submitted to pool, as it finishes",
                     "        future.result()",
                     "        me.print_line(\"one\")",
                     "    del pool_futures[:]",
                 });
}

TEST_CASE("pools: names of tasks, executors and futures are unique and leave threads' names as they were") {
  Scenario s = pool_scenario(ExecutorKind::thread);
  s.processes[0].threads[0].name = "pool_futures";  // a thread whose function would be the futures' list
  std::vector<ProcessPythonNames> names = python_names(s);
  CHECK(names[0].threads == std::vector<std::string>{"pool_futures", ""});
  CHECK(names[0].executors == std::vector<std::string>{"pool"});
  CHECK(names[0].futures == std::vector<std::string>{"app_pool_futures"});
  CHECK(names[0].tasks == std::vector<std::string>{"fetch"});
  CHECK(names[0].task_args == std::vector<std::string>{"FETCH_ARGS"});
  CHECK(names[0].task_results == std::vector<std::string>{"FETCH_RESULT"});
}

TEST_CASE("pools: a loop variable does not hide an executor or a task") {
  Scenario s = pool_scenario(ExecutorKind::thread);
  Step loop;
  loop.kind = StepKind::repeat;
  loop.count = 2;
  loop.var = "pool";
  loop.body = {step(StepKind::submit, 0)};
  s.processes[0].threads[0].steps = {loop};
  std::vector<std::string> lines;
  write_python_steps(s, s.processes[0], s.processes[0].threads[0].steps, 0, lines);
  CHECK(lines == std::vector<std::string>{"for pool_ in range(2):  # repeat 2, pool",
                                          "    pool_futures.append(pool.submit(fetch, FETCH_ARGS))  # submit: 1 call "
                                          "of fetch"});
}

TEST_CASE("pools: a thread pool is made at module level, and its workers have no function of their own") {
  std::string program = export_python(pool_scenario(ExecutorKind::thread));
  CHECK(has(program, "pool = concurrent.futures.ThreadPoolExecutor(\n    max_workers=3, thread_name_prefix=\"pool\", "
                     "initializer=pool_thread_started)\n"));
  CHECK(has(program, "FETCH_ARGS = b\"x\" * 100000\nFETCH_RESULT = b\"x\" * 1000\n"));
  CHECK(has(program, "def fetch(args):\n    with running_task() as me:  # me: the worker that runs it\n"
                     "        me.compute(2000000)  # 2ms of Python code\n"
                     "        me.print_line(\"fetched by \", THREAD)\n    return FETCH_RESULT\n"));
  CHECK(has(program, "def main(me):\n    pool_futures = []  # what this thread submitted to pool and has not waited "
                     "for\n"));
  CHECK(has(program, "    # The steps are over: CPython's exit handler shuts the executors down and waits.\n"
                     "    pool.shutdown(wait=True)\n"));
  CHECK(has(program, "{\"name\": \"pool\", \"count\": 3, \"function\": None, \"started_by_step\": True, \"role\": "
                     "\"pool_worker\","));
  CHECK_FALSE(has(program, "def pool("));
}

TEST_CASE("pools: a process pool forks its workers, which are a process spec without functions") {
  std::string program = export_python(pool_scenario(ExecutorKind::process, 2));
  CHECK(has(program, "pool = concurrent.futures.ProcessPoolExecutor(\n    max_workers=2, "
                     "mp_context=multiprocessing.get_context(\"fork\"),\n    initializer=pool_process_started, "
                     "initargs=(\"pool\",))\n"));
  CHECK(has(program, "\"role\": \"pool_manager\""));
  CHECK(has(program, "\"role\": \"pool_feeder\""));
  CHECK(has(program, "     \"process_pools\": [\n         \"pool\",\n     ],"));
  CHECK_FALSE(has(program, "def pool_manager("));
  CHECK_FALSE(has(program, "def pool_main("));
}

TEST_CASE("verify leaves out a process pool's manager and feeder, which the program cannot time, and says so") {
  Scenario s = pool_scenario(ExecutorKind::process, 2);
  RunRecord predicted;
  for (const char* thread : {"main", "pool-manager", "pool-feeder"}) predicted.threads.push_back({"app", thread});
  predicted.threads.push_back({"pool-1", "main"});
  std::optional<std::string> note = leave_out_unmeasured(s, predicted);
  REQUIRE(note);
  CHECK(note->rfind("app/pool-manager, app/pool-feeder: a process pool's manager and feeder threads", 0) == 0);
  REQUIRE(predicted.threads.size() == 2);
  CHECK(predicted.threads[1].process == "pool-1");
  VerifyReport report;
  report.not_compared = note;
  std::ostringstream text;
  write_verify_text(text, report);
  CHECK(text.str().find("\nnot compared: app/pool-manager, app/pool-feeder: ") != std::string::npos);
  Scenario threads = pool_scenario(ExecutorKind::thread);
  CHECK_FALSE(leave_out_unmeasured(threads, predicted));
  CHECK(predicted.threads.size() == 2);
}

}  // namespace
}  // namespace gilsim
