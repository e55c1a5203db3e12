#!/usr/bin/env python3
"""Measure where a ProcessPoolExecutor's per-call time goes, for gilsim's defaults
(manager_result, manager_wakeup, feeder_call, process_worker_call, map_result).

Stdlib only, Linux (/proc schedstat). Prints one JSON object: for 1 and 2
workers and each phase (map, stuck, drain; see pool_threads_once), the median,
min and max over REPS repetitions of each thread's CPU time per call in
microseconds, the wall time per call and the manager's loops per call.

    python3 tools/measure-pool-threads.py --reps 5
"""
import json
import multiprocessing
import os
import sys
import time

REPS = 5


def noop(*_):
    return None


def summary(xs, nd=3):
    s = sorted(xs)
    n = len(s)
    median = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    return {"median": round(median, nd), "min": round(min(xs), nd), "max": round(max(xs), nd)}


def _sched_ns(pid, tid=None):
    """CPU time (ns) a process or one of its threads has run, from the
    scheduler's own accounting (/proc/PID[/task/TID]/schedstat, Linux)."""
    path = f"/proc/{pid}/task/{tid}/schedstat" if tid else f"/proc/{pid}/schedstat"
    with open(path) as f:
        return int(f.read().split()[0])


def pool_threads_once(workers, n=2000):
    """Where a ProcessPoolExecutor's per-call time goes (fork, `workers`
    processes): CPU time per call of the parent's three threads (main, the
    _ExecutorManagerThread, the call queue's feeder thread) and of the worker
    processes, and the manager's loops (calls of wait_result_broken_or_wakeup,
    counted by a wrapper), in three phases:
    - map: list(ex.map(noop, range(n))), the whole run;
    - stuck: n submits while every worker sleeps and the call queue is full,
      so each submit's wake-up write makes the manager loop without a result
      (add_call_item_to_queue finds the queue full, wait(), clear());
    - drain: the workers wake and run those n calls; per result the manager
      receives it, sets the future, releases the idle semaphore and moves the
      next call to the call queue, which the feeder pickles and writes."""
    import threading
    from concurrent.futures import ProcessPoolExecutor
    import concurrent.futures.process as process
    loops = {"all": 0, "results": 0}
    cls = process._ExecutorManagerThread
    original = cls.wait_result_broken_or_wakeup

    def counted(self):
        out = original(self)
        loops["all"] += 1
        loops["results"] += out[0] is not None
        return out

    cls.wait_result_broken_or_wakeup = counted
    try:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as ex:
            list(ex.map(noop, range(200)))  # warm up: every worker and thread running
            me = os.getpid()
            tids = {"main": threading.get_native_id(), "manager": ex._executor_manager_thread.native_id,
                    "feeder": ex._call_queue._thread.native_id}
            pids = [p.pid for p in ex._processes.values()]

            def snap():
                cpu = {k: _sched_ns(me, t) for k, t in tids.items()}
                cpu["workers"] = sum(_sched_ns(p) for p in pids)
                return cpu, dict(loops), time.perf_counter_ns()

            def per(a, b, calls):
                out = {k + "_us": (b[0][k] - a[0][k]) / calls / 1000 for k in a[0]}
                out["wall_us"] = (b[2] - a[2]) / calls / 1000
                out["manager_loops"] = (b[1]["all"] - a[1]["all"]) / calls
                out["manager_result_loops"] = (b[1]["results"] - a[1]["results"]) / calls
                return out

            s0 = snap()
            list(ex.map(noop, range(n)))
            s1 = snap()
            blockers = [ex.submit(time.sleep, 0.5) for _ in range(workers)]
            fill = [ex.submit(noop) for _ in range(workers + 1)]
            time.sleep(0.05)
            s2 = snap()
            futs = [ex.submit(noop) for _ in range(n)]
            s3 = snap()
            for f in blockers:
                f.result()
            s4 = snap()
            for f in fill + futs:
                f.result()
            s5 = snap()
    finally:
        cls.wait_result_broken_or_wakeup = original
    return {"map": per(s0, s1, n), "stuck": per(s2, s3, n), "drain": per(s4, s5, n + workers + 1),
            "stuck_ended_before_drain": s3[2] < s4[2]}


def measure_pool_threads(reps):
    out = {}
    for workers in (1, 2):
        runs = [pool_threads_once(workers) for _ in range(reps)]
        for phase in ("map", "stuck", "drain"):
            for key in runs[0][phase]:
                out[f"w{workers}_{phase}_{key}"] = summary([r[phase][key] for r in runs])
        out[f"w{workers}_stuck_ended_before_drain"] = all(r["stuck_ended_before_drain"] for r in runs)
    return out


def main():
    reps = int(sys.argv[sys.argv.index("--reps") + 1]) if "--reps" in sys.argv else REPS
    print(json.dumps({"python": sys.version.split()[0], "reps": reps, "pool_threads": measure_pool_threads(reps)},
                     indent=1))


if __name__ == "__main__":
    main()
