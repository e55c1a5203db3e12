// Part of the exported program's runtime (python_runtime.h): the scenario's
// multiprocessing queues and shared objects, made before any process starts.
#include "export/python_runtime.h"

namespace gilsim {

std::string_view python_runtime_shared() {
  return R"PY(

def _make_mp_shared(context, shared):
    """The scenario's mp_shared, made before any process starts (creating them is not
    timed: gilsim does not charge it): locks, semaphores and events as the primitives a
    step names (a Value's or an Array's lock among them), and the shared memory."""
    syncs, memory = {}, {}
    for name, (kind, value, bounded, locked, size) in MP_SHARED.items():
        if kind in ("lock", "rlock"):
            syncs[name] = _Lock(kind == "rlock", context.RLock() if kind == "rlock" else context.Lock())
        elif kind == "semaphore":
            syncs[name] = _Semaphore(value, bounded, context)
        elif kind == "event":
            syncs[name] = context.Event()
        elif kind == "value":
            memory[name] = (kind, context.Value("q", 0, lock=locked))
        elif kind == "array":
            memory[name] = (kind, context.Array("c", size, lock=locked))
        else:
            from multiprocessing import shared_memory
            memory[name] = (kind, shared_memory.SharedMemory(create=True, size=size))
        if kind in ("value", "array") and locked:
            syncs[name] = _Lock(True, memory[name][1].get_lock())
        if kind in ("array", "shared_memory"):
            _shared_data(name, 0)  # what writes copy in, made now rather than in the first write
    shared["mp_syncs"], shared["mp_shared"] = syncs, memory


def _shared_view(kind, made):
    """What an access of shared memory goes through in this process: (a memoryview of
    its bytes, the lock to take around a slice, or None)."""
    if kind == "value":
        return None
    if kind == "shared_memory":
        return (made.buf, None)
    if hasattr(made, "get_obj"):  # an Array with its lock
        return (memoryview(made.get_obj()).cast("B"), made.get_lock())
    return (memoryview(made).cast("B"), None)


def _release_shared(shared):
    """The program made the SharedMemory blocks: it removes them."""
    for kind, made in shared.get("mp_shared", {}).values():
        if kind == "shared_memory":
            try:
                made.close()
                made.unlink()
            except Exception:  # already gone, or views still open: the OS frees it at exit
                pass


def _make_mp_queue(context, name, spec, notes):
    """One of the scenario's multiprocessing queues, made before any process starts,
    as (kind, queue): a pipe is its (receive end, send end)."""
    kind, maxsize, capacity = spec
    if kind == "mp_queue":
        made = context.Queue(maxsize)
        writer = made._writer
    elif kind == "simple_queue":
        made = context.SimpleQueue() if hasattr(context, "SimpleQueue") else multiprocessing.queues.SimpleQueue()
        writer = made._writer
    else:
        made = context.Pipe(duplex=False)
        writer = made[1]
    if capacity != 65536:
        try:  # F_SETPIPE_SZ (Linux): the kernel rounds it up to a power of two pages
            import fcntl
            fcntl.fcntl(writer.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), capacity)
        except Exception as error:  # no fcntl, an old kernel, or more than pipe-max-size without privileges
            notes.append("mp_queues: the pipe of %s keeps its default capacity here (%s)" % (name, error))
    return (kind, made)
)PY";
}

}  // namespace gilsim
