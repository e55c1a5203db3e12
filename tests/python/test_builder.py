"""gilsim.Scenario writes exactly the JSON the CLI reads: shipped scenarios rebuilt in code."""

import datetime
import json

import pytest

import gilsim
from conftest import cli


def some_func():
    s = gilsim.Scenario(
        "tutorial: some_func without join", cores=1,
        description="The tutorial's first example: main starts thread1 (some_func prints, sleeps 2 s, prints) "
                    "and prints threading.active_count() at once: 2, because thread1 is still sleeping.")
    script = s.process("script")
    script.thread("main").start("thread1").print("{active_count}")
    script.thread("thread1").print("Running some_func...").sleep("2s").print("Finished running some_func.")
    return s


def count_down_up():
    s = gilsim.Scenario(
        "tutorial: count_down and count_up", cores=1,
        description="thread1 counts down from 10 to 0 and thread2 counts up from 0 to 5, each sleeping 1 s after "
                    "every print: their output interleaves (10 0 9 1 ... 5 5) until count_up is done, then only "
                    "count_down prints.")
    script = s.process("script")
    script.thread("main").start("thread1").start("thread2")
    with script.thread("thread1").repeat(11, var="i", from_=10, step=-1) as body:
        body.print("{i}").sleep("1s")
    script.thread("thread2").repeat(6, var="i").print("{i}").sleep(datetime.timedelta(seconds=1))
    return s


def two_cpu_bound_threads():
    s = gilsim.Scenario(
        "two CPU-bound threads", cores=2,
        description="The example of the scenario format: main starts two workers that each do 3 rounds of 20 ms "
                    "compute and 5 ms I/O, on 2 cores. The GIL lets only one compute at a time; their I/O overlaps.",
        scheduler={"policy": "round_robin", "quantum": "10ms"}, gil={"switch_interval": "5ms"})
    app = s.process("app", gil=True)
    app.thread("main").start("worker").join("worker").print("done at {time}")
    with app.thread("worker", count=2).repeat(3, var="i") as body:
        body.compute("20ms").io("5ms").print("{thread} round {i}")
    return s


def worker_pool():
    s = gilsim.Scenario(
        "sync: worker pool over a task queue", cores=2,
        description="A ThreadPoolExecutor of 3 workers over 8 tasks: main puts tasks of 4 ms and 1 ms of Python "
                    "work into a queue, starts the workers and joins them. Each worker takes tasks until the queue "
                    "is empty (get_nowait), waits 1 ms of I/O and computes the task's work ($work).")
    app = s.process("app").queue("tasks")
    main = app.thread("main")
    main.repeat(4).put("tasks", work="4ms").put("tasks", work="1ms")
    main.start("worker").join("worker").print("all tasks done")
    app.thread("worker", count=3).repeat_until_empty("tasks").io("1ms").compute("$work")
    return s


def connection_pool():
    s = gilsim.Scenario(
        "sync: connection pool behind a semaphore",
        description="Five threads query a database through a pool of two connections (BoundedSemaphore(2)): each "
                    "query holds a connection for 10 ms of network I/O. Three threads wait for a connection at first "
                    "(lock_wait on pool).")
    client = s.process("app").semaphore("pool", 2).thread("client", count=5)
    client.compute("0.5ms")
    client.holding("pool").io("10ms")
    client.compute("0.5ms")
    return s


def one_disk_server():
    s = gilsim.Scenario(
        "sync: a server with one disk", cores=4,
        description="Four request handlers each parse (1 ms of Python), read 5 ms from a disk that serves one "
                    "request at a time, and reply (1 ms). Reads queue for the disk (device_wait) and the server's "
                    "makespan follows the disk, not the cores.").device("disk", channels=1)
    s.process("server").thread("handler", count=4).compute("1ms").io("5ms", device="disk").compute("1ms")
    return s


BUILT = {
    "scenarios/tutorial/some_func.json": some_func,
    "scenarios/tutorial/count_down_up.json": count_down_up,
    "scenarios/two_cpu_bound_threads.json": two_cpu_bound_threads,
    "scenarios/sync/worker_pool.json": worker_pool,
    "scenarios/sync/connection_pool.json": connection_pool,
    "scenarios/sync/one_disk_server.json": one_disk_server,
}


@pytest.mark.parametrize("path", sorted(BUILT))
def test_built_in_code_equals_the_shipped_file(path, tmp_path):
    scenario = BUILT[path]()
    with open(path) as f:
        assert scenario.to_dict() == json.load(f)
    assert json.loads(scenario.to_json()) == scenario.to_dict()
    # The same run through the module and through the CLI reading the saved JSON.
    saved = scenario.save(tmp_path / "built.json")
    code, out, _ = cli("run", str(saved), "--format", "json")
    assert gilsim.run(scenario).to_json().encode() == out == cli("run", path, "--format", "json")[1]


def test_a_scenario_runs_and_compares_itself():
    s = two_cpu_bound_threads()
    assert s.run().makespan_ns == gilsim.run("scenarios/two_cpu_bound_threads.json").makespan_ns
    assert s.run(cores=1).cores == 1
    assert [row["cores"] for row in s.compare(cores=[1, 2]).rows] == [1, 2]


def test_the_loader_judges_what_the_builder_wrote():
    s = gilsim.Scenario("typo")
    s.process("app").thread("t").step({"comptue": "1ms"})
    with pytest.raises(gilsim.ScenarioError) as caught:
        gilsim.run(s)
    assert str(caught.value) == ('<Scenario>: /processes/0/threads/0/steps/0: unknown step "comptue" '
                                 '(did you mean "compute"?)')


def test_durations_are_strings_or_timedeltas():
    t = gilsim.Scenario("d").process("app").thread("t")
    t.compute(datetime.timedelta(milliseconds=1.5)).sleep("2ms")
    assert t.steps == [{"compute": "1500us"}, {"sleep": "2ms"}]
    with pytest.raises(TypeError, match="a duration is a string with a unit"):
        t.compute(0.1)


def test_primitives_in_both_forms():
    s = gilsim.Scenario("p")
    app = s.process("app", count=2, priority=3).lock("L1", "L2").event("go").queue("q", maxsize=4).queue("r")
    app.semaphore("signal", 0, bounded=False).rlock("R")
    app.thread("t", cpus=[0]).wait("go", timeout="1ms").acquire("L1").release("L1").set("go").clear("go") \
        .put("q").get("q").spawn("other").wait("other")
    spec = s.to_dict()["processes"][0]
    assert spec["locks"] == ["L1", "L2"] and spec["events"] == ["go"] and spec["rlocks"] == ["R"]
    assert spec["queues"] == {"q": {"maxsize": 4}, "r": {}}
    assert spec["semaphores"] == {"signal": {"value": 0, "bounded": False}}
    assert spec["count"] == 2 and spec["priority"] == 3 and spec["threads"][0]["cpus"] == [0]
