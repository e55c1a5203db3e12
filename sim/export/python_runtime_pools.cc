// Part of the exported program's runtime (python_runtime.h): concurrent.futures executors' workers.
#include "export/python_runtime.h"

namespace gilsim {

std::string_view python_runtime_pools() {
  return R"PY(# Executors (concurrent.futures, Python 3). The program makes them at module
# level and submits to them as any program does; what follows only gives their
# workers gilsim's names and records them as it records a thread: a thread
# pool's worker threads are POOL-1 ... in the order the pool starts them
# (CPython's POOL_0 ...), a process pool's worker processes POOL-1 ... in the
# order they begin. A task's steps run through `me`, the worker.
try:
    import concurrent.futures
    import concurrent.futures.thread
    import multiprocessing.util
except ImportError:  # Python 2: a scenario with executors needs Python 3
    concurrent = None

_pool_local = threading.local()  # .me: the worker (a ScriptThread) that the calling thread is


class running_task(object):
    """`with running_task() as me:` in a task: `me` is the worker running it. What
    the task raises is the worker's error, and goes to its future as usual."""

    def __enter__(self):
        return _pool_local.me

    def __exit__(self, kind, value, trace):
        if kind is not None:
            _thread_failed(_pool_local.me, "".join(traceback.format_exception(kind, value, trace)))
        return False


def pool_thread_started():
    """A thread pool's initializer, first thing in each worker thread: CPython named
    it PREFIX_N, N from 0 in the order the pool starts them; it becomes copy N of
    the pool's thread spec, which gilsim names PREFIX-(N+1)."""
    proc = _here["process"]
    prefix, number = threading.current_thread().name.rsplit("_", 1)
    me = proc.threads_named[prefix][int(number)]
    threading.current_thread().name = me.thread
    _pool_worker_began(me)


class MadeAtFirstUse(object):
    """A multiprocessing.Pool made by `make` when the program first uses it; close()
    and join() of one never made do nothing."""

    def __init__(self, make):
        self._make, self._pool = make, None

    def __getattr__(self, name):
        if self._pool is None:
            self._pool = self._make()
        return getattr(self._pool, name)

    def close(self):
        if self._pool is not None:
            self._pool.close()

    def join(self):
        if self._pool is not None:
            self._pool.join()


def pool_process_started(name, context=None):
    """A process pool's initializer, first thing in each worker process: it becomes
    the next copy of process spec `name`, and leaves that copy's results when it
    exits. A forked worker has its pool's process in memory; one started by
    forkserver or spawn is a new interpreter, which gets `context` instead."""
    if context is None:
        owner = _here["process"]
        context = {"shared": owner.shared, "result_dir": owner.result_dir, "t0": owner.t0,
                   "counters": owner.pool_counters}
    else:
        if _native["kind"] is None and SETTINGS["native"]:
            _prepare_native()
        if SETTINGS["held_native"]:
            _prepare_held()
    counter = context["counters"][name]
    with counter.get_lock():
        copy = counter.value
        counter.value += 1
    del _held_back[:]  # lines the pool's process holds back are its own to print
    proc = _Process(PROCESSES_NAMED[name][copy], context["shared"], context["result_dir"])
    proc.t0 = context["t0"]
    proc.start_ns = _now_ns() - proc.t0
    _here["process"] = proc
    me = proc.threads[0]
    threading.current_thread().name = me.thread
    multiprocessing.current_process().name = proc.name
    # Run when the worker's function returns, before the process exits (atexit
    # handlers do not run in a process that multiprocessing started).
    multiprocessing.util.Finalize(None, _pool_process_ended, args=(proc,), exitpriority=100)
    _pool_worker_began(me)


def _pool_worker_began(me):
    _pool_local.me = me
    _thread_began(me)
    try:
        me.proc.apply_os_settings(me)
    except Exception:
        _thread_failed(me, traceback.format_exc())


def _pool_process_ended(proc):
    me = proc.threads[0]
    if me.finish_ns is None:
        _thread_ended(me)
    _flush_prints()
    proc.finish_ns = me.finish_ns
    _leave_results(proc.index, proc.results(), proc.result_dir)


def _record_pool_thread_ends():
    """A thread pool's worker ends when CPython's worker function returns, after the
    pool is shut down. The pool looks that function up as it starts each worker:
    wrapped here, it records the end. (Without it, another CPython, workers have
    no finish.)"""
    worker = getattr(concurrent.futures.thread, "_worker", None) if concurrent else None
    if worker is None:
        return

    def _worker(*args, **kwargs):
        try:
            return worker(*args, **kwargs)
        finally:
            me = getattr(_pool_local, "me", None)
            if me is not None:
                _thread_ended(me)

    concurrent.futures.thread._worker = _worker


_record_pool_thread_ends()
if not PY2:
    import warnings
    # Python 3.12+ warns that a process with threads forks: a process pool's
    # workers are forked so, as CPython 3.11 did without a word.
    warnings.filterwarnings("ignore", message=r".*use of fork\(\) may lead to deadlocks", category=DeprecationWarning)
)PY";
}

}  // namespace gilsim
