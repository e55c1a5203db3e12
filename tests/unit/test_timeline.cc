// The online timeline: the same picture as the stored intervals give for small
// runs, exact totals through bucket merging, and memory that does not grow
// with the number of events.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "feed.h"
#include "model/roster.h"
#include "model/simulation.h"
#include "report/recorder.h"
#include "report/text_report.h"
#include "report/timeline.h"
#include "scenario/loader.h"

namespace gilsim {
namespace {

constexpr Time ms = kMillisecond;
using S = ThreadState;

// Hands every call to each observer in turn. Calls written by hand (a thread
// index, its new state and detail) go through its own ThreadStates, as the
// model's would.
struct Tee : Observer {
  explicit Tee(const Roster& roster) : states(roster.threads().size()) {}
  std::vector<Observer*> to;
  ThreadStates states;
  testing::LastCores cores;
  void on_thread_state(const StateChange& c) override {
    for (Observer* o : to) o->on_thread_state(c);
  }
  void on_thread_state(Time t, ThreadIndex i, ThreadState s, std::uint32_t d) {
    on_thread_state(states.change(i, s, d, t, cores.migrated(i, s, d)));
  }
  void on_gil_acquire(Time t, ProcessIndex p, ThreadIndex h, bool f) override {
    for (Observer* o : to) o->on_gil_acquire(t, p, h, f);
  }
  void on_gil_release(Time t, ProcessIndex p, ThreadIndex h) override {
    for (Observer* o : to) o->on_gil_release(t, p, h);
  }
  void on_gil_drop_request(Time t, ProcessIndex p, ThreadIndex r) override {
    for (Observer* o : to) o->on_gil_drop_request(t, p, r);
  }
  void on_print(Time t, ThreadIndex i, std::string_view text) override {
    for (Observer* o : to) o->on_print(t, i, text);
  }
  void on_sync(Time t, ThreadIndex i, SyncIndex s, SyncOp op, std::int64_t value) override {
    for (Observer* o : to) o->on_sync(t, i, s, op, value);
  }
  void on_device(Time t, ThreadIndex i, DeviceIndex d, bool begin) override {
    for (Observer* o : to) o->on_device(t, i, d, begin);
  }
  void on_deadlock(const Deadlock& d) override {
    for (Observer* o : to) o->on_deadlock(d);
  }
  void on_end(Time t, const ThreadStates& now) override {
    for (Observer* o : to) o->on_end(t, now);
  }
  void on_end(Time t) { on_end(t, states); }
};

std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(GILSIM_SOURCE_DIR) + "/scenarios"))
    if (entry.path().extension() == ".json") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 10);
  return files;
}

// One run watched three ways: a full Recorder, a totals Recorder, a Timeline.
struct Watched {
  Scenario scenario;
  Roster roster{scenario};
  Recorder full{roster, RecorderDetail::full};
  Recorder totals{roster, RecorderDetail::totals};
  Timeline timeline;
  RunResult full_result, totals_result;

  Watched(Scenario s, TimelineOptions options) : scenario(std::move(s)), timeline(roster, options) {
    Tee tee(roster);
    tee.to = {&full, &totals, &timeline};
    Simulation(roster, tee).run();
    full_result = full.take();
    totals_result = totals.take();
  }
};

std::string text_from_intervals(const Watched& w, int width) {
  std::ostringstream out;
  write_text_report(out, w.roster, w.full_result, width);
  return out.str();
}

std::string text_online(const Watched& w, int width) {
  std::ostringstream out;
  write_text_report(out, w.roster, w.totals_result, w.timeline, width);
  return out.str();
}

// The columns the text report draws for `width` with labels of `label_width`.
std::vector<Time> bounds_for(Time makespan, Time columns) {
  std::vector<Time> bounds;
  for (Time i = 0; i <= columns; ++i) bounds.push_back(i * makespan / columns);
  return bounds;
}

TEST_CASE("timeline: every shipped scenario gives the same text as the stored intervals") {
  for (const std::string& file : shipped_scenarios()) {
    CAPTURE(file);
    Watched w(load_scenario_file(file), {});
    CHECK(w.timeline.exact());
    CHECK(w.timeline.makespan() == w.full_result.makespan);
    for (int width : {40, 80, 100, 163, 1000}) {
      CAPTURE(width);
      CHECK(text_online(w, width) == text_from_intervals(w, width));
    }
  }
}

