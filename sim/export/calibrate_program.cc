// Part of the calibration program (calibrate_program.h): Clocks, summaries and the measurements within one process: timers, a print, wake-ups, the GIL hand-off, thread starts.
#include "export/calibrate_program.h"

namespace gilsim {

std::string calibrate_program() {
  return std::string(calibrate_program_measures()) + std::string(calibrate_program_processes());
}

std::string_view calibrate_program_measures() {
  return R"PY(# gilsim calibrate: measures, on this machine and with this interpreter, what
# gilsim's machine settings stand for (docs/calibrate.md), and prints them as
# JSON on stdout. Standard library only; CPython 3.8+ (2.7 and 3.6 work too,
# with fewer measurements). Every figure is many short samples summarised as
# median, min, max and n: the machine may be shared, and the median is what
# a busy neighbour disturbs least.
from __future__ import print_function

import json
import multiprocessing
import os
import platform
import select
import subprocess
import sys
import threading
import time

if hasattr(time, "perf_counter_ns"):
    now_ns = time.perf_counter_ns  # CLOCK_MONOTONIC on Linux: one clock for all processes
    thread_cpu_ns = time.thread_time_ns
else:  # Python 2.7 and 3.6: clock_gettime through ctypes
    import ctypes

    class Timespec(ctypes.Structure):
        _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]

    try:
        libc_clock_gettime = ctypes.PyDLL(None).clock_gettime
    except AttributeError:  # glibc before 2.17
        libc_clock_gettime = ctypes.PyDLL("librt.so.1").clock_gettime
    libc_clock_gettime.argtypes = [ctypes.c_int, ctypes.POINTER(Timespec)]

    def read_clock(clock_id):
        spec = Timespec()
        libc_clock_gettime(clock_id, ctypes.byref(spec))
        return spec.tv_sec * 1000000000 + spec.tv_nsec

    def now_ns():
        return read_clock(1)  # CLOCK_MONOTONIC

    def thread_cpu_ns():
        return read_clock(3)  # CLOCK_THREAD_CPUTIME_ID

MS = 1000000


def progress(what):
    """One line on stderr; gilsim shows the last one while it waits."""
    os.write(2, ("progress: " + what + "\n").encode("utf-8"))


def summary(values, how):
    values = sorted(values)
    n = len(values)
    if n == 0:
        return {"error": "no sample", "how": how}
    middle = values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) // 2
    return {"median_ns": middle, "min_ns": values[0], "max_ns": values[-1], "n": n, "how": how}


def bytecode_loop(rounds):
    for _ in range(rounds):
        for _ in range(300):
            pass


def spin_until(deadline_ns):
    """Python bytecode, holding the GIL, until the clock passes the deadline."""
    while now_ns() < deadline_ns:
        for _ in range(30):
            pass


# --- Waits that end on a timer: sleep and the I/O of the exported program ---

def timer_overrun(call, duration_ns, samples):
    values = []
    for _ in range(samples):
        start = now_ns()
        call(duration_ns / 1e9)
        values.append(now_ns() - start - duration_ns)
    return values


def idle_select(seconds):
    select.select([], [], [], seconds)  # no file descriptor, a timeout: how the program performs io


# --- A print: one write() of a line to stderr, beside a thread waiting for the GIL ---

def print_race(samples):
    """What a print costs its thread where it matters: the write() drops the GIL
    while a waiter wants it. The line goes to stderr, a pipe the parent polls,
    as under verify. Each sample: the waiter is woken (Event.set) and waits for
    the GIL, which the writer holds; the writer then writes a line. If the write
    returns before the waiter runs, the writer goes on (a few us); if the waiter
    takes the GIL first, the writer gets it back only when the waiter blocks
    again, which it does at once here (tens of us). Returns each write() call's
    time, GIL retaken included, and how many the waiter won."""
    line = b"1.234ms worker-12 request 42 answered\n"  # about 40 bytes
    go, ready = threading.Event(), threading.Event()
    won_at = [None]
    state = {"stop": False}

    def waiter():
        while True:
            go.wait()
            go.clear()
            if state["stop"]:
                return
            won_at[0] = now_ns()  # it holds the GIL here
            ready.set()

    thread = threading.Thread(target=waiter)
    thread.start()
    values, won = [], 0
    for _ in range(samples):
        won_at[0] = None
        ready.clear()
        go.set()
        spin_until(now_ns() + 300 * 1000)  # holding the GIL while the waiter wakes and waits for it
        start = now_ns()
        os.write(2, line)
        end = now_ns()
        values.append(end - start)
        ready.wait()
        if won_at[0] is not None and won_at[0] < end:
            won += 1
    state["stop"] = True
    go.set()
    thread.join()
    return values, won


