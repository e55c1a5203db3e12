#!/usr/bin/env python3
"""Measure what concurrent.futures pools and multiprocessing cost, for gilsim's defaults.

Stdlib only. Prints one JSON object: for each figure the median, min and max
over REPS repetitions (each repetition is itself a mean or median of many
samples, see below). Times are in microseconds (us) unless a key says
otherwise; "per_mb" figures are microseconds per 10^6 bytes.

    python3 tools/measure-pool-costs.py                 # everything, ~1-2 minutes
    python3 tools/measure-pool-costs.py --only spawn    # just one group
    python3 tools/measure-pool-costs.py --reps 3

Groups (--only takes a comma-separated list), run in this order: fork,
forkserver, spawn, pool_start, pool, submit, pickle, pipe. Where a
ProcessPoolExecutor's per-call time goes is tools/measure-pool-threads.py.

The top level imports as little as possible: with 'spawn' and 'forkserver'
the child imports this file as __mp_main__, and its imports would count in
the measured start latency.
"""
import json
import os
import sys
import time

import multiprocessing

MB = 1_000_000
SIZES = [1_000, 64_000, 1_000_000, 16_000_000]  # "1KB, 64KB, 1MB, 16MB" in 10^3 bytes
REPS = 5


def now_ns():
    # CLOCK_MONOTONIC: the same clock in every process of the machine.
    return time.monotonic_ns()


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def summary(xs, nd=3):
    return {"median": round(median(xs), nd), "min": round(min(xs), nd),
            "max": round(max(xs), nd), "runs": [round(x, nd) for x in xs]}


def fit(sizes, times_us):
    """Fit t = fixed + per_mb * size/MB, least squares on relative error
    (weights 1/t^2), so the 1 KB point decides the fixed cost and the
    16 MB point the per-MB cost. Returns (fixed_us, per_mb_us)."""
    xs = [s / MB for s in sizes]
    ws = [1.0 / (t * t) for t in times_us]
    sw = sum(ws)
    mx = sum(w * x for w, x in zip(ws, xs)) / sw
    my = sum(w * y for w, y in zip(ws, times_us)) / sw
    sxx = sum(w * (x - mx) ** 2 for w, x in zip(ws, xs))
    sxy = sum(w * (x - mx) * (y - my) for w, x, y in zip(ws, xs, times_us))
    slope = sxy / sxx
    return my - slope * mx, slope


def noop(*_):
    return None


# --------------------------------------------------------------------------
# 1. ThreadPoolExecutor


def thread_submit(n=20000):
    """Per-call cost of ThreadPoolExecutor(1).submit(noop) in the submitter,
    with the one worker blocked on an Event so it does not take tasks (nor
    the GIL) while we submit."""
    import threading
    from concurrent.futures import ThreadPoolExecutor
    ex = ThreadPoolExecutor(max_workers=1)
    started, release = threading.Event(), threading.Event()

    def block():
        started.set()
        release.wait()

    ex.submit(block)
    started.wait()
    # The worker now waits; _idle_semaphore is 0, len(_threads) == max_workers,
    # so submit only builds a Future and _WorkItem and puts it on the SimpleQueue.
    submit = ex.submit
    t0 = time.perf_counter_ns()
    for _ in range(n):
        submit(noop)
    t1 = time.perf_counter_ns()
    release.set()
    ex.shutdown(wait=True)
    return (t1 - t0) / n / 1000


def thread_roundtrip(n=20000):
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=1) as ex:
        list(ex.map(noop, range(1000)))  # warm up: worker started
        t0 = time.perf_counter_ns()
        list(ex.map(noop, range(n)))
        t1 = time.perf_counter_ns()
    return (t1 - t0) / n / 1000


def _spin(ns):
    end = time.perf_counter_ns() + ns
    while time.perf_counter_ns() < end:
        pass


def worker_call(n=40, task_ns=2_000_000):
    """A worker's own time per call (gilsim's costs.worker_call): the median gap
    between the ends of back-to-back tasks of a 1-worker ThreadPoolExecutor,
    less the task's own 2 ms (its spin ends on the clock), while the submitter
    waits. CPython: _worker's work_queue.get, _WorkItem.run, set_result and the
    idle semaphore's release."""
    from concurrent.futures import ThreadPoolExecutor, wait
    ends = []

    def task(_):
        _spin(task_ns)
        ends.append(time.perf_counter_ns())

    with ThreadPoolExecutor(max_workers=1) as ex:
        wait([ex.submit(task, None) for _ in range(n)])
    gaps = [(b - a - task_ns) / 1000 for a, b in zip(ends, ends[1:])]
    return median(gaps)


def measure_submit(reps):
    return {
        "submit_us": summary([thread_submit() for _ in range(reps)]),
        "thread_task_roundtrip_us": summary([thread_roundtrip() for _ in range(reps)]),
        "worker_call_us": summary([worker_call() for _ in range(reps)]),
    }


# --------------------------------------------------------------------------
# 2. pickle / unpickle as multiprocessing does it