// Drawn from buckets, the shipped scenarios look nearly the same: a column may
// differ only where the intervals' picture is a close call.
TEST_CASE("timeline: buckets draw the shipped scenarios nearly as the intervals do") {
  TimelineOptions buckets_only;
  buckets_only.exact_pieces = 0;
  std::size_t columns_compared = 0, columns_differing = 0;
  for (const std::string& file : shipped_scenarios()) {
    CAPTURE(file);
    Watched w(load_scenario_file(file), buckets_only);
    Timeline exact = Timeline::from_result(w.roster, w.full_result);
    REQUIRE(!w.timeline.exact());
    REQUIRE(exact.exact());
    for (Time columns : {63, 200, 997}) {
      std::vector<Time> bounds = bounds_for(w.full_result.makespan, std::min(columns, w.full_result.makespan));
      for (LaneKind kind : {LaneKind::core, LaneKind::gil, LaneKind::lock, LaneKind::thread,
                            LaneKind::concurrency, LaneKind::parallelism}) {
        for (std::size_t lane = 0; lane < exact.lanes(kind); ++lane) {
          std::string a = exact.chart(kind, lane, bounds), b = w.timeline.chart(kind, lane, bounds);
          REQUIRE(a.size() == b.size());
          for (std::size_t c = 0; c < a.size(); ++c) columns_differing += a[c] != b[c];
          columns_compared += a.size();
        }
      }
    }
  }
  MESSAGE(columns_differing << " of " << columns_compared << " columns differ");
  CHECK(columns_differing * 100 <= columns_compared);  // at most 1%
}

// Two threads swap a core at 1 ns and every 4 ns after, columns are 4 ns and
// so are the buckets: the buckets hold exactly the columns' times, and with no
// ties the pictures agree.
TEST_CASE("timeline: buckets aligned with the columns draw exactly what the intervals draw") {
  Scenario sc;
  sc.cores = 1;
  ProcessSpec app;
  app.name = "app";
  ThreadSpec a, b;
  a.name = "a";
  b.name = "b";
  app.threads = {a, b};
  sc.processes = {app};
  Roster roster(sc);
  TimelineOptions options;
  options.buckets = 8;
  options.exact_pieces = 0;
  Timeline timeline(roster, options);
  Recorder full(roster);
  Tee tee(roster);
  tee.to = {&timeline, &full};
  std::vector<Time> switches = {0};
  for (Time t = 1; t < 32; t += 4) switches.push_back(t);
  for (std::size_t k = 0; k < switches.size(); ++k) {
    Time t = switches[k];
    ThreadIndex on = k % 2 == 0 ? 0 : 1;
    if (k > 0) tee.on_gil_release(t, 0, 1 - on);
    tee.on_thread_state(t, 1 - on, S::ready, 0);
    tee.on_thread_state(t, on, S::running, 0);
    tee.on_gil_acquire(t, 0, on, false);
  }
  tee.on_end(32);
  REQUIRE(timeline.bucket_width() == 4);
  Timeline exact = Timeline::from_result(roster, full.take());
  std::vector<Time> bounds = bounds_for(32, 8);
  for (LaneKind kind : {LaneKind::core, LaneKind::gil, LaneKind::thread, LaneKind::concurrency,
                        LaneKind::parallelism}) {
    for (std::size_t lane = 0; lane < exact.lanes(kind); ++lane) {
      CAPTURE(static_cast<int>(kind));
      CHECK(timeline.chart(kind, lane, bounds) == exact.chart(kind, lane, bounds));
    }
  }
  CHECK(timeline.chart(LaneKind::core, 0, bounds) == "BABABABA");
  CHECK(timeline.chart(LaneKind::thread, 0, bounds) == "-#-#-#-#");
}