# --- Wake-ups: a thread blocked on an event, set by another ---

def event_wakeup(samples):
    events = [threading.Event() for _ in range(samples)]
    waiting, woke = [], []

    def waiter():
        for event in events:
            waiting.append(True)
            event.wait()
            woke.append(now_ns())

    thread = threading.Thread(target=waiter)
    thread.start()
    set_at, valid = [], []
    for i, event in enumerate(events):
        time.sleep(0.001)  # the waiter blocks again meanwhile; this also frees the GIL after set()
        valid.append(len(waiting) > i)  # else it finds the event set: no wake-up to measure
        set_at.append(now_ns())
        event.set()
    thread.join()
    return [b - a for a, b, ok in zip(set_at, woke, valid) if ok], valid.count(False)


# --- The GIL hand-off: a waiter for the GIL runs after the holder releases it ---

def gil_handoff(samples):
    """B sleeps 1 ms and comes back while A computes, so B waits for the GIL
    (A computes 2.5 ms past B's sleep start: well beyond the sleep's end, well
    within a 5 ms switch interval); A notes the time and blocks; B notes when it runs."""
    state = {"sleeping_since": None, "released_at": None, "ran_at": []}
    go = [threading.Event() for _ in range(samples)]

    def waiter():
        for event in go:
            event.wait()
            state["sleeping_since"] = now_ns()
            time.sleep(0.001)
            state["ran_at"].append(now_ns())

    thread = threading.Thread(target=waiter)
    thread.start()
    released, valid = [], []
    for event in go:
        state["sleeping_since"] = None
        event.set()
        while state["sleeping_since"] is None:
            time.sleep(0.0002)  # let B take the GIL and begin its sleep
        # A that comes back (from its own short sleep) after B's sleep has ended
        # finds B holding the GIL or gone: no hand-off to measure then.
        on_time = now_ns() < state["sleeping_since"] + 800000
        spin_until(state["sleeping_since"] + 2500000)
        released.append(now_ns())
        # A spin that ends far past its deadline lost the core (and maybe the GIL) meanwhile.
        valid.append(on_time and released[-1] < state["sleeping_since"] + 3000000)
        time.sleep(0.003)  # blocks: the GIL goes to B
    thread.join()
    pairs = zip(released, state["ran_at"], valid)
    return [b - a for a, b, ok in pairs if ok], valid.count(False)


# --- Thread start: the starter's CPU time in start(), and the new thread's delay ---

def thread_starts(samples):
    cpu, latency = [], []
    for _ in range(samples):
        first_line = []
        thread = threading.Thread(target=lambda: first_line.append(now_ns()))
        cpu_before = thread_cpu_ns()
        called = now_ns()
        thread.start()
        used = thread_cpu_ns() - cpu_before
        thread.join()
        cpu.append(used)
        latency.append(first_line[0] - called - used)
    return cpu, latency


def first_thread_start_child():
    """Run as `python calibrate.py first-thread-start`: a fresh interpreter's first start."""
    cpu, latency = thread_starts(1)
    print(json.dumps([cpu[0], latency[0]]))


def first_thread_starts(samples):
    cpu, latency = [], []
    for _ in range(samples):
        child = subprocess.Popen([sys.executable, os.path.abspath(__file__), "first-thread-start"],
                                 stdout=subprocess.PIPE)
        out = child.communicate()[0]
        if child.returncode != 0:
            raise RuntimeError("a fresh interpreter exited with code %d" % child.returncode)
        used, late = json.loads(out.decode("utf-8"))
        cpu.append(used)
        latency.append(late)
    return cpu, latency


)PY";
}

}  // namespace gilsim
