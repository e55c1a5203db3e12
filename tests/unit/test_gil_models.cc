// gil.model (cpython3, cpython2, none), gil.handoff_latency and
// single_thread_overhead: exact numbers on small cases worked out by hand,
// the direction of Beazley's measurement, and the loader and --set.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "model_fixture.h"
#include "scenario/loader.h"
#include "scenario/overrides.h"

using namespace gilsim;
using namespace gilsim::testing;

namespace {

constexpr Time us = kMicrosecond;
constexpr Time ms = kMillisecond;

Scenario two_threads(std::uint32_t cores, Time each, GilModel model) {
  Scenario s = scenario(cores, {process("app", true, {thread("a", {compute(each)}), thread("b", {compute(each)})})});
  s.gil.model = model;
  return s;
}

Scenario one_after_another(Time each, GilModel model) {
  Scenario s = scenario(2, {process("app", true, {thread("main", {compute(each), compute(each)})})});
  s.gil.model = model;
  return s;
}

Scenario load_file(const std::string& relative) {
  return load_scenario_file(std::string(GILSIM_SOURCE_DIR) + "/" + relative);
}

}  // namespace

TEST_CASE("cpython2, by hand: the waiter's wake-ups are wasted and the holder pays for every check") {
  // Defaults: check_interval 5us, wakeup_latency 50us, signal_cost 2us; 2 cores.
  // t=0: a takes the lock (core 0); b tries on core 1, fails (luck needs a
  // waiter to exist already) and sleeps; a now stops at its checks: 5, then
  // every 7us (2us of signal, 5us of compute): checks at 5 + 7k, after 5 + 5k
  // us of compute. Check 5 signals b (awake at 55), check 61 (the first after
  // 55) signals it again (awake at 111), check 117 (awake at 167).
  // b's tries at 55 and 111 add 2us of luck each (4 < 5 + 2): both fail.
  // a's compute ends at 5 + 7 * 19 = 138 (95us in 19 segments of 5us); b,
  // woken at 117, is still waking then and takes the free lock at 167;
  // alone, its checks are free: 167 + 100 = 267.
  Run run(two_threads(2, 100 * us, GilModel::cpython2));
  CHECK(run.watcher.finish["app/a"] == 138 * us);
  CHECK(run.watcher.finish["app/b"] == 267 * us);
  CHECK(run.watcher.running["app/a"] == 138 * us);  // 100us of compute + 19 signals of 2us
  CHECK(run.watcher.running["app/b"] == 100 * us);
  CHECK(run.watcher.acquisitions == 2);
  CHECK(run.watcher.requests == 0);  // no drop requests in the old GIL
  std::vector<std::string> b_log;
  for (const std::string& line : run.watcher.log)
    if (line.find("app/b") != std::string::npos) b_log.push_back(line);
  CHECK(b_log == std::vector<std::string>{
                     "0 app/b ready", "0 app/b running", "0 app/b gil_wait",            // first try
                     "55000 app/b ready", "55000 app/b running", "55000 app/b gil_wait",  // wasted wake-up
                     "111000 app/b ready", "111000 app/b running", "111000 app/b gil_wait",
                     "167000 app/b ready", "167000 app/b running", "267000 app/b finished"});
}

TEST_CASE("cpython2, by hand: every few tries one lands in the holder's release window") {
  // As above with 1ms each: b's tries at 55, 111, 167 and 223us bring the luck
  // to 2, 4, 6 and 8 >= 7: the fourth wins. a then sits in the signal that
  // began at its check at 222 (5 + 7 * 31), after 5 + 5 * 31 = 160us of compute.
  struct FirstSwitch : Watcher {
    using Watcher::Watcher;
    Time at = -1;
    void on_gil_acquire(Time t, ProcessIndex p, ThreadIndex h, bool f) override {
      if (at < 0 && roster.thread_name(h) == "b") at = t;
      Watcher::on_gil_acquire(t, p, h, f);
    }
  };
  Scenario s = two_threads(2, 1 * ms, GilModel::cpython2);
  Roster roster(s);
  FirstSwitch watch(roster);
  Simulation(roster, watch).run();
  CHECK(watch.at == 223 * us);
  CHECK(watch.state["app/a"] == ThreadState::finished);
  CHECK(watch.running["app/a"] + watch.running["app/b"] > 2 * ms);  // the checks' signals are CPU time
}

