"""Scenarios written as Python code instead of JSON, producing exactly the JSON the CLI reads.

    s = gilsim.Scenario("pool", cores=2)
    app = s.process("app")
    app.thread("main").start("worker").join("worker")
    with app.thread("worker", count=4).repeat(3, var="i") as body:
        body.compute("100ms").sleep("10ms").print("{thread} round {i}")
    s.to_json()          # what `gilsim run` reads; gilsim.run(s) runs it

The builder only assembles the document: every method is one key of the format
(README "Writing a scenario"), values pass through as written, and the C++
loader judges the whole, with the messages the CLI gives. So the two can never
drift apart: there is one format, and one place that checks it.
"""

import datetime
import json
import os

__all__ = ["Scenario", "Process", "Thread", "Steps"]


def _duration(value):
    """A duration as the format writes it: "10ms"; a timedelta exactly, in its largest whole unit."""
    if isinstance(value, datetime.timedelta):
        us = value // datetime.timedelta(microseconds=1)
        for unit, size in (("s", 1_000_000), ("ms", 1_000)):
            if us % size == 0:
                return f"{us // size}{unit}"
        return f"{us}us"
    if isinstance(value, str):
        return value
    raise TypeError(f"a duration is a string with a unit such as \"10ms\" (or a timedelta), not {value!r}")


class Steps:
    """A list of steps; each method appends one and returns the list, so calls chain.

    Blocks (repeat, holding, repeat_until_empty) return the block's own steps,
    which work as a context manager: ``with t.repeat(3) as body: body.compute("1ms")``.
    """

    def __init__(self, steps=None):
        self.steps = [] if steps is None else steps

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def step(self, step):
        """Any step as the format's dict, e.g. {"compute": "1ms", "gil": False}."""
        self.steps.append(dict(step))
        return self

    def compute(self, duration, gil=None):
        """Python code for `duration`; gil=False: native code that releases the GIL; "hold": keeps it."""
        step = {"compute": _duration(duration)}
        if gil is not None:
            step["gil"] = gil
        return self.step(step)

    def sleep(self, duration):
        return self.step({"sleep": _duration(duration)})

    def io(self, duration, device=None):
        step = {"io": _duration(duration)}
        if device is not None:
            step["device"] = device
        return self.step(step)

    def print(self, text):
        return self.step({"print": text})

    def start(self, thread):
        return self.step({"start": thread})

    def join(self, thread):
        return self.step({"join": thread})

    def spawn(self, process):
        return self.step({"spawn": process})

    def wait(self, name, timeout=None):
        """Wait for an event of the thread's process, or for a process to finish."""
        step = {"wait": name}
        if timeout is not None:
            step["timeout"] = _duration(timeout)
        return self.step(step)

    def acquire(self, name):
        return self.step({"acquire": name})

    def release(self, name):
        return self.step({"release": name})

    def set(self, event):
        return self.step({"set": event})

    def clear(self, event):
        return self.step({"clear": event})

    def put(self, queue, work=None):
        step = {"put": queue}
        if work is not None:
            step["work"] = _duration(work)
        return self.step(step)

    def get(self, queue):
        return self.step({"get": queue})

    def repeat(self, times, var=None, from_=None, step=None):
        """A loop of `times`; its body is returned. `var` names a counter from `from_` by `step`."""
        block = {"repeat": times}
        for key, value in (("var", var), ("from", from_), ("step", step)):
            if value is not None:
                block[key] = value
        return self._block(block)

    def holding(self, lock):
        """``with lock:`` (a lock, rlock or semaphore): acquire, the body, release."""
        return self._block({"with": lock})

    with_ = holding

    def repeat_until_empty(self, queue):
        """The body once per item taken with get_nowait(), until `queue` is empty."""
        return self._block({"repeat_until_empty": queue})

    def _block(self, block):
        body = Steps()
        block["steps"] = body.steps
        self.steps.append(block)
        return body


class Thread(Steps):
    """A thread's name, settings (count, priority, nice, cpus) and its steps."""

    def __init__(self, name, count=None, **settings):
        super().__init__()
        self.spec = {"name": name}
        if count is not None:
            self.spec["count"] = count
        self.spec.update(settings)
        self.spec["steps"] = self.steps

    def to_dict(self):
        return json.loads(json.dumps(self.spec))


class Process:
    """A process: its threads (the first is its main thread) and primitives."""

    def __init__(self, name, gil=None, count=None, **settings):
        self.spec = {"name": name}
        if gil is not None:
            self.spec["gil"] = gil
        if count is not None:
            self.spec["count"] = count
        self.spec.update(settings)
        self._queues = {}
        self.threads = []

    def thread(self, name, count=None, **settings):
        """Adds a thread (``count`` copies named name-1 ... name-N) and returns it for its steps."""
        thread = Thread(name, count, **settings)
        self.threads.append(thread)
        return thread

    def _names(self, key, names):
        self.spec.setdefault(key, []).extend(names)
        return self

    def lock(self, *names):
        return self._names("locks", names)

    def rlock(self, *names):
        return self._names("rlocks", names)

    def event(self, *names):
        return self._names("events", names)

    def semaphore(self, name, value=1, bounded=None):
        """A BoundedSemaphore(value); bounded=False: a Semaphore (no upper limit)."""
        entry = value if bounded is None else {"value": value, "bounded": bounded}
        self.spec.setdefault("semaphores", {})[name] = entry
        return self

    def queue(self, name, maxsize=None):
        """A queue.Queue; maxsize None or 0: unbounded."""
        self._queues[name] = maxsize
        return self

    def to_dict(self):
        spec = dict(self.spec)
        if self._queues:
            if all(size is None for size in self._queues.values()):
                spec["queues"] = list(self._queues)
            else:
                spec["queues"] = {n: ({} if s is None else {"maxsize": s}) for n, s in self._queues.items()}
        spec["threads"] = [t.to_dict() for t in self.threads]
        return spec


class Scenario:
    """A scenario: top-level settings (cores, scheduler, gil, costs, ...) and processes.

    ``Scenario("name", cores=2, gil={"switch_interval": "1ms"})``: keyword settings
    are the format's top-level keys, written as the JSON has them.
    """

    def __init__(self, name="scenario", cores=None, description=None, **settings):
        self.spec = {"name": name}
        if description is not None:
            self.spec["description"] = description
        if cores is not None:
            self.spec["cores"] = cores
        self.spec.update(settings)
        self.processes = []

    def process(self, name, gil=None, count=None, **settings):
        """Adds a process (gil=False: free-threaded) and returns it for its threads."""
        process = Process(name, gil, count, **settings)
        self.processes.append(process)
        return process

    def device(self, name, channels=1):
        """A device (a disk, say) serving `channels` I/O requests at once."""
        self.spec.setdefault("devices", {})[name] = {"channels": channels}
        return self

    def to_dict(self):
        spec = json.loads(json.dumps(self.spec))
        spec["processes"] = [p.to_dict() for p in self.processes]
        return spec

    def to_json(self, indent=2):
        """The scenario as the CLI reads it (``gilsim run FILE``)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def save(self, path):
        """Writes to_json() to `path`, for the command line."""
        with open(os.fspath(path), "w", encoding="utf-8") as f:
            f.write(self.to_json() + "\n")
        return path

    def run(self, cores=None, **options):
        """gilsim.run(self, ...)."""
        from .api import run
        return run(self, cores, **options)

    def compare(self, **options):
        """gilsim.compare(self, ...)."""
        from .api import compare
        return compare(self, **options)

    def __repr__(self):
        return f"<gilsim.Scenario {self.spec['name']!r}: {len(self.processes)} processes>"
