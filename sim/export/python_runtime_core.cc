// Part of the exported program's runtime (python_runtime.h): Imports, clocks, the format of {time}, native work, affinity and nice.
#include "export/python_runtime.h"

namespace gilsim {

std::string_view python_runtime_core() {
  return R"PY(# ---------------------------------------------------------------------------
# The runtime: how each kind of step is performed for real. It is the same in
# every program gilsim exports; the scenario itself (its threads, one function
# each, and its processes) comes after it.
# ---------------------------------------------------------------------------
import hashlib
import itertools
import json
import multiprocessing
import os
import select
import shutil
import sys
import tempfile
import threading
import time
import traceback
import zlib

try:
    import queue
except ImportError:  # Python 2
    import Queue as queue

PY2 = sys.version_info[0] == 2
if PY2:
    range = xrange  # noqa: F821 (loops take their values one at a time, as in Python 3)
    _INTEGERS = (int, long)  # noqa: F821
else:
    _INTEGERS = (int,)

# Clocks. Every time reported is time.perf_counter_ns() (CLOCK_MONOTONIC on
# Linux: one clock for all processes) minus the instant the first process took
# when the run began. Compute steps count the thread's own CPU time.
if hasattr(time, "perf_counter_ns"):
    _now_ns = time.perf_counter_ns
    _cpu_ns = time.thread_time_ns
else:  # Python 2.7: clock_gettime through ctypes (PyDLL: the call keeps the GIL, as thread_time_ns does)
    import ctypes

    class _Timespec(ctypes.Structure):
        _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]

    try:
        _clock_gettime = ctypes.PyDLL(None).clock_gettime
    except AttributeError:  # glibc before 2.17
        _clock_gettime = ctypes.PyDLL("librt.so.1").clock_gettime
    _clock_gettime.argtypes = [ctypes.c_int, ctypes.POINTER(_Timespec)]

    def _clock_ns(clock):
        ts = _Timespec()
        _clock_gettime(clock, ctypes.byref(ts))
        return ts.tv_sec * 1000000000 + ts.tv_nsec

    def _now_ns():
        return _clock_ns(1)  # CLOCK_MONOTONIC