TEST_CASE("cpython2 reproduces the direction of Beazley's measurement: two threads on two cores are slower") {
  Run sequential(one_after_another(10 * ms, GilModel::cpython2));
  Run threads(two_threads(2, 10 * ms, GilModel::cpython2));
  Run new_gil(two_threads(2, 10 * ms, GilModel::cpython3));
  CHECK(sequential.outcome.end == 20 * ms);  // alone, nobody waits: checks are free
  CHECK(new_gil.outcome.end == 20 * ms);
  CHECK(threads.outcome.end > 25 * ms);       // 26.851 ms with the defaults
  CHECK(threads.watcher.max_running == 1);    // still never in parallel
  // The cost grows with the price of a signal and goes with it.
  Scenario free_signals = two_threads(2, 10 * ms, GilModel::cpython2);
  free_signals.gil.signal_cost = 0;
  // Free signals: no cost, no window. b is signalled at checks 5 + 55k (it
  // sleeps again at each 55(k+1)); the last before a ends at 10ms is 9960, so
  // b takes the free lock at 10010 and ends at 20.010 ms.
  CHECK(Run(std::move(free_signals)).outcome.end == 20 * ms + 10 * us);
  Scenario dear = two_threads(2, 10 * ms, GilModel::cpython2);
  dear.gil.signal_cost = 5 * us;  // about Beazley's 2x
  CHECK(Run(std::move(dear)).outcome.end > 38 * ms);
}

TEST_CASE("the shipped Beazley scenarios show the direction, and cpython3 and none do not") {
  Scenario threads = load_file("scenarios/gil_models/beazley_threads.json");
  Time sequential = Run(load_file("scenarios/gil_models/beazley_sequential.json")).outcome.end;
  CHECK(sequential == 2 * ms);
  // t1 starts t2 first: 160 us of first_thread_start, then 20 us until t2 runs (costs' defaults).
  constexpr Time start = 180 * us;
  CHECK(Run(threads).outcome.end == 2675 * us + start);  // the battle: slower than one after the other
  threads.gil.model = GilModel::cpython3;
  CHECK(Run(threads).outcome.end == sequential + start);
  threads.gil.model = GilModel::none;
  CHECK(Run(threads).outcome.end == 1 * ms + start);
  CHECK(Run(load_file("scenarios/gil_models/free_threaded_313t.json")).outcome.end == 1400 * us + start);
}

TEST_CASE("cpython2 on one core: the holder keeps the lock until it finishes") {
  // b gets the core only at a's quantum end (10ms): a then holds the lock off
  // its core, b fails, and a pays a signal per check from then on.
  Run short_run(two_threads(1, 10 * ms, GilModel::cpython2));
  CHECK(short_run.outcome.end == 20 * ms);  // a ends exactly at its quantum: b never tried
  Run long_run(two_threads(1, 50 * ms, GilModel::cpython2));
  CHECK(long_run.watcher.finish["app/a"] < long_run.watcher.finish["app/b"]);
  CHECK(long_run.watcher.acquisitions == 2);  // no switch while a computes
  CHECK(long_run.outcome.end > 100 * ms);
  Run two_cores(two_threads(2, 50 * ms, GilModel::cpython2));
  CHECK(two_cores.outcome.end > long_run.outcome.end);  // Beazley: multicore is worse still
}

TEST_CASE("gil.handoff_latency: the new holder runs only after the OS has woken it") {
  auto make = [](Time latency) {
    Scenario s = scenario(2, {process("app", true, {thread("io", {repeat(10, {io(1 * ms), compute(0)})}),
                                                    thread("cpu", {compute(1000 * ms)})})});
    s.gil.handoff_latency = latency;
    return s;
  };
  // Round k: 1ms of I/O, a 5ms wait for the drop (the wait began after the
  // cpu thread took the GIL back), then 100us until the io thread is awake;
  // its hand-back to the cpu thread costs the cpu thread, not the io thread.
  // 10 rounds of 6.1ms.
  CHECK(Run(make(100 * us)).watcher.finish["app/io"] == 61 * ms);
  CHECK(Run(make(0)).watcher.finish["app/io"] == 60 * ms);
}

TEST_CASE("gil.handoff_latency on the shipped convoy scenario: each request pays it once more") {
  // README: 10 requests of (1ms I/O, 5ms wait, 50us of Python) end at 60.5 ms.
  Scenario base = load_file("scenarios/convoy_effect.json");
  base.start_together = true;  // the I/O thread does not start the CPU thread first
  Scenario slow = base;
  slow.gil.handoff_latency = 200 * us;
  Run before(std::move(base));
  Run after(std::move(slow));
  CHECK(before.watcher.finish["server/io_thread"] == 60500 * us);
  CHECK(after.watcher.finish["server/io_thread"] == 60500 * us + 10 * 200 * us);
}

