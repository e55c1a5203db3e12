// Part of the exported program's runtime (python_runtime.h): Processes, the checks before the run, the report, the launch.
#include "export/python_runtime.h"

namespace gilsim {

std::string_view python_runtime_processes() {
  return R"PY(_here = {"process": None}  # the copy of a process of the scenario that this OS process runs


class _Process(object):
    """One copy of a process of the scenario, in the OS process that runs it."""

    def __init__(self, index, shared, result_dir):
        spec, copy = PROCESS_COPIES[index]
        self.index, self.spec = index, spec
        self.name = copy_name(spec["name"], spec["count"], copy)
        self.shared, self.result_dir = shared, result_dir
        self.devices = shared["devices"]
        self.mp_queues = shared.get("mp_queues", {})
        self.t0 = None
        self.start_ns = self.finish_ns = None
        self.output, self.program_errors, self.errors, self.notes = [], [], [], []
        self.children, self.exitcodes = {}, {}
        self.syncs = dict((name, _make_sync(kind, value, bounded)) for name, kind, value, bounded in spec["syncs"])
        self.syncs.update(shared.get("mp_syncs", {}))  # the scenario's multiprocessing locks, semaphores, events
        self.shared_memory = dict((name, (kind, made, _shared_view(kind, made)))
                                  for name, (kind, made) in shared.get("mp_shared", {}).items())
        self.threads = [ScriptThread(self, thread, copy) for thread in spec["threads"]
                        for copy in range(thread["count"] or 1)]
        self.threads_named = {}  # a thread's name, or a copy's, -> the threads it names
        for me in self.threads:
            self.threads_named.setdefault(me.spec["name"], []).append(me)
            self.threads_named[me.thread] = [me]
        self.pinned = any(entry["cpus"] for entry in [spec] + spec["threads"])
        # Its process pools' workers take the names of the copies of their spec in
        # the order they begin: the next copy's number, shared with them.
        self.pool_counters = dict((name, _mp_context(PROCESS_COPIES[PROCESSES_NAMED[name][0]][0]).Value("i", 0))
                                  for name in spec["process_pools"])

    def run(self, others):
        """Its settings, then the main thread's work; `others` are the processes that
        start at time 0 besides the first (the first process starts them)."""
        _here["process"] = self
        self.start_ns = _now_ns() - self.t0
        if PY2:
            sys.setcheckinterval(SETTINGS["check_interval_ticks"])
        else:
            sys.setswitchinterval(SETTINGS["switch_interval_ns"] / 1e9)
        main = self.threads[0]
        threading.current_thread().name = main.thread
        # What a process pool's worker started by forkserver or spawn (a new
        # interpreter, which inherits nothing) needs to take its name: its
        # pool's initargs carry this, pickled as each worker starts.
        _pool_context.update(shared=self.shared, result_dir=self.result_dir, t0=self.t0, counters=self.pool_counters)
        for index in others:
            self.start_child(index)
        # (its executors' threads are CPython's: they start when they are submitted to)
        scripts = [me for me in self.threads[1:] if me.spec["role"] == "declared"]
        for me in scripts:
            me.os_thread = threading.Thread(target=_run_thread, args=(me,), name=me.thread)
        # Threads that no start step names start with their process: the main
        # thread starts them, in declaration order, before its own steps.
        for me in scripts:
            if not me.spec["started_by_step"]:
                me.os_thread.start()
                me.launched.set()
        main.launched.set()
        _run_thread(main)
        joined = set()  # every thread that was started, including those started by others
        while True:
            pending = [me for me in self.threads[1:] if me.launched.is_set() and me not in joined]
            if not pending:
                break
            for me in pending:
                me.os_thread.join()
                joined.add(me)
        _flush_prints()
        finishes = [me.finish_ns for me in self.threads if me.finish_ns is not None]
        self.finish_ns = max(finishes) if finishes else None
        if self.shared["done"]:
            self.shared["done"][self.index].set()
        for index in sorted(self.children):
            self.children[index].join()
            self.exitcodes[index] = self.children[index].exitcode

    def start_child(self, index):
        args = (index, self.t0, self.shared, self.result_dir)
        child = _mp_context(PROCESS_COPIES[index][0]).Process(target=_child_main, args=args, name=process_name(index))
        child.start()
        self.children[index] = child

    def cpus(self, entries):
        """The machine's cores for a cpus list of the scenario (core k: the k-th core the program uses)."""
        cpus = self.shared["cpus"]
        return [cpus[k] for k in entries if k < len(cpus)] or cpus

    def apply_os_settings(self, me):
        """The thread's affinity, policy and nice, each thread its own (a thread
        inherits its creator's, which may differ)."""
        if self.pinned:
            _set_affinity(self.cpus(me.spec["cpus"] or self.spec["cpus"]))
        policy = SETTINGS["policy"]
        priority = me.spec["priority"] if me.spec["priority"] is not None else self.spec["priority"]
        nice = me.spec["nice"] if me.spec["nice"] is not None else self.spec["nice"]
        if policy in ("fifo", "priority") and self.shared["realtime"]:
            # fifo: SCHED_FIFO at one priority; priority: SCHED_RR at 1 + the scenario's (0-99), at most 99.
            kind = os.SCHED_FIFO if policy == "fifo" else os.SCHED_RR
            level = 1 if policy == "fifo" else min(99, 1 + (priority or 0))
            os.sched_setscheduler(0, kind, os.sched_param(level))
        if policy == "cfs":
            wanted = max(nice or 0, self.shared["lowest_nice"])
            try:
                _set_nice(wanted)
            except OSError as error:
                self.notes.append("nice %d of thread %s/%s: %s" % (wanted, me.process, me.thread, error))

    def results(self):
        return {"start_ns": self.start_ns, "finish_ns": self.finish_ns,
                "threads": [[me.start_ns, me.finish_ns, me.cpu_ns, me.runqueue_ns] for me in self.threads],
                "output": self.output, "program_errors": self.program_errors, "errors": self.errors,
                "notes": self.notes, "exitcodes": dict((str(k), v) for k, v in self.exitcodes.items())}


def _mp_context(spec):
    """multiprocessing's context for the start method of a process of the scenario
    (Python 2.7 has only fork, and no contexts)."""
    if not hasattr(multiprocessing, "get_context"):
        return multiprocessing
    return multiprocessing.get_context(spec["start_method"])


_pool_context = {}  # the owner's, for its process pools' workers (_Process.run)


def process_name(index):
    spec, copy = PROCESS_COPIES[index]
    return copy_name(spec["name"], spec["count"], copy)


def _child_main(index, t0, shared, result_dir):
    """A process started with multiprocessing: it runs, then leaves its results in result_dir."""
    proc = None
    try:
        if _native["kind"] is None and SETTINGS["native"]:
            _prepare_native()  # (a fork inherits the buffer; other start methods make it again)
        if SETTINGS["held_native"]:
            _prepare_held()
        proc = _Process(index, shared, result_dir)
        proc.t0 = t0
        proc.run([])
        results = proc.results()
    except Exception:
        results = proc.results() if proc is not None else {}
        results.setdefault("errors", []).append("%s: %s" % (process_name(index), traceback.format_exc()))
        _write_stderr(results["errors"][-1])
    _leave_results(index, results, result_dir)


def _leave_results(index, results, result_dir):
    """A process copy's results, for the first process to read when the run is over."""
    path = os.path.join(result_dir, "%d.json" % index)
    with open(path + ".part", "w") as out:
        json.dump(results, out)
    os.rename(path + ".part", path)


def _prepare(notes):
    """What this machine and interpreter can reproduce, found before the run."""
    shared = {"devices": {}, "done": None, "realtime": False, "lowest_nice": -20}
    machine = _get_affinity()
    cores = SETTINGS["cores"]
    if len(machine) >= cores:
        shared["cpus"] = machine[:cores]
        _set_affinity(shared["cpus"])  # the whole program on the first `cores` cores
    else:
        shared["cpus"] = machine
        notes.append("cores: the scenario has %d cores; this program may use %d (%s), and runs on those"
                     % (cores, len(machine), ", ".join(map(str, machine))))
    missing = sorted(set(k for k in SETTINGS["cpus_used"] if k >= len(shared["cpus"])))
    if missing:
        notes.append("cpus: core %s of the scenario is missing here (the program has %d cores): "
                     "the threads pinned to it may run on any core" % (", ".join(map(str, missing)), len(shared["cpus"])))
    model = SETTINGS["gil_model"]
    has_gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    version = "%s %s" % (sys.implementation.name if hasattr(sys, "implementation") else "cpython",
                         sys.version.split()[0])
    with_gil = [p["name"] for p in PROCESSES if p["gil"] and model != "none"]
    without = [p["name"] for p in PROCESSES if not (p["gil"] and model != "none")]
    if with_gil and model == "cpython3" and PY2:
        notes.append("gil.model cpython3: this is %s, whose GIL is the old one (cpython2): run the program "
                     "with Python 3.8 or later" % version)
    if with_gil and model == "cpython2" and not PY2:
        notes.append("gil.model cpython2: this is %s, whose GIL is the new one (cpython3): run the program "
                     "with Python 2.7" % version)
    if with_gil and not has_gil:
        notes.append("process %s has a GIL in the scenario; this interpreter is free-threaded: run it with "
                     "PYTHON_GIL=1 or a default build" % ", ".join(with_gil))
    if without and has_gil:
        notes.append("%s: free-threaded in the scenario; this interpreter (%s) has a GIL, so their threads take "
                     "turns: run the program with a free-threaded build (python3.13t or later)"
                     % ("gil.model none" if model == "none" else "process " + ", ".join(without), version))
    policy = SETTINGS["policy"]
    if policy in ("fifo", "priority"):
        try:
            os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(1))
            os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))
            shared["realtime"] = True
        except AttributeError:
            notes.append("scheduler.policy %s: needs os.sched_setscheduler (Python 3.3 or later): the threads "
                         "run under the default policy" % policy)
        except OSError as error:
            notes.append("scheduler.policy %s: real-time scheduling needs privileges (CAP_SYS_NICE) that this "
                         "program lacks (%s): the threads run under the default policy" % (policy, error))
    if policy == "cfs" and SETTINGS["lowest_nice"] < 0:
        try:
            _set_nice(SETTINGS["lowest_nice"])
            _set_nice(0)
        except OSError as error:
            shared["lowest_nice"] = 0
            notes.append("nice %d: a negative nice needs privileges (CAP_SYS_NICE) that this program lacks (%s): "
                         "those threads run at nice 0" % (SETTINGS["lowest_nice"], error))
    if len(PROCESS_COPIES) > 1:
        # Made in a spawn context when some process starts otherwise than by
        # fork: a lock made for fork may not be sent to a new interpreter.
        forked = all(spec["start_method"] == "fork" for spec in PROCESSES)
        context = multiprocessing if forked else _mp_context({"start_method": "spawn"})
        shared["devices"] = dict((name, context.BoundedSemaphore(n)) for name, n in DEVICES.items())
        shared["done"] = [context.Event() for _ in PROCESS_COPIES]
    else:
        context = multiprocessing
        shared["devices"] = dict((name, threading.BoundedSemaphore(n)) for name, n in DEVICES.items())
    shared["mp_queues"] = dict((name, _make_mp_queue(context, name, spec, notes)) for name, spec in MP_QUEUES.items())
    if MP_SHARED:
        _make_mp_shared(context if len(PROCESS_COPIES) > 1 else multiprocessing, shared)
    return shared


