// multiprocessing queues between processes (the scenario's "mp_queues"): a
// Queue's feeder thread, the costs on both ends, the pipe's capacity, a
// bounded Queue, and the join-before-get deadlock. Every expected number is
// worked out by hand in the comment above it.
#include <doctest/doctest.h>

#include <string>

#include "pool_fixture.h"

namespace gilsim {
namespace {

using pool_fixture::ms;
using pool_fixture::us;

// Every cost 0 but the queues' (round numbers).
void queue_costs(CostSpec& c) {
  c = CostSpec::none();
  c.queue_put = 2 * us;
  c.queue_send = 10 * us;  // + pickle_mb 100 us per MB
  c.pickle_mb = 100 * us;
  c.queue_write = 5 * us;  // + 200 us per MB
  c.queue_write_mb = 200 * us;
  c.queue_read_mb = 1000 * us;
  c.queue_recv = 7 * us;  // + unpickle_mb 100 us per MB
  c.unpickle_mb = 100 * us;
}

// A run with the queues' costs; every process and thread that no step starts
// begins at time 0 unless `together` is false.
struct QueueRun : pool_fixture::PoolScenarioRun {
  explicit QueueRun(const std::string& json, bool together = true)
      : PoolScenarioRun(together ? R"({"start_together": true, )" + json.substr(1) : json, queue_costs) {}
  Time in(const std::string& name, ThreadState s) const { return of(name).time_in[s]; }
};

// A producer process putting one item of 500 KB and 3 ms of work to `kind`,
// and a consumer process getting it and computing its work, on 2 cores.
std::string one_item(const std::string& kind, const std::string& producer_after = "") {
  return R"({"name": "q", "cores": 2, "mp_queues": {"q": {"kind": ")" + kind + R"("}}, "processes": [
    {"name": "producer", "threads": [{"name": "main", "steps": [{"put": "q", "bytes": "500KB", "work": "3ms"})" +
         producer_after + R"(]}]},
    {"name": "consumer", "threads": [{"name": "main", "steps": [{"get": "q"}, {"compute": "$work"}]}]}]})";
}

}  // namespace

TEST_CASE("mp_queues: a Queue's put hands the item to its process's feeder thread, which pickles and writes it") {
  QueueRun run(one_item("queue"));
  REQUIRE(!run.outcome.deadlock);
  // producer/main: Queue.put 0-2 us, then starts the feeder, which begins at
  // 2 us (the starter waits for that, its GIL released).
  // feeder: pickles 10 + 0.5 x 100 = 60 us (2-62 us, holding the producer's
  // GIL), then writes without it: the 500 KB do not fit the 64 KiB pipe, but
  // the consumer waits in its read, so they go as it reads them, and the
  // write returns when the slower of the two is done: writing 5 + 0.5 x 200 =
  // 105 us, reading 0.5 x 1000 = 500 us: 62-562 us.
  // producer/main has the GIL back at 62 us and ends; so does the feeder once
  // its write returns, with nothing more to send and nobody else left.
  CHECK(run.finish("producer/main") == 62 * us);
  CHECK(run.finish("producer/q-feeder") == 562 * us);
  CHECK(run.in("producer/q-feeder", ThreadState::running) == 560 * us);  // on a core: Python and native alike
  // consumer/main: handed the message, read, at 562 us; unpickles 7 + 50 =
  // 57 us (to 619 us), then computes the item's 3 ms of work: 3.619 ms.
  CHECK(run.finish("consumer/main") == 3619 * us);
  CHECK(run.in("consumer/main", ThreadState::running) == 3057 * us);
  CHECK(run.in("consumer/main", ThreadState::queue_wait) == 562 * us);
}

TEST_CASE("mp_queues: a message that fits the pipe is written, then read") {
  // 50 KB fit the 64 KiB pipe: the feeder pickles 10 + 5 = 15 us (2-17 us)
  // and writes 5 + 10 = 15 us (17-32 us); the consumer, handed them at 32 us,
  // reads 50 us (to 82 us), unpickles 7 + 5 = 12 us (to 94 us) and computes
  // 3 ms: 3.094 ms.
  std::string json = one_item("queue");
  json.replace(json.find("500KB"), 5, "50KB");
  QueueRun run(json);
  REQUIRE(!run.outcome.deadlock);
  CHECK(run.finish("producer/q-feeder") == 32 * us);
  CHECK(run.finish("consumer/main") == 3094 * us);
}

TEST_CASE("mp_queues: SimpleQueue.put and Connection.send pickle and write in the caller, with no feeder thread") {
  for (const char* kind : {"simple_queue", "pipe"}) {
    CAPTURE(kind);
    QueueRun run(one_item(kind));
    REQUIRE(!run.outcome.deadlock);
    CHECK(run.roster->threads().size() == 2);  // no feeder
    // producer: pickles 60 us, writes as the consumer reads, 500 us (to 560
    // us); consumer: unpickles 57 (to 617), computes 3 ms: 3.617 ms.
    CHECK(run.finish("producer/main") == 560 * us);
    CHECK(run.finish("consumer/main") == 3617 * us);
  }
}

TEST_CASE("mp_queues: the message is in the pipe when write() returns, before the feeder has its GIL back") {
  // producer/main computes 20 ms after its put. The feeder pickles (2-62 us)
  // and writes (62-562 us); producer/main holds the GIL from 62 us, so the
  // feeder waits a switch interval (5 ms) for it after its write. The
  // consumer has the message at 562 us all the same: 562 + 57 + 3000.
  QueueRun run(one_item("queue", R"(, {"compute": "20ms"})"));
  REQUIRE(!run.outcome.deadlock);
  CHECK(run.finish("consumer/main") == 3619 * us);
  CHECK(run.in("producer/q-feeder", ThreadState::gil_wait) >= 5 * ms);
}

TEST_CASE("mp_queues: a pipe holds its capacity, and a bigger message waits for a reader: join before get deadlocks") {
  // The multiprocessing docs' "joining processes that use queues": the worker
  // put an item, and its exit waits for its feeder to write it; the program
  // waits for the worker before it gets. 100 KB do not fit a 64 KiB pipe.
  // The worker's feeder asks to write at 2 (put) + 10 + 10 (pickling) us.
  auto scenario = [](const std::string& bytes, const std::string& capacity) {
    return R"({"name": "join", "mp_queues": {"results": {"capacity": ")" + capacity + R"("}}, "processes": [
      {"name": "main", "threads": [{"name": "main", "steps": [{"spawn": "worker"}, {"wait": "worker"}, {"get": "results"}]}]},
      {"name": "worker", "threads": [{"name": "main", "steps": [{"put": "results", "bytes": ")" + bytes + R"("}]}]}]})";
  };
  QueueRun stuck(scenario("100KB", "64KiB"), false);
  REQUIRE(stuck.outcome.deadlock);
  CHECK(stuck.result.threads[stuck.thread("main/main")].finish < 0);
  CHECK(stuck.deadlock_text() ==
        "deadlock at 22.000 us: main/main waits for process worker; worker/results-feeder waits to write to the pipe of "
        "queue results, which nobody was reading when every thread blocked (the pipe holds 65536 bytes; a message "
        "that does not fit waits for a reader)");
  // 10 KB fit: the worker's feeder writes them and the worker ends.
  QueueRun fits(scenario("10KB", "64KiB"), false);
  CHECK(!fits.outcome.deadlock);
  // So do 100 KB in a pipe of 1 MB (F_SETPIPE_SZ).
  QueueRun bigger(scenario("100KB", "1MB"), false);
  CHECK(!bigger.outcome.deadlock);
}