TEST_CASE("gil.model none: every process free-threaded, single_thread_overhead stretches Python compute") {
  Scenario s = two_threads(2, 100 * ms, GilModel::none);
  Run plain(s);
  CHECK(plain.outcome.end == 100 * ms);
  CHECK(plain.watcher.max_running == 2);
  CHECK(plain.watcher.acquisitions == 0);
  CHECK_FALSE(plain.roster.processes()[0].gil);  // no GIL lane in reports
  s.gil.single_thread_overhead = 1'400'000;
  CHECK(Run(s).outcome.end == 140 * ms);
  // Native code is not the interpreter's: not stretched.
  Scenario native = scenario(1, {process("app", true, {thread("a", {compute(10 * ms, false), compute(10 * ms)})})});
  native.gil.model = GilModel::none;
  native.gil.single_thread_overhead = 1'500'000;
  CHECK(Run(native).outcome.end == 25 * ms);
  // A process with "gil": false under cpython3 is free-threaded too: same factor.
  Scenario mixed = scenario(1, {process("ft", false, {thread("a", {compute(10 * ms)})}),
                                process("classic", true, {thread("a", {compute(10 * ms)})})});
  mixed.gil.single_thread_overhead = 1'500'000;
  Run m(mixed);
  CHECK(m.watcher.running["ft/a"] == 15 * ms);
  CHECK(m.watcher.running["classic/a"] == 10 * ms);
}

TEST_CASE("single_thread_overhead rounds to the nearest nanosecond, halves up, and saturates") {
  CHECK(apply_overhead(1, 1'500'000) == 2);  // 1.5 -> 2
  CHECK(apply_overhead(3, 1'400'000) == 4);  // 4.2 -> 4
  CHECK(apply_overhead(5, 1'100'000) == 6);  // 5.5 -> 6
  CHECK(apply_overhead(7, kOverheadUnit) == 7);
  CHECK(apply_overhead(2'000'001, 1'000'001) == 2'000'003);  // 2000003.000001
  CHECK(apply_overhead(kTimeMax / 2, 3 * kOverheadUnit) == kTimeMax);
}

TEST_CASE("loader: gil.model and its parameters, with defaults") {
  auto load = [](const std::string& gil) {
    return load_scenario_text(R"({"name": "t", "gil": )" + gil +
                                  R"(, "processes": [{"name": "p", "threads": [{"name": "t"}]}]})",
                              "s.json");
  };
  GilSpec defaults = load("{}").gil;
  CHECK(defaults.model == GilModel::cpython3);
  CHECK(defaults.handoff_latency == 0);
  CHECK(defaults.check_interval == 5 * us);
  CHECK(defaults.wakeup_latency == 50 * us);
  CHECK(defaults.signal_cost == 2 * us);
  CHECK(defaults.single_thread_overhead == kOverheadUnit);
  GilSpec old = load(R"({"model": "cpython2", "check_interval": "10us", "wakeup_latency": "0ns", "signal_cost": "1us"})").gil;
  CHECK(old.model == GilModel::cpython2);
  CHECK(old.check_interval == 10 * us);
  CHECK(old.wakeup_latency == 0);
  CHECK(old.signal_cost == 1 * us);
  // Parameters of another model are accepted (and ignored), so one file can be swept across models.
  GilSpec none = load(R"({"model": "none", "switch_interval": "1ms", "single_thread_overhead": 1.4})").gil;
  CHECK(none.model == GilModel::none);
  CHECK(none.single_thread_overhead == 1'400'000);
  CHECK(load(R"({"single_thread_overhead": 2})").gil.single_thread_overhead == 2'000'000);
  CHECK_THROWS_WITH_AS(load(R"({"model": "cpython"})"),
                       R"(s.json: /gil/model: unknown model "cpython" (did you mean "cpython3"?; valid: cpython3, cpython2, none))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(R"({"single_thread_overhead": "1.4"})"),
                       R"(s.json: /gil/single_thread_overhead: expected a factor from 1 to 100 (e.g. 1.4: Python code takes 40 % longer), got "1.4")",
                       InputError);
  CHECK_THROWS_WITH_AS(load(R"({"handoff_latency": "-1us"})"), doctest::Contains("/gil/handoff_latency"), InputError);
}

TEST_CASE("--set sweeps gil.model and the new parameters, also when the file leaves them out") {
  auto dir = std::filesystem::temp_directory_path() / "gilsim-test-gil-models";
  std::filesystem::create_directories(dir);
  std::string path = (dir / "s.json").string();
  std::ofstream(path) << R"({"name": "t", "processes": [{"name": "p", "threads": [{"name": "t"}]}]})";
  ScenarioFile file(path);
  auto set = [&](const std::string& option, std::size_t value) {
    Sweep sweep = parse_sweep(option);
    file.check(sweep);
    return file.load({sweep}, {value}).gil;
  };
  CHECK(set("gil.model=cpython2,none", 0).model == GilModel::cpython2);
  CHECK(set("gil.model=cpython2,none", 1).model == GilModel::none);
  CHECK(set("gil.handoff_latency=0ns,100us", 1).handoff_latency == 100 * us);
  CHECK(set("gil.single_thread_overhead=1.4,2", 0).single_thread_overhead == 1'400'000);
  CHECK(set("gil.single_thread_overhead=1.4,2", 1).single_thread_overhead == 2'000'000);
  CHECK(set("gil.signal_cost=1us,5us", 1).signal_cost == 5 * us);
  std::filesystem::remove_all(dir);
}