def _report(results, notes, shared):
    """The JSON on stdout: what happened, with the field names of `gilsim run --format json`."""
    threads, output, processes, errors, program_errors = [], [], [], [], []
    exitcodes = {}
    for result in results.values():
        exitcodes.update(result.get("exitcodes", {}))
    for index, (spec, copy) in enumerate(PROCESS_COPIES):
        name = process_name(index)
        result = results.get(index)
        code = exitcodes.get(str(index))
        if result is None and (code is not None or not spec["spawned"]):
            errors.append("process %s left no results (exit code %s)" % (name, code))
        if code:
            errors.append("process %s exited with code %s" % (name, code))
        result = result or {}
        processes.append({"name": name, "start_ns": result.get("start_ns"), "finish_ns": result.get("finish_ns"),
                          "exitcode": code})
        times = iter(result.get("threads", []))
        for thread in spec["threads"]:
            for copy in range(thread["count"] or 1):
                start, finish, cpu, runqueue = next(times, (None, None, None, None))
                threads.append({"process": name, "thread": copy_name(thread["name"], thread["count"], copy),
                                "start_ns": start, "finish_ns": finish, "cpu_ns": cpu, "runqueue_ns": runqueue})
        output.extend({"time_ns": t, "process": name, "thread": thread, "text": text}
                      for t, thread, text in result.get("output", []))
        errors.extend(result.get("errors", []))
        program_errors.extend(result.get("program_errors", []))
        notes.extend(result.get("notes", []))
    output.sort(key=lambda line: line["time_ns"])
    finishes = [thread["finish_ns"] for thread in threads if thread["finish_ns"] is not None]
    implementation = sys.implementation.name if hasattr(sys, "implementation") else "cpython"
    return {
        "scenario": {"name": SETTINGS["name"], "description": SETTINGS["description"]},
        "python": {"implementation": implementation, "version": sys.version.split()[0],
                   "executable": sys.executable, "gil": getattr(sys, "_is_gil_enabled", lambda: True)(),
                   "start_method": multiprocessing.get_start_method() if hasattr(multiprocessing, "get_start_method")
                   else "fork", "native": _native["kind"]},
        "cores": SETTINGS["cores"],
        "cpus": shared["cpus"],
        "not_reproduced": notes,
        "makespan_ns": max(finishes) if finishes else 0,
        "outcome": "failed" if errors else "program error" if program_errors else "completed",
        "threads": threads,
        "processes": processes,
        "output": output,
        "program_errors": program_errors,
        "errors": errors,
    }