TEST_CASE("mp_queues: a Queue's maxsize: a put waits for a slot, which a get frees") {
  // maxsize 1: the producer's second put waits until the consumer has read
  // the first item; the consumer sleeps 10 ms before each get.
  QueueRun run(R"({"name": "bounded", "cores": 2, "mp_queues": {"q": {"maxsize": 1}}, "processes": [
    {"name": "producer", "threads": [{"name": "main", "steps": [{"repeat": 2, "steps": [{"put": "q", "bytes": "1KB"}]}]}]},
    {"name": "consumer", "threads": [{"name": "main", "steps": [{"repeat": 2, "steps": [{"sleep": "10ms"}, {"get": "q"}]}]}]}]})");
  REQUIRE(!run.outcome.deadlock);
  // producer/main: its second put waits for the first get, at 10 ms.
  CHECK(run.finish("producer/main") > 10 * ms);
  CHECK(run.in("producer/main", ThreadState::queue_wait) > 9 * ms);
}

TEST_CASE("mp_queues: every item put is got once, in order of the pipe, by consumers in several processes") {
  // 3 consumer processes get 4 items each of 12 put by one producer: the run
  // ends (no item lost or got twice would leave a consumer waiting, or one over).
  QueueRun run(R"({"name": "fan out", "cores": 4, "mp_queues": ["jobs"], "processes": [
    {"name": "producer", "threads": [{"name": "main", "steps": [{"repeat": 12, "steps": [{"compute": "100us"}, {"put": "jobs", "bytes": "1KB", "work": "1ms"}]}]}]},
    {"name": "consumer", "count": 3, "threads": [{"name": "main", "steps": [{"repeat": 4, "steps": [{"get": "jobs"}, {"compute": "$work"}]}]}]}]})");
  REQUIRE(!run.outcome.deadlock);
  std::uint64_t gets = 0, puts = 0;
  for (const SyncResult& s : run.result.syncs) {
    gets += s.uses;  // a queue's uses are its gets
    puts += s.puts;
  }
  CHECK(puts == 12);
  CHECK(gets == 12);
}