    def _cpu_ns():
        return _clock_ns(3)  # CLOCK_THREAD_CPUTIME_ID


def format_duration(ns):
    """A time as gilsim writes {time}: 0ns, 250ns, 50us, 1.5ms, 12.501s."""
    if ns == 0:
        return "0ns"
    sign = "-" if ns < 0 else ""
    ns = abs(ns)
    for unit, scale in (("s", 10 ** 9), ("ms", 10 ** 6), ("us", 10 ** 3), ("ns", 1)):
        if ns >= scale:
            break
    whole, fraction = divmod(ns, scale)
    text = sign + str(whole)
    if fraction:
        text += "." + str(fraction).rjust(len(str(scale)) - 1, "0").rstrip("0")
    return text + unit


def copy_name(name, count, copy):
    """gilsim's names of copies: "worker" with a count of 3 has "worker-1" to "worker-3"."""
    return name if count is None else "%s-%d" % (name, copy + 1)


class _Placeholder(object):
    def __init__(self, name):
        self.name = name


# The parts of a print that are filled in when it runs (literal text and loop
# variables are given as they are).
THREAD = _Placeholder("thread")
PROCESS = _Placeholder("process")
TIME = _Placeholder("time")
ACTIVE_COUNT = _Placeholder("active_count")


def _write_stderr(text):
    """One write() of the whole line, as print() to a terminal's line-buffered stdout makes."""
    _write_all((text + "\n").encode("utf-8"))


_held_back = []  # stdout "block": the printed lines, written when the process ends


def _print_out(text):
    """A printed line as print() writes it, to stderr (stdout is the report's):
    line-buffered (a terminal), one write() of the line; unbuffered (python -u),
    one of the text and one of the newline; block-buffered (a pipe, a file),
    none until the process ends. os.write releases the GIL, as print's write does."""
    buffering = SETTINGS["stdout"]
    if buffering == "line":
        _write_stderr(text)
    elif buffering == "unbuffered":
        _write_all(text.encode("utf-8"))
        _write_all(b"\n")
    else:
        _held_back.append(text)


def _flush_prints():
    if _held_back:
        _write_stderr("\n".join(_held_back))
        del _held_back[:]


def _write_all(data):
    while data:
        try:
            data = data[os.write(2, data):]
        except OSError:
            return


# Python compute: iterations of this loop between two readings of the thread's
# CPU time (a few microseconds of bytecode); once less than a round is left,
# rounds of _SPIN_TAIL, so that a step overshoots by a fraction of a
# microsecond, not by half a round.
_SPIN = range(300)
_SPIN_TAIL = range(10)


def _clock_read_ns():
    """What one reading of the thread's CPU time costs (a system call in a
    virtual machine: about 1.5 us on this project's), the median of 41."""
    reads = []
    for _ in range(41):
        before = _cpu_ns()
        reads.append(_cpu_ns() - before)
    return sorted(reads)[20]


# A compute step's readings cost CPU time that counts: the step aims this much
# short, half of its first and last readings and half of a tail round.
_COMPUTE_AIM_NS = _clock_read_ns() * 3 // 2

# C code that keeps the GIL: sum() over a range runs in C and checks no drop
# request until it returns. `rate` (elements per CPU ns) is measured before the run.
_held = {"rate": 0.0, "least_ns": 0}
_RANGE = xrange if PY2 else range  # noqa: F821


def _prepare_held():
    if _held["rate"] > 0:
        return
    n = 1 << 16
    for _ in range(5):
        before = _cpu_ns()
        sum(_RANGE(n))
        spent = _cpu_ns() - before
        if spent > 0:
            _held["rate"] = max(_held["rate"], n / float(spent))  # the fastest run: the least disturbed
            _held["least_ns"] = spent if not _held["least_ns"] else min(_held["least_ns"], spent)
    if _held["rate"] <= 0:
        _held["rate"] = 0.05


def _held_native(ns):
    """C code that keeps the GIL until this thread's CPU time has advanced by ns:
    one sum() as long as the rate measured says ns takes, then shorter ones for
    what is left (each a C call no drop request interrupts)."""
    end = _cpu_ns() + ns
    while True:
        left = end - _cpu_ns()
        if left <= 0 or left < _held["least_ns"] / 8:
            return
        sum(_RANGE(max(1, int(left * _held["rate"]))))

# Native compute: C code that releases the GIL while it runs. Where hashlib
# has OpenSSL (_hashlib), pbkdf2_hmac: one call of as many iterations as the
# time asks, without the GIL, on a few bytes (no memory traffic: two threads
# hashing large buffers slow each other down, which a scenario does not say).
# Without _hashlib (pyenv's 2.7 here), zlib.compress of random bytes, which
# releases the GIL in every CPython, calls of 4 KiB or more of a 4 MiB buffer.
_native = {"kind": None, "data": None, "view": None, "rates": {}, "least": 0, "most": 0, "least_ns": 0}


def _prepare_native():
    """What native compute works on, and its speed (before the run: it takes time)."""
    if _native["kind"] is not None:
        return
    try:
        import _hashlib
        if not hasattr(_hashlib, "pbkdf2_hmac"):
            raise ImportError("no pbkdf2_hmac")
        _native.update(kind="hashlib.pbkdf2_hmac", least=1000, most=1 << 40)  # iterations
    except ImportError:
        data = bytearray(os.urandom(4 << 20))  # random: a steady speed
        _native.update(kind="zlib.compress", data=data, view=memoryview(data), least=4 * 1024, most=len(data))
    least = _native["least"]
    for size in (least, least, 8 * least, 64 * least, 64 * least):
        _native_call(size)  # the calls measure the speed
    if _native["kind"] == "hashlib.pbkdf2_hmac":
        # Measured again while another thread hashes too: two virtual CPUs that
        # share a core run it up to half as fast. The slower speed sizes the
        # calls: a call too short is topped up, one too long cannot be undone.
        alone = dict(_native["rates"])
        stop = []

