// Part of the exported program's runtime (python_runtime.h): `me` and its steps, the primitives, a thread's life.
#include "export/python_runtime.h"

namespace gilsim {

std::string_view python_runtime_threads() {
  return R"PY(class ForbiddenRelease(Exception):
    """A release that gilsim forbids: the thread dies with Python's exception."""

    def __init__(self, name, error):
        Exception.__init__(self, "%s: %s" % (type(error).__name__, error))
        self.name = name


class _Lock(object):
    """threading.Lock or RLock with gilsim's rule: only its holder may release it
    (Python lets any thread release a Lock; here that is almost always a bug)."""

    def __init__(self, reentrant, raw=None):
        self.raw = raw or (threading.RLock() if reentrant else threading.Lock())
        self.reentrant = reentrant
        self.owner = None
        self.depth = 0

    def acquire(self, me):
        self.raw.acquire()
        self.owner = me
        self.depth += 1

    def release(self, me):
        if self.owner is not me:
            if self.reentrant:
                raise RuntimeError("cannot release un-acquired lock")
            if self.owner is None:
                raise RuntimeError("release unlocked lock")
            raise RuntimeError("release of a lock held by %s/%s" % (self.owner.process, self.owner.thread))
        self.depth -= 1
        if self.depth == 0:
            self.owner = None
        self.raw.release()


class _Semaphore(object):
    """threading.BoundedSemaphore, or threading.Semaphore when unbounded."""

    def __init__(self, value, bounded, module=threading):
        self.raw = (module.BoundedSemaphore if bounded else module.Semaphore)(value)

    def acquire(self, me):
        self.raw.acquire()

    def release(self, me):
        self.raw.release()  # a BoundedSemaphore raises ValueError above its initial value


def _make_sync(kind, value, bounded):
    if kind == "lock":
        return _Lock(False)
    if kind == "rlock":
        return _Lock(True)
    if kind == "semaphore":
        return _Semaphore(value, bounded)
    if kind == "event":
        return threading.Event()
    return queue.Queue(value)  # maxsize 0: unbounded


_PAYLOADS = {}


def _payload(size):
    """`size` bytes to send, made once per size (pickling copies them)."""
    if size not in _PAYLOADS:
        _PAYLOADS[size] = b"\0" * size
    return _PAYLOADS[size]


_SHARED_DATA = {}


def _shared_data(name, size):
    """`size` bytes to write to shared object `name`: a view of bytes made once per
    object, before the clock started (with fork; a spawned process makes them at its first write)."""
    if name not in _SHARED_DATA:
        _SHARED_DATA[name] = memoryview(b"\1" * MP_SHARED[name][4])
    return _SHARED_DATA[name][0:size]


class _Holding(object):
    """A `with` step: acquire, the steps, release (not released if the thread dies inside)."""

    def __init__(self, me, name):
        self.me, self.name = me, name

    def __enter__(self):
        self.me.acquire(self.name)

    def __exit__(self, kind, value, trace):
        if kind is None:
            self.me.release(self.name)
        return False


class ScriptThread(object):
    """`me` in a thread's function: who it is, and the steps it takes."""

    def __init__(self, proc, spec, copy):
        self.proc = proc
        self.spec = spec
        self.thread = copy_name(spec["name"], spec["count"], copy)
        self.process = proc.name
        self.work = 0  # "$work": the work of the item this thread got last, in ns
        self.start_ns = self.finish_ns = self.cpu_ns = self.runqueue_ns = None
        self.cpu_base = 0  # its CPU time when it began
        self.runqueue_base = 0  # the launcher's main thread waited before the run began
        self.launched = threading.Event()  # set once Thread.start() has returned
        self.finished = threading.Event()  # set when its function has returned
        self.os_thread = None  # its threading.Thread (None for the main thread)

    def compute(self, ns):
        """Python code: a bytecode loop, holding the GIL, until this thread's CPU
        time has advanced by ns (the time it waits for a core or the GIL does not count)."""
        now = _cpu_ns()
        end, spin = now + ns - _COMPUTE_AIM_NS, _SPIN
        while now < end:
            for _ in spin:
                pass
            last, now = now, _cpu_ns()
            if end - now < now - last:
                spin = _SPIN_TAIL

    def native(self, ns):
        """Native code that releases the GIL while it runs (see _native_compute)."""
        _native_compute(ns)

    def held_native(self, ns):
        """Native code that keeps the GIL and cannot be interrupted (see _held_native)."""
        _held_native(ns)

    def sleep(self, ns):
        time.sleep(ns / 1e9)

    def io(self, ns, device=None):
        """Blocking I/O: select() on no file descriptor with a timeout, a system call
        that releases the GIL as a read from a socket does; with a device, first one
        of its channels (a semaphore shared by every process)."""
        if device is None:
            select.select([], [], [], ns / 1e9)
        else:
            with self.proc.devices[device]:
                select.select([], [], [], ns / 1e9)

    def print_line(self, *parts):
        """A print: its time, thread, process and text are recorded, then the text is
        written to stderr as the scenario's stdout buffering says (stdout is for the
        JSON report)."""
        now = _now_ns() - self.proc.t0
        text = "".join(self._render(part, now) for part in parts)
        self.proc.output.append((now, self.thread, text))
        _print_out(text)

    def _render(self, part, now):
        if part is THREAD:
            return self.thread
        if part is PROCESS:
            return self.process
        if part is TIME:
            return format_duration(now)
        if part is ACTIVE_COUNT:
            return str(threading.active_count())
        return str(part) if isinstance(part, _INTEGERS) else part

    def start(self, name):
        """threading.Thread.start() of the thread (every copy in turn, or one copy)."""
        for other in self.proc.threads_named[name]:
            other.os_thread.start()
            other.launched.set()

    def join(self, name):
        """Thread.join() of the thread (every copy). gilsim waits for a thread that
        has not started yet (CPython would raise); the main thread is waited for
        until its function returns (threading's main thread lasts until exit)."""
        for other in self.proc.threads_named[name]:
            if other.os_thread is None:
                other.finished.wait()
            else:
                other.launched.wait()
                other.os_thread.join()

    def spawn(self, name):
        """multiprocessing.Process(...).start() of the process (every copy in turn)."""
        for index in PROCESSES_NAMED[name]:
            self.proc.start_child(index)

    def wait_for_process(self, name):
        """Process.join() of the process (every copy) when this process started it;
        else a wait for the event it sets when its threads have finished."""
        for index in PROCESSES_NAMED[name]:
            child = self.proc.children.get(index)
            if child is not None:
                child.join()
            else:
                self.proc.shared["done"][index].wait()

    def acquire(self, name):
        self.proc.syncs[name].acquire(self)

    def release(self, name):
        try:
            self.proc.syncs[name].release(self)
        except (RuntimeError, ValueError) as error:
            raise ForbiddenRelease(name, error)

    def holding(self, name):
        return _Holding(self, name)

    def set(self, name):
        self.proc.syncs[name].set()

    def clear(self, name):
        self.proc.syncs[name].clear()

    def wait(self, name, timeout_ns=None):
        self.proc.syncs[name].wait(None if timeout_ns is None else timeout_ns / 1e9)

    def put(self, name, work_ns):
        self.proc.syncs[name].put(work_ns)

    def get(self, name):
        self.work = self.proc.syncs[name].get()

    def mp_put(self, name, work_ns, size):
        """Queue.put, SimpleQueue.put or Connection.send of (work, `size` bytes)."""
        kind, made = self.proc.mp_queues[name]
        item = (work_ns, _payload(size))
        if kind == "pipe":
            made[1].send(item)
        else:
            made.put(item)

    def mp_get(self, name):
        kind, made = self.proc.mp_queues[name]
        self.work = (made[0].recv() if kind == "pipe" else made.get())[0]

    def shared_read(self, name, size, count):
        """`count` reads of the scenario's shared memory: a Value's value (its getter
        takes its lock), or bytes(view[0:size]) of an Array (under its lock) or a SharedMemory."""
        kind, made, view = self.proc.shared_memory[name]
        for _ in range(count):
            if kind == "value":
                made.value
            elif view[1] is not None:
                with view[1]:
                    bytes(view[0][0:size])
            else:
                bytes(view[0][0:size])

    def shared_write(self, name, size, count):
        """`count` writes: a Value's value = 1 (its setter takes its lock), or
        view[0:size] = `size` bytes of an Array (under its lock) or a SharedMemory."""
        kind, made, view = self.proc.shared_memory[name]
        data = _shared_data(name, size)
        for _ in range(count):
            if kind == "value":
                made.value = 1
            elif view[1] is not None:
                with view[1]:
                    view[0][0:size] = data
            else:
                view[0][0:size] = data

    def get_nowait(self, name):
        """One get_nowait() of a repeat_until_empty loop: False once the queue is empty."""
        try:
            self.work = self.proc.syncs[name].get_nowait()
            return True
        except queue.Empty:
            return False


def _run_thread(me):
    """A thread's life: its OS settings, its function, and what it left."""
    _thread_began(me)
    try:
        me.proc.apply_os_settings(me)
        me.spec["function"](me)
    except ForbiddenRelease as error:
        now = _now_ns() - me.proc.t0
        text = "Exception in thread %s: %s" % (me.thread, error)
        me.proc.output.append((now, me.thread, text))
        me.proc.program_errors.append(
            {"time_ns": now, "message": "%s/%s: release(%s): %s" % (me.process, me.thread, error.name, error)})
        _write_stderr(text)
    except Exception:
        _thread_failed(me, traceback.format_exc())
    finally:
        _thread_ended(me)


def _thread_failed(me, trace):
    """`me` raised: the run failed, with the traceback."""
    message = "%s/%s: %s" % (me.process, me.thread, trace)
    me.proc.errors.append(message)
    _write_stderr(message)


def _thread_began(me):
    """The calling thread is `me`, from now on: its start and its CPU time so far."""
    me.start_ns = _now_ns() - me.proc.t0
    me.cpu_base = _cpu_ns()


def _thread_ended(me):
    """The calling thread, `me`, ends: its finish, CPU time and run-queue wait."""
    me.finish_ns = _now_ns() - me.proc.t0
    me.cpu_ns = _cpu_ns() - me.cpu_base
    waited = _runqueue_ns()
    me.runqueue_ns = None if waited is None else waited - me.runqueue_base
    me.finished.set()


def _runqueue_ns():
    """How long the calling thread has waited in the run queue for a core
    (Linux's schedstat), or None: verify compares it with the model's ready
    time, and more means that other work on the machine took its cores."""
    try:
        with open("/proc/thread-self/schedstat") as stat:
            return int(stat.read().split()[1])
    except (IOError, OSError, ValueError, IndexError):
        return None
)PY";
}

}  // namespace gilsim