TEST_CASE("mp_queues: a deadlock beside an idle feeder thread is reported, the feeder waiting for its process") {
  // main puts to `results` (its feeder sends the item and goes back to wait
  // for another), then gets from `jobs`, to which nobody puts. main: put 0-2
  // us, then blocked in get from 12 us (the feeder had the GIL, pickling,
  // 2-12 us); the feeder writes 12-17 us and waits from then on.
  QueueRun run(R"({"name": "idle feeder", "mp_queues": ["results", "jobs"], "processes": [
    {"name": "app", "threads": [{"name": "main", "steps": [{"put": "results"}, {"get": "jobs"}]}]}]})");
  REQUIRE(run.outcome.deadlock);
  CHECK(run.deadlock_text() ==
        "deadlock at 17.000 us: app/main waits to get from queue jobs, which was empty when every thread blocked; "
        "app/results-feeder waits for its process to put to queue results or to exit");
}

TEST_CASE("mp_queues: a process with a feeder thread that was never spawned is reported as never started") {
  // The worker would put to `jobs`, but app/main waits in get before it spawns it.
  QueueRun run(R"({"name": "never", "mp_queues": ["jobs"], "processes": [
    {"name": "app", "threads": [{"name": "main", "steps": [{"get": "jobs"}, {"spawn": "worker"}]},
                                {"name": "waiter", "steps": [{"wait": "worker"}]}]},
    {"name": "worker", "threads": [{"name": "main", "steps": [{"put": "jobs"}]}]}]})");
  REQUIRE(run.outcome.deadlock);
  CHECK(run.deadlock_text() ==
        "deadlock at 0 ns: app/main waits to get from queue jobs, which was empty when every thread blocked; "
        "app/waiter waits for process worker, which never started");
}

TEST_CASE("mp_queues: a SimpleQueue's or a pipe's put leaves the sender's $work as it was") {
  // main gets an item of 10 ms from `a`, forwards "$work" through `b` and
  // computes "$work": 10 ms, not the put's pickling or write.
  for (const char* kind : {"simple_queue", "pipe"}) {
    CAPTURE(kind);
    QueueRun run(R"({"name": "forward", "mp_queues": {"a": {"kind": "simple_queue"}, "b": {"kind": ")" +
                 std::string(kind) + R"("}}, "processes": [
      {"name": "app", "threads": [{"name": "main", "steps": [{"put": "a", "work": "10ms"}, {"get": "a"},
        {"put": "b", "work": "$work"}, {"compute": "$work"}, {"get": "b"}, {"compute": "$work"}]}]}]})");
    REQUIRE(!run.outcome.deadlock);
    // Each put: 10 us pickling, 5 us writing; each get: 7 us. Two puts, two
    // gets and two computes of 10 ms: 30 + 14 + 20,000 us.
    CHECK(run.finish("app/main") == 20044 * us);
  }
}

TEST_CASE("mp_queues: a capacity is what F_SETPIPE_SZ gives, a power of two pages") {
  auto capacity = [](const std::string& value) {
    Scenario s = load_scenario_text(R"({"name": "c", "mp_queues": {"q": {"capacity": ")" + value + R"("}},
      "processes": [{"name": "app", "threads": [{"name": "main", "steps": [{"get": "q"}]}]}]})", "s.json");
    return s.shared_syncs.at(0).capacity;
  };
  CHECK(capacity("1B") == 4096);
  CHECK(capacity("4096B") == 4096);
  CHECK(capacity("100KB") == 131072);
  CHECK(capacity("1MiB") == 1048576);
  CHECK_THROWS_AS(capacity("2GiB"), InputError);
}

}  // namespace gilsim