def time_per_call(fn, arg, budget_s=0.04, min_iter=3):
    fn(arg)  # warm
    t0 = time.perf_counter_ns()
    fn(arg)
    one = max(time.perf_counter_ns() - t0, 1)
    iters = max(min_iter, int(budget_s * 1e9 / one))
    t0 = time.perf_counter_ns()
    for _ in range(iters):
        fn(arg)
    return (time.perf_counter_ns() - t0) / iters / 1000


def measure_pickle(reps):
    import pickle
    from multiprocessing.reduction import ForkingPickler
    from concurrent.futures.process import _CallItem, _ResultItem
    dumps, loads = ForkingPickler.dumps, pickle.loads
    out = {"protocol": pickle.DEFAULT_PROTOCOL}
    per = {"pickle": [], "unpickle": []}
    fits = {k: ([], []) for k in per}
    large = {k: [] for k in per}  # slope between the 1 MB and 16 MB points
    for _ in range(reps):
        tp, tu = [], []
        for size in SIZES:
            obj = os.urandom(size)
            data = bytes(dumps(obj))
            tp.append(time_per_call(dumps, obj))
            tu.append(time_per_call(loads, data))
        for k, ts in (("pickle", tp), ("unpickle", tu)):
            per[k].append(ts)
            f, s = fit(SIZES, ts)
            fits[k][0].append(f)
            fits[k][1].append(s)
            large[k].append((ts[-1] - ts[-2]) / ((SIZES[-1] - SIZES[-2]) / MB))
    for k in per:
        out[k + "_by_size_us"] = {str(size): summary([r[i] for r in per[k]])
                                  for i, size in enumerate(SIZES)}
        out[k + "_fixed_us"] = summary(fits[k][0])
        out[k + "_per_mb_us"] = summary(fits[k][1])
        out[k + "_per_mb_1to16mb_us"] = summary(large[k])

    # A ProcessPoolExecutor call message and a result message, as
    # _ExecutorManagerThread / Queue._feed pickles them.
    call = _CallItem(12345, noop, (b"",), {})
    res = _ResultItem(12345, result=None)
    for name, obj in (("call_item", call), ("result_item", res)):
        data = bytes(dumps(obj))
        out["pickle_%s_us" % name] = summary([time_per_call(dumps, obj) for _ in range(reps)])
        out["unpickle_%s_us" % name] = summary([time_per_call(loads, data) for _ in range(reps)])
        out["%s_bytes" % name] = len(data)
    return out


# --------------------------------------------------------------------------
# 3. Pipe between two processes


def _pipe_child(r, ack):
    import struct
    while True:
        msg = r.recv_bytes()
        t = now_ns()
        if not msg:
            break
        ack.send_bytes(struct.pack("q", t))


PIPE_COUNTS = {1_000: 200, 64_000: 100, 1_000_000: 20, 16_000_000: 4}


def pipe_once(ctx, duplex):
    import struct
    if duplex:
        a, b = ctx.Pipe(duplex=True)
        p = ctx.Process(target=_pipe_child, args=(b, b))
        send = recv_ack = a
    else:
        r, w = ctx.Pipe(duplex=False)
        ar, aw = ctx.Pipe(duplex=False)
        p = ctx.Process(target=_pipe_child, args=(r, aw))
        send, recv_ack = w, ar
    p.start()
    sender, e2e = [], []
    for size in SIZES:
        msg = os.urandom(size)
        s_t, e_t = [], []
        for i in range(PIPE_COUNTS[size] + 1):
            t0 = now_ns()
            send.send_bytes(msg)
            t1 = now_ns()
            (tc,) = struct.unpack("q", recv_ack.recv_bytes())
            if i:  # first message of each size is warm-up
                s_t.append((t1 - t0) / 1000)
                e_t.append((tc - t0) / 1000)
        sender.append(median(s_t))
        e2e.append(median(e_t))
    send.send_bytes(b"")
    p.join()
    return sender, e2e


def measure_pipe(reps):
    ctx = multiprocessing.get_context("fork")
    out = {}
    for duplex, label in ((False, "pipe"), (True, "pipe_duplex")):
        runs = [pipe_once(ctx, duplex) for _ in range(reps)]
        for j, kind in enumerate(("sender", "e2e")):
            ts = [r[j] for r in runs]
            out["%s_%s_by_size_us" % (label, kind)] = {
                str(size): summary([t[i] for t in ts]) for i, size in enumerate(SIZES)}
            fs = [fit(SIZES, t) for t in ts]
            out["%s_%s_fixed_us" % (label, kind)] = summary([f[0] for f in fs])
            out["%s_%s_per_mb_us" % (label, kind)] = summary([f[1] for f in fs])
            out["%s_%s_per_mb_1to16mb_us" % (label, kind)] = summary(
                [(t[-1] - t[-2]) / ((SIZES[-1] - SIZES[-2]) / MB) for t in ts])
    return out


# --------------------------------------------------------------------------
# 4. ProcessPoolExecutor