// Lane totals, independently from a full Recorder of the same run.
void check_totals(const Timeline& timeline, const Roster& roster, const RunResult& r) {
  for (std::size_t c = 0; c < timeline.lanes(LaneKind::core); ++c) CHECK(timeline.bucket_total(LaneKind::core, c) == r.core_busy[c]);
  for (std::size_t k = 0; k < timeline.lanes(LaneKind::gil); ++k)
    CHECK(timeline.bucket_total(LaneKind::gil, k) == r.processes[timeline.gil_processes()[k]].gil_held);
  for (std::size_t i = 0; i < timeline.lanes(LaneKind::thread); ++i) {
    const ThreadResult& t = r.threads[i];
    Time alive = t.time_in.total();
    CHECK(timeline.bucket_total(LaneKind::thread, i) == alive);
  }
  CHECK(timeline.bucket_total(LaneKind::concurrency, 0) == r.makespan);
  CHECK(timeline.bucket_total(LaneKind::parallelism, 0) == r.makespan);
  (void)roster;
}

TEST_CASE("timeline: merging buckets keeps every lane's total exact") {
  for (std::size_t buckets : {2, 3, 8, 2048}) {
    CAPTURE(buckets);
    for (const std::string& file : shipped_scenarios()) {
      CAPTURE(file);
      TimelineOptions options;
      options.buckets = buckets;
      options.exact_pieces = 0;
      Watched w(load_scenario_file(file), options);
      check_totals(w.timeline, w.roster, w.full_result);
      CHECK(w.timeline.bucket_width() * static_cast<Time>(buckets) >= w.full_result.makespan);
    }
  }
}

// 40 threads in two GIL processes on 4 cores: each call moves one thread on.
// Times grow irregularly so that pieces straddle buckets of every width.
struct Churn {
  static constexpr ThreadIndex kThreads = 40;
  Scenario scenario;
  Roster roster;
  explicit Churn(Scenario s) : scenario(std::move(s)), roster(scenario) {}
  static Scenario make() {
    Scenario sc;
    sc.cores = 4;
    for (const char* name : {"web", "db"}) {
      ProcessSpec p;
      p.name = name;
      ThreadSpec t;
      t.name = "w";
      t.count = kThreads / 2;
      p.threads = {t};
      sc.processes.push_back(p);
    }
    return sc;
  }
  std::vector<ThreadState> state = std::vector<ThreadState>(kThreads, S::not_started);
  std::vector<bool> holds = std::vector<bool>(kThreads, false);
  std::vector<CoreIndex> core_of = std::vector<CoreIndex>(kThreads, 0);
  std::vector<int> on_core = std::vector<int>(4, -1);
  std::vector<int> gil_holder = std::vector<int>(2, -1);
  Time now = 0;
  std::uint64_t seed = 12345;
  std::uint64_t next() {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return seed >> 33;
  }
  // One observer call (sometimes a GIL call beside it), legal for the model's rules.
  template <class Calls>
  void step(Calls& o) {
    now += static_cast<Time>(next() % 1000);
    auto i = static_cast<ThreadIndex>(next() % kThreads);
    ProcessIndex p = i / (kThreads / 2);
    if (state[i] == S::running) {
      if (holds[i]) {
        o.on_gil_release(now, p, i);
        holds[i] = false;
        gil_holder[p] = -1;
      }
      on_core[core_of[i]] = -1;
      ThreadState to = std::array{S::ready, S::sleep, S::io, S::gil_wait}[next() % 4];
      state[i] = to;
      o.on_thread_state(now, i, to, 0);
      return;
    }
    for (CoreIndex c = 0; c < 4; ++c) {
      if (on_core[c] >= 0) continue;
      on_core[c] = static_cast<int>(i);
      core_of[i] = c;
      state[i] = S::running;
      o.on_thread_state(now, i, S::running, c);
      if (gil_holder[p] < 0) {
        o.on_gil_acquire(now, p, i, next() % 2 == 0);
        holds[i] = true;
        gil_holder[p] = static_cast<int>(i);
      }
      return;
    }
    state[i] = S::ready;
    o.on_thread_state(now, i, S::ready, 0);
  }
};

