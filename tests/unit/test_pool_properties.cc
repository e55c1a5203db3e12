// Properties of concurrent.futures executors over generated, seeded
// scenarios: thread and process pools of random sizes, submitted to by
// several threads with submits and maps of random chunksizes, under every GIL
// model and the default (measured) costs. Every call completes exactly once
// (each pool's calls and items are those submitted), no run deadlocks, every
// thread that started (the pools' included) finishes, the latency figures
// are ordered, and, with no costs, the workers run exactly the tasks' compute.

#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/roster.h"
#include "model/simulation.h"
#include "report/recorder.h"
#include "scenario/loader.h"
#include "test_random.h"

namespace gilsim {
namespace {

struct Expected {
  std::uint64_t calls = 0;
  std::uint64_t items = 0;
  Time compute = 0;  // the tasks' compute steps over every item
};

struct Generated {
  std::string json;
  std::map<std::string, Expected> pools;  // by the executor's full name, "app0/pool01"
  std::uint64_t process_pools = 0;
  bool exact_work = false;  // costs none and no cpython2 signal costs: workers run exactly the tasks' compute
};

std::string duration(Random& r, Time* total = nullptr) {
  int hundreds = 1 + r.below(20);
  if (total != nullptr) *total = hundreds * 100 * kMicrosecond;
  return std::to_string(hundreds) + "00us";
}

// A task's steps; `compute` gets the time its compute steps take.
std::string task_steps(Random& r, Time& compute) {
  std::string steps;
  compute = 0;
  for (int i = 0, n = 1 + r.below(3); i < n; ++i) {
    int kind = r.below(5);
    Time work = 0;
    std::string step = kind == 4   ? R"({"compute": ")" + duration(r, &work) + R"(", "gil": "hold"})"
                       : kind == 0 ? R"({"io": ")" + duration(r) + "\"}"
                       : kind == 1 ? R"({"sleep": ")" + duration(r) + "\"}"
                       : kind == 2 ? R"({"compute": ")" + duration(r, &work) + R"(", "gil": false})"
                                   : R"({"compute": ")" + duration(r, &work) + "\"}";
    if (r.chance(15)) {
      int times = 1 + r.below(3);
      step = R"({"repeat": )" + std::to_string(times) + R"(, "steps": [)" + step + "]}";
      work *= times;
    }
    compute += work;
    steps += (i ? ", " : "") + step;
  }
  return steps;
}

std::string size(Random& r) {
  const char* sizes[] = {"0B", "512B", "10KB", "100KB", "1MB"};
  return sizes[r.below(5)];
}

Generated generate(std::uint64_t seed) {
  Random r(seed);
  Generated g;
  std::string processes;
  for (int p = 0, np = 1 + r.below(2); p < np; ++p) {
    std::string app = "app" + std::to_string(p);
    int tasks = 1 + r.below(2);
    std::string task_json;
    std::vector<Time> task_compute(tasks);
    for (int t = 0; t < tasks; ++t)
      task_json += (t ? ", " : "") + std::string(R"("t)") + std::to_string(t) + R"(": {"steps": [)" +
                   task_steps(r, task_compute[t]) +
                   R"(], "args": ")" + size(r) + R"(", "result": ")" + size(r) + "\"}";
    int executors = 1 + r.below(2);
    // Unique in the scenario: a process pool's worker processes take its name.
    auto pool_name = [&](int e) { return "pool" + std::to_string(p) + std::to_string(e); };
    std::string executor_json;
    std::vector<bool> process_pool;
    for (int e = 0; e < executors; ++e) {
      bool process = r.chance(40);
      process_pool.push_back(process);
      g.process_pools += process;
      executor_json += std::string(e ? ", " : "") + "\"" + pool_name(e) + R"(": {"kind": ")" +
                       (process ? "process" : "thread") + "\"" +
                       (r.chance(80) ? R"(, "max_workers": )" + std::to_string(1 + r.below(4)) : "") + "}";
    }
    // Steps of a submitting thread: submits, maps and waits for results, in random order.
    auto submitter = [&]() {
      std::string steps;
      for (int i = 0, n = 1 + r.below(5); i < n; ++i) {
        int e = r.below(executors);
        std::string pool = pool_name(e);
        int t = r.below(tasks);
        std::string task = "t" + std::to_string(t);
        Expected& expected = g.pools[app + "/" + pool];
        std::string step;
        int kind = r.below(4);
        if (kind <= 1) {
          int count = 1 + r.below(6);
          step = R"({"submit": ")" + pool + R"(", "task": ")" + task + R"(", "count": )" + std::to_string(count) + "}";
          expected.calls += count;
          expected.items += count;
          expected.compute += count * task_compute[t];
        } else if (kind == 2) {
          int count = 1 + r.below(12), chunksize = 1 + r.below(5);
          step = R"({"map": ")" + pool + R"(", "task": ")" + task + R"(", "count": )" + std::to_string(count) +
                 R"(, "chunksize": )" + std::to_string(chunksize) + "}";
          // A process pool sends chunks; a thread pool ignores chunksize.
          expected.calls += process_pool[e] ? (count + chunksize - 1) / chunksize : count;
          expected.items += count;
          expected.compute += count * task_compute[t];
        } else {
          step = R"({"results": ")" + pool + "\"}";
        }
        if (r.chance(30)) step += R"(, {"compute": ")" + duration(r) + "\"}";
        steps += (i ? ", " : "") + step;
      }
      return steps;
    };
    // Clients submit too; main joins them before its (explicit or exit-handler) shutdowns,
    // so that no submit comes after a shutdown.
    int clients = r.below(3);
    std::string threads;
    std::string main_steps;
    for (int c = 0; c < clients; ++c) main_steps += R"({"start": "client)" + std::to_string(c) + "\"}, ";
    main_steps += submitter();
    for (int c = 0; c < clients; ++c) main_steps += R"(, {"join": "client)" + std::to_string(c) + "\"}";
    for (int e = 0; e < executors; ++e)
      if (r.chance(40)) main_steps += R"(, {"shutdown": ")" + pool_name(e) + "\"}";
    threads = R"({"name": "main", "steps": [)" + main_steps + "]}";
    for (int c = 0; c < clients; ++c)
      threads += R"(, {"name": "client)" + std::to_string(c) + R"(", "steps": [)" + submitter() + "]}";
    processes += (p ? ",\n" : "") + std::string(R"({"name": ")") + app + R"(", "gil": )" +
                 (r.chance(75) ? "true" : "false") + R"(, "tasks": {)" + task_json + R"(}, "executors": {)" +
                 executor_json + R"(}, "threads": [)" + threads + "]}";
  }
  const char* models[] = {"cpython3", "cpython2", "none"};
  int model = r.below(3);
  bool costs_none = r.chance(30);
  g.exact_work = costs_none && model != 1;
  g.json = R"({"name": "generated pools", "gil": {"model": ")" + std::string(models[model]) + R"("}, )" +
           (costs_none ? R"("costs": "none", )" : "") + R"("cores": )" + std::to_string(1 + r.below(3)) + R"(, "processes": [)" + processes + "]}";
  return g;
}

}  // namespace