def pool_tasks(n=2000, chunksize=1):
    from concurrent.futures import ProcessPoolExecutor
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as ex:
        list(ex.map(noop, range(200), chunksize=chunksize))  # warm up
        t0 = time.perf_counter_ns()
        list(ex.map(noop, range(n), chunksize=chunksize))
        t1 = time.perf_counter_ns()
        # submit() alone, in the caller (the manager thread and the worker
        # run meanwhile and take the GIL from time to time).
        t2 = time.perf_counter_ns()
        futs = [ex.submit(noop) for _ in range(n)]
        t3 = time.perf_counter_ns()
        for f in futs:
            f.result()
    return (t1 - t0) / n / 1000, (t3 - t2) / n / 1000


def measure_pool(reps):
    r1 = [pool_tasks() for _ in range(reps)]
    r100 = [pool_tasks(chunksize=100) for _ in range(reps)]
    return {
        "process_pool_task_us": summary([r[0] for r in r1]),
        "process_pool_task_chunksize100_us": summary([r[0] for r in r100]),
        "process_pool_submit_us": summary([r[1] for r in r1]),
    }


def pool_start_once(n):
    from concurrent.futures import ProcessPoolExecutor
    ctx = multiprocessing.get_context("fork")
    t0 = time.perf_counter_ns()
    ex = ProcessPoolExecutor(max_workers=n, mp_context=ctx)
    t1 = time.perf_counter_ns()
    fut = ex.submit(noop)
    t2 = time.perf_counter_ns()
    fut.result()
    t3 = time.perf_counter_ns()
    ex.shutdown(wait=True)
    t4 = time.perf_counter_ns()
    return [(t1 - t0) / 1000, (t2 - t1) / 1000, (t3 - t1) / 1000, (t4 - t3) / 1000]


def measure_pool_start(reps):
    # The first pool of a process also imports multiprocessing.queues,
    # .synchronize, ... : reported apart as *_cold, then not counted.
    cold = pool_start_once(1)
    out = {"process_pool_start_cold_w1_%s_us" % k: round(v, 1) for k, v in
           zip(("ctor", "first_submit", "first_result", "shutdown"), cold)}
    for n in (1, 2, 4):
        runs = [pool_start_once(n) for _ in range(reps)]
        for i, k in enumerate(("ctor", "first_submit", "first_result", "shutdown")):
            out["process_pool_start_w%d_%s_us" % (n, k)] = summary([r[i] for r in runs])
    return out


# --------------------------------------------------------------------------
# 5. Process.start() per start method


def _first_line(w):
    t = now_ns()  # the target's first line
    # and the child's own CPU time until then (its boot: gilsim's
    # forkserver_boot and spawn_boot; a forked child's CPU times start at 0)
    w.send((t, time.process_time_ns()))
    w.close()


def start_once(ctx):
    r, w = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_first_line, args=(w,))
    t0 = now_ns()
    p.start()
    t1 = now_ns()
    tc, cpu = r.recv()
    p.join()
    r.close()
    w.close()
    return (t1 - t0) / 1000, (tc - t1) / 1000, cpu / 1000


START_SAMPLES = {"fork": 10, "forkserver": 5, "spawn": 3}


def measure_start(method, reps):
    ctx = multiprocessing.get_context(method)
    out = {}
    if method == "forkserver":
        # The first start() launches the fork server itself.
        c, l, _ = start_once(ctx)
        out["forkserver_first_start_us"] = round(c, 1)
        out["forkserver_first_latency_us"] = round(l, 1)
    else:
        start_once(ctx)  # warm up (imports of multiprocessing submodules)
    cost, lat, cpu = [], [], []
    for _ in range(reps):
        rs = [start_once(ctx) for _ in range(START_SAMPLES[method])]
        cost.append(median([r[0] for r in rs]))
        lat.append(median([r[1] for r in rs]))
        cpu.append(median([r[2] for r in rs]))
    out["%s_start_us" % method] = summary(cost, 1)
    out["%s_latency_us" % method] = summary(lat, 1)
    out["%s_child_cpu_us" % method] = summary(cpu, 1)
    return out


# --------------------------------------------------------------------------

# Process starts first, while this process is small (fork copies its page
# tables: a parent grown by the 16 MB buffers below forks slower).
GROUPS = {
    "fork": lambda reps: measure_start("fork", reps),
    "forkserver": lambda reps: measure_start("forkserver", reps),
    "spawn": lambda reps: measure_start("spawn", reps),
    "pool_start": measure_pool_start,
    "pool": measure_pool,
    "submit": measure_submit,
    "pickle": measure_pickle,
    "pipe": measure_pipe,
}


def main():
    import argparse
    import platform
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default=",".join(GROUPS))
    ap.add_argument("--reps", type=int, default=REPS)
    a = ap.parse_args()
    out = {
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "reps": a.reps,
        "units": "us (per_mb: us per 10^6 bytes)",
    }
    t0 = time.monotonic()
    for g in a.only.split(","):
        tg = time.monotonic()
        out[g] = GROUPS[g](a.reps)
        out[g]["group_seconds"] = round(time.monotonic() - tg, 2)
    out["total_seconds"] = round(time.monotonic() - t0, 2)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