TEST_CASE("timeline: 10^7 observer calls in fixed memory, totals still exact") {
  Churn churn(Churn::make());
  Timeline timeline(churn.roster);
  Recorder totals(churn.roster, RecorderDetail::totals);
  Tee tee(churn.roster);
  tee.to = {&timeline, &totals};
  for (int i = 0; i < 1'000'000; ++i) churn.step(tee);
  CHECK(!timeline.exact());  // past the cap the pieces are gone
  const std::size_t bytes = timeline.memory_bytes();
  // Dense buckets, 2048 x 8 bytes per symbol a lane can show: 40 threads on
  // each of 4 cores, 20 per GIL, 13 states on 32 threads, 11 levels twice.
  CHECK(bytes >= 2048 * 8 * (4 * 40 + 2 * 20 + 32 * 13 + 2 * 11));
  CHECK(bytes < 2048 * 8 * (4 * 40 + 2 * 20 + 32 * 13 + 2 * 11) + (64 << 10));
  for (int i = 0; i < 9'000'000; ++i) churn.step(tee);
  CHECK(timeline.memory_bytes() == bytes);
  tee.on_end(churn.now);
  CHECK(timeline.memory_bytes() == bytes);
  RunResult r = totals.take();
  check_totals(timeline, churn.roster, r);
  std::vector<Time> bounds = bounds_for(churn.now, 80);
  for (LaneKind kind : {LaneKind::core, LaneKind::gil, LaneKind::thread})
    CHECK(timeline.chart(kind, 0, bounds).size() == 80);
}

TEST_CASE("timeline: a small run past the piece cap switches to buckets and still draws") {
  Churn churn(Churn::make());
  TimelineOptions options;
  options.exact_pieces = 100;
  Timeline timeline(churn.roster, options);
  Timeline exact(churn.roster);
  Tee tee(churn.roster);
  tee.to = {&timeline, &exact};
  for (int i = 0; i < 2000; ++i) churn.step(tee);
  tee.on_end(churn.now);
  CHECK(!timeline.exact());
  CHECK(exact.exact());
  std::vector<Time> bounds = bounds_for(churn.now, 60);
  std::size_t differing = 0;
  for (std::size_t lane = 0; lane < 32; ++lane) {
    std::string a = exact.chart(LaneKind::thread, lane, bounds), b = timeline.chart(LaneKind::thread, lane, bounds);
    for (std::size_t c = 0; c < a.size(); ++c) differing += a[c] != b[c];
  }
  MESSAGE(differing << " of " << 32 * 60 << " thread-lane columns differ");
  CHECK(differing * 20 <= 32 * 60);  // these lanes change state every column or two: close calls abound
}

TEST_CASE("text report: more buckets for wider pictures") {
  CHECK(text_timeline_options(80).buckets == 2048);
  CHECK(text_timeline_options(256).buckets == 2048);
  CHECK(text_timeline_options(257).buckets == 4096);
  CHECK(text_timeline_options(1000).buckets == 8192);
}

TEST_CASE("timeline: lanes drawn are capped at 32 per kind, '*' beyond the 62nd thread") {
  Scenario sc;
  sc.cores = 40;
  for (int k = 0; k < 35; ++k) {
    ProcessSpec p;
    p.name = "p" + std::to_string(k);
    p.gil = k % 10 != 0;  // 31 GIL processes
    ThreadSpec t;
    t.name = "t";
    t.count = 2;
    p.threads = {t};
    sc.processes.push_back(p);
  }
  Roster roster(sc);
  Timeline timeline(roster);
  testing::Feed feed(timeline, roster);
  CHECK(timeline.lanes(LaneKind::core) == 32);
  CHECK(timeline.lanes(LaneKind::thread) == 32);
  CHECK(timeline.gil_process_count() == 31);
  CHECK(timeline.lanes(LaneKind::gil) == 31);
  CHECK(timeline.gil_processes().front() == 1);
  // Thread 69 runs on core 3 for 10 ns: '*' on the core lane.
  feed.on_thread_state(0, 69, S::running, 3);
  feed.on_gil_acquire(2, 34, 69, false);
  feed.on_gil_release(6, 34, 69);
  feed.on_thread_state(10, 69, S::finished, 0);
  feed.on_end(10);
  // Process p34 holds threads 68 and 69: its GIL lane has room for '*' only.
  REQUIRE(timeline.gil_processes()[30] == 34);
  CHECK(timeline.chart(LaneKind::gil, 30, bounds_for(10, 5)) == ".**..");
  CHECK(timeline.chart(LaneKind::core, 3, bounds_for(10, 5)) == "*****");
  CHECK(timeline.chart(LaneKind::core, 2, bounds_for(10, 5)) == ".....");
  CHECK(thread_symbol(0) == 'A');
  CHECK(thread_symbol(61) == '9');
  CHECK(thread_symbol(62) == '*');
}

}  // namespace
}  // namespace gilsim
