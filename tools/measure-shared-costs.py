#!/usr/bin/env python3
"""Measure what multiprocessing's shared memory costs, for gilsim's defaults.

Stdlib only. Prints one JSON object: per case, the median, min and max over
REPS repetitions of the thread's CPU time (thread_time) per access, in us,
for each access exactly as `gilsim export-python` makes it:
- value_get, value_set: a Value('q') made with its lock: `v.value`, `v.value = 1`
  (Synchronized's property takes its RLock inside);
- raw_value_get: a RawValue's `v.value`;
- array_read_100, array_write_100: 100 B of an Array('c', n) under
  `with arr.get_lock():` through a memoryview;
- shm_read_100, shm_write_100: 100 B of a SharedMemory's buffer;
- *_mb: the same for 16 MB, per MB (the copy);
- shm_first_touch_mb: the first write into a new SharedMemory less a second
  one, per MB (the kernel allocating and zeroing the pages, in the thread's
  CPU time: the faults are the process's own);
- lock_handoff_us: two processes on two cores taking turns at an
  mp.Lock 20,000 times each (wall time per acquisition, the wake-up
  of a process blocked in sem_wait included).

    python3 tools/measure-shared-costs.py            # ~15 s
    python3 tools/measure-shared-costs.py --reps 3
"""
import json
import multiprocessing
import statistics
import sys
import time
from multiprocessing import shared_memory

REPS = 5
SMALL, BIG = 100, 16_000_000
N_SMALL, N_BIG = 100_000, 10


def per_access(fn, n):
    """CPU time per call of fn over n calls, in us (the loop's own cost included,
    as the exported program's loop has it)."""
    start = time.thread_time_ns()
    fn(n)
    return (time.thread_time_ns() - start) / n / 1e3


def cases():
    v = multiprocessing.Value("q", 0)
    rv = multiprocessing.RawValue("q", 0)
    arr = multiprocessing.Array("c", BIG)
    view, lock = memoryview(arr.get_obj()).cast("B"), arr.get_lock()
    shm = shared_memory.SharedMemory(create=True, size=BIG)
    shm.buf[0:BIG] = b"\1" * BIG  # touched once, as the model assumes
    small, big = b"\0" * SMALL, b"\0" * BIG

    def value_get(n):
        for _ in range(n):
            v.value

    def value_set(n):
        for _ in range(n):
            v.value = 1

    def raw_value_get(n):
        for _ in range(n):
            rv.value

    def array_read(size):
        def run(n):
            for _ in range(n):
                with lock:
                    bytes(view[0:size])
        return run

    def array_write(size, data):
        def run(n):
            for _ in range(n):
                with lock:
                    view[0:size] = data
        return run

    def shm_read(size):
        buf = shm.buf

        def run(n):
            for _ in range(n):
                bytes(buf[0:size])
        return run

    def shm_write(size, data):
        buf = shm.buf

        def run(n):
            for _ in range(n):
                buf[0:size] = data
        return run

    mb = BIG / 1e6
    table = {
        "value_get": (value_get, N_SMALL, 1),
        "value_set": (value_set, N_SMALL, 1),
        "raw_value_get": (raw_value_get, N_SMALL, 1),
        "array_read_100": (array_read(SMALL), N_SMALL, 1),
        "array_write_100": (array_write(SMALL, small), N_SMALL, 1),
        "shm_read_100": (shm_read(SMALL), N_SMALL, 1),
        "shm_write_100": (shm_write(SMALL, small), N_SMALL, 1),
        "array_read_mb": (array_read(BIG), N_BIG, mb),
        "array_write_mb": (array_write(BIG, big), N_BIG, mb),
        "shm_read_mb": (shm_read(BIG), N_BIG, mb),
        "shm_write_mb": (shm_write(BIG, big), N_BIG, mb),
    }
    def close():
        shm.unlink()  # (closing waits for the views above; the process's exit unmaps it)
    return table, close


def first_touch():
    """Per MB, the first write into a new SharedMemory (the kernel allocates and
    zeroes each page), less a second write of the same bytes (the copy)."""
    data = b"\0" * BIG
    shm = shared_memory.SharedMemory(create=True, size=BIG)
    buf = shm.buf
    began = time.thread_time_ns()
    buf[0:BIG] = data
    first = time.thread_time_ns() - began
    began = time.thread_time_ns()
    buf[0:BIG] = data
    second = time.thread_time_ns() - began
    del buf
    shm.close()
    shm.unlink()
    return (first - second) / (BIG / 1e6) / 1e3


def turns(lock, n, start):
    start.wait()
    for _ in range(n):
        with lock:
            pass


def lock_handoff(n=20_000):
    lock, start = multiprocessing.Lock(), multiprocessing.Event()
    others = [multiprocessing.Process(target=turns, args=(lock, n, start)) for _ in range(2)]
    for p in others:
        p.start()
    time.sleep(0.2)
    began = time.perf_counter_ns()
    start.set()
    for p in others:
        p.join()
    return (time.perf_counter_ns() - began) / (2 * n) / 1e3


def summary(values):
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3), "max": round(max(values), 3)}


def main():
    reps = REPS
    if "--reps" in sys.argv:
        reps = int(sys.argv[sys.argv.index("--reps") + 1])
    table, close = cases()
    found = dict((name, []) for name in table)
    found["shm_first_touch_mb"] = []
    found["lock_handoff_us"] = []
    for _ in range(reps):
        for name, (fn, n, scale) in table.items():
            found[name].append(per_access(fn, n) / scale)
        found["shm_first_touch_mb"].append(first_touch())
        found["lock_handoff_us"].append(lock_handoff())
    close()
    rows = ['    "%s": %s' % (name, json.dumps(summary(values))) for name, values in found.items()]
    print('{"python": "%s", "reps": %d, "us": {\n%s\n}}' % (sys.version.split()[0], reps, ",\n".join(rows)))


if __name__ == "__main__":
    main()