        def busy():
            while not stop:
                hashlib.pbkdf2_hmac("sha256", b"gilsim", b"salt", 8 * least)

        other = threading.Thread(target=busy)
        other.start()
        for size in (8 * least, 64 * least, 64 * least):
            _native_call(size)
        stop.append(True)
        other.join()
        for bits, rate in alone.items():
            _native["rates"][bits] = min(rate, _native["rates"].get(bits, rate))


def _native_call(size):
    before = _cpu_ns()
    if _native["kind"] == "hashlib.pbkdf2_hmac":
        hashlib.pbkdf2_hmac("sha256", b"gilsim", b"salt", size)  # OpenSSL's, without the GIL
    elif PY2:
        zlib.compress(buffer(_native["data"], 0, size), 1)  # noqa: F821
    else:
        zlib.compress(_native["view"][:size], 1)
    spent = _cpu_ns() - before
    if spent > 0:
        _native["rates"][size.bit_length()] = size / float(spent)  # work per CPU ns, by size (not linear)
        if size == _native["least"]:
            _native["least_ns"] = spent


def _native_rate(size):
    """The speed of the last call of about that size, or of the nearest size measured."""
    rates = _native["rates"]
    return rates[min(rates, key=lambda bits: abs(bits - size.bit_length()))]


def _native_compute(ns):
    """C code without the GIL until this thread's CPU time has advanced by ns.
    Every call takes the GIL back when it returns (a wait of a switch interval,
    when another thread holds it), so a step is as few calls as can be: each
    is as long as what remains at the speed of the last call of that size (at
    most zlib's buffer), and another follows only while more than 5 % of the step,
    and more than half of a call of the least size, is left."""
    end = _cpu_ns() + ns
    least, most = _native["least"], _native["most"]
    while True:
        left = end - _cpu_ns()
        if left < _native["least_ns"] / 2 or left < ns // 20:
            return
        guess = max(least, min(most, int(left * _native_rate(least))))
        _native_call(max(least, min(most, int(left * _native_rate(guess)))))


# Affinity. On Linux sched_setaffinity(0) pins the calling thread; threads
# and processes it creates afterwards inherit its set.
def _libc():
    import ctypes
    return ctypes, ctypes.CDLL(None, use_errno=True)


def _get_affinity():
    if hasattr(os, "sched_getaffinity"):
        return sorted(os.sched_getaffinity(0))
    ctypes, libc = _libc()  # Python 2.7
    mask = (ctypes.c_ulong * 64)()
    bits = 8 * ctypes.sizeof(ctypes.c_ulong)
    if libc.sched_getaffinity(0, ctypes.sizeof(mask), mask) != 0:
        return list(range(multiprocessing.cpu_count()))
    return [cpu for cpu in range(64 * bits) if mask[cpu // bits] >> (cpu % bits) & 1]


def _set_affinity(cpus):
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, cpus)
        return
    ctypes, libc = _libc()  # Python 2.7
    mask = (ctypes.c_ulong * 64)()
    bits = 8 * ctypes.sizeof(ctypes.c_ulong)
    for cpu in cpus:
        mask[cpu // bits] |= 1 << (cpu % bits)
    if libc.sched_setaffinity(0, ctypes.sizeof(mask), mask) != 0:
        raise OSError(ctypes.get_errno(), "sched_setaffinity failed")


def _set_nice(value):
    """The calling thread's nice value (on Linux, nice is per thread)."""
    if hasattr(os, "setpriority"):
        os.setpriority(os.PRIO_PROCESS, 0, value)
    else:  # Python 2.7
        os.nice(value - os.nice(0))
)PY";
}

}  // namespace gilsim