TEST_CASE("pool properties over 1000 generated scenarios") {
  std::uint64_t process_pools = 0, calls = 0, exact = 0;
  for (std::uint64_t seed = 1; seed <= 1000; ++seed) {
    Generated g = generate(seed);
    CAPTURE(seed);
    CAPTURE(g.json);
    Scenario scenario = load_scenario_text(g.json, "generated.json");
    Roster roster(scenario);
    Recorder recorder(roster);
    Outcome outcome = Simulation(roster, recorder).run();
    RunResult result = recorder.take();
    CHECK(!outcome.deadlock);
    CHECK(!outcome.program_error);
    CHECK(outcome.stop == RunStop::drained);
    // Every call submitted completes exactly once.
    REQUIRE(result.pools.size() == roster.executors().size());
    for (std::uint32_t e = 0; e < roster.executors().size(); ++e) {
      std::string name = roster.executor_full_name(e);
      CAPTURE(name);
      const Expected& expected = g.pools[name];
      const PoolResult& pool = result.pools[e];
      CHECK(pool.calls == expected.calls);
      CHECK(pool.items == expected.items);
      // Each item ran its task's steps once: with no costs, the workers ran exactly their compute.
      if (g.exact_work) {
        std::string pool_name = name.substr(name.find('/') + 1);  // "pool01"
        Time ran = 0;
        for (ThreadIndex t = 0; t < result.threads.size(); ++t) {
          std::string thread = roster.full_name(t);
          std::string::size_type dash = thread.rfind('-');
          bool thread_worker = thread.starts_with(name + "-") &&
                               thread.find_first_not_of("0123456789", dash + 1) == std::string::npos;
          bool process_worker = thread.starts_with(pool_name + "-") && thread.ends_with("/main");
          if (thread_worker || process_worker) ran += result.threads[t].time_in[ThreadState::running];
        }
        CHECK(ran == expected.compute);
        exact += 1;
      }
      if (pool.calls > 0) {
        CHECK(pool.latency_p50 <= pool.latency_p95);
        CHECK(pool.latency_p95 <= pool.latency_max);
        CHECK(pool.latency_mean <= pool.latency_max);
        CHECK(pool.first_submit <= pool.last_done);
        CHECK(pool.last_done <= result.makespan);
      }
      calls += pool.calls;
    }
    // Every thread that started (the pools' workers, feeders and managers too) finished.
    for (ThreadIndex t = 0; t < result.threads.size(); ++t) {
      const ThreadResult& th = result.threads[t];
      if (th.start < 0) continue;
      CAPTURE(roster.full_name(t));
      CHECK(th.finish >= th.start);
    }
    process_pools += g.process_pools;
  }
  MESSAGE(calls << " calls in all, " << process_pools << " process pools, " << exact << " pools' work checked");
  // Floors, so that a generator that stops making pools or calls is noticed.
  CHECK(process_pools >= 800);
  CHECK(calls >= 20000);
  CHECK(exact >= 300);
}

}  // namespace gilsim