def _launch():
    """The program: the first process that starts at time 0 runs here and starts the others."""
    notes = list(SETTINGS["not_reproduced"])  # what gilsim knew from the scenario alone
    shared = _prepare(notes)
    for note in notes:
        _write_stderr("not reproduced: " + note)
    if SETTINGS["native"]:
        _prepare_native()
    if SETTINGS["held_native"]:
        _prepare_held()
    first, others = STARTING_PROCESSES[0], STARTING_PROCESSES[1:]
    result_dir = tempfile.mkdtemp(prefix="gilsim-")
    try:
        proc = _Process(first, shared, result_dir)
        proc.threads[0].runqueue_base = _runqueue_ns() or 0
        proc.t0 = _now_ns()
        proc.run(others)
        results = {first: proc.results()}
        for index in range(len(PROCESS_COPIES)):
            path = os.path.join(result_dir, "%d.json" % index)
            if index != first and os.path.exists(path):
                with open(path) as stored:
                    results[index] = json.load(stored)
    finally:
        shutil.rmtree(result_dir, ignore_errors=True)
        _release_shared(shared)
    report = _report(results, notes, shared)
    sys.stdout.write(json.dumps(report, indent=2, separators=(",", ": ")) + "\n")
    sys.stdout.flush()
    return 1 if report["errors"] else 0


# PROCESS_COPIES: every copy of every process, in gilsim's order, as (spec, copy);
# PROCESSES_NAMED: a process's name, or a copy's, -> its copies' indices;
# STARTING_PROCESSES: the copies that start at time 0.
def _index_processes():
    copies, named = [], {}
    for spec in PROCESSES:
        for copy in range(spec["count"] or 1):
            named.setdefault(spec["name"], []).append(len(copies))
            if spec["count"] is not None:
                named[copy_name(spec["name"], spec["count"], copy)] = [len(copies)]
            copies.append((spec, copy))
    return copies, named, [i for i, (spec, copy) in enumerate(copies) if not spec["spawned"]]
)PY";
}

}  // namespace gilsim
