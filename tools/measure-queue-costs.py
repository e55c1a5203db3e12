#!/usr/bin/env python3
"""Measure what multiprocessing's Queue, SimpleQueue and Pipe cost, for gilsim's defaults.

Stdlib only. Prints one JSON object: per kind (queue, simple_queue, pipe) and
item size, the median, min and max over REPS repetitions of
- put_cpu_us: the putting thread's CPU time per put (thread_time),
- feeder_cpu_us (queue): the rest of the putting process's CPU per item,
  which is its feeder thread's (pickling and writing),
- get_cpu_us: the getting thread's CPU time per get (reading and unpickling),
- per_item_us: the wall time per item of a burst of N items, from the first
  get's return to the last's (the throughput the pair reaches),
- latency_us: put to get returning for one item at a time, the getter blocked
  in its read beforehand (an item every 2 ms).
An item is (0, bytes(size)), as `gilsim export-python` sends it.

    python3 tools/measure-queue-costs.py            # ~20 s
    python3 tools/measure-queue-costs.py --reps 3
"""
import json
import multiprocessing
import statistics
import sys
import time

KINDS = ["queue", "simple_queue", "pipe"]
SIZES = [100, 1_000_000]
COUNT = {100: 5000, 1_000_000: 200}
REPS = 5


def make(kind):
    if kind == "queue":
        return multiprocessing.Queue()
    if kind == "simple_queue":
        return multiprocessing.SimpleQueue()
    return multiprocessing.Pipe(duplex=False)


def put_of(kind, made):
    return made[1].send if kind == "pipe" else made.put


def get_of(kind, made):
    return made[0].recv if kind == "pipe" else made.get


def consumer(kind, made, n, out, latency):
    get = get_of(kind, made)
    if latency:
        delays = []
        for _ in range(n):
            sent, _ = get()
            delays.append(time.monotonic_ns() - sent)
        out.put(("latency", statistics.median(delays) / 1e3))
        return
    get()
    first = time.monotonic_ns()
    cpu = time.thread_time_ns()
    for _ in range(n - 1):
        get()
    out.put(("burst", ((time.monotonic_ns() - first) / (n - 1) / 1e3, (time.thread_time_ns() - cpu) / (n - 1) / 1e3)))


def one(kind, size, latency):
    made, out = make(kind), multiprocessing.SimpleQueue()
    n = 200 if latency else COUNT[size]
    child = multiprocessing.Process(target=consumer, args=(kind, made, n, out, latency))
    child.start()
    time.sleep(0.2)  # the child is up and blocked in its first get
    put, payload = put_of(kind, made), b"\0" * size
    thread_cpu, process_cpu = time.thread_time_ns(), time.process_time_ns()
    for _ in range(n):
        if latency:
            time.sleep(0.002)
        put((time.monotonic_ns(), payload))
    put_cpu = (time.thread_time_ns() - thread_cpu) / n / 1e3
    if kind == "queue":
        made.close()
        made.join_thread()  # the feeder has written everything
    feeder_cpu = (time.process_time_ns() - process_cpu) / n / 1e3 - put_cpu
    child.join()
    what, value = out.get()
    if latency:
        return {"latency_us": value}
    result = {"put_cpu_us": put_cpu, "per_item_us": value[0], "get_cpu_us": value[1]}
    if kind == "queue":
        result["feeder_cpu_us"] = feeder_cpu
    return result


def main():
    reps = int(sys.argv[sys.argv.index("--reps") + 1]) if "--reps" in sys.argv else REPS
    multiprocessing.set_start_method("fork")
    report = {"python": sys.version.split()[0], "reps": reps}
    for kind in KINDS:
        for size in SIZES:
            runs = {}
            for _ in range(reps):
                for key, value in list(one(kind, size, False).items()) + list(one(kind, size, True).items()):
                    runs.setdefault(key, []).append(value)
            report["%s/%dB" % (kind, size)] = dict(
                (key, {"median": round(statistics.median(v), 2), "min": round(min(v), 2), "max": round(max(v), 2)})
                for key, v in runs.items())
    json.dump(report, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
