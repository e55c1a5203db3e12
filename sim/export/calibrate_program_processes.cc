// Part of the calibration program (calibrate_program.h): Process starts, compute with several cores busy, forced switches, the machine, and the main program.
#include "export/calibrate_program.h"

namespace gilsim {

std::string_view calibrate_program_processes() {
  return R"PY(# --- Process start, per start method ---

def report_first_line(connection):
    """The child's first line: its time goes back to the parent."""
    connection.send(now_ns())
    connection.close()


def process_starts(method, samples):
    context = multiprocessing.get_context(method) if method else multiprocessing
    parent, child = [], []
    for _ in range(samples):
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=report_first_line, args=(sender,))
        called = now_ns()
        process.start()
        returned = now_ns()
        sender.close()
        first_line = receiver.recv()
        process.join()
        receiver.close()
        parent.append(returned - called)
        child.append(first_line - called - (returned - called))
    how = "the parent's wall time in Process.start() (%s)" % (method or "fork")
    late = "the child's first line minus the start() call, minus the parent's time in start()"
    result = {"parent": summary(parent[1:], how), "child_latency": summary(child[1:], late),
              "first_parent_ns": parent[0], "first_child_latency_ns": child[0]}
    return result


# --- Python compute with k cores busy at once ---

def compute_child(cpu, rounds, repeats, start, connection):
    if cpu is not None:
        os.sched_setaffinity(0, [cpu])
    start.wait()
    times = []
    for _ in range(repeats):
        before = thread_cpu_ns()
        bytecode_loop(rounds)
        times.append(thread_cpu_ns() - before)
    connection.send(times)
    connection.close()


def compute_slowdown(samples, cores, cpus):
    context = multiprocessing.get_context("fork") if hasattr(multiprocessing, "get_context") else multiprocessing
    before = thread_cpu_ns()
    bytecode_loop(1000)
    rounds = max(100, int(1000 * 20 * MS / max(1, thread_cpu_ns() - before)))  # about 20 ms of CPU
    repeats = max(3, samples // 20)
    counts = sorted(set([k for k in (1, 2, 4, 8, 16, 32, 64, 128, 256) if k < cores] + [cores]))
    rows = []
    for k in counts:
        start = context.Event()
        pipes, children = [], []
        for i in range(k):
            receiver, sender = context.Pipe(duplex=False)
            cpu = cpus[i] if cpus else None
            child = context.Process(target=compute_child, args=(cpu, rounds, repeats, start, sender))
            child.start()
            sender.close()
            pipes.append(receiver)
            children.append(child)
        time.sleep(0.05)  # all started and waiting
        start.set()
        times = []
        for receiver in pipes:
            times.extend(receiver.recv())
        for child in children:
            child.join()
        rows.append({"busy_cores": k, "cpu": summary(times, "the CPU time of %d rounds of a bytecode loop" % rounds)})
    base = rows[0]["cpu"]["median_ns"]
    for row in rows:
        row["factor"] = round(float(row["cpu"]["median_ns"]) / base, 4)
    return {"loop_rounds": rounds, "by_busy_cores": rows}


# --- Forced switches: two CPU-bound threads, on one core and on any ---

def forced_switch(duration_ns, cpus, one_core):
    """Two threads that never block pass the GIL only when the waiter's timed
    wait (the switch interval) expires and it asks the holder to drop it."""
    if not hasattr(os, "sched_setaffinity") or not hasattr(sys, "getswitchinterval"):
        return {"error": "needs os.sched_setaffinity and sys.getswitchinterval (Python 3.3+)"}
    interval = int(round(sys.getswitchinterval() * 1e9))
    if one_core:
        os.sched_setaffinity(0, [cpus[0]])  # this thread only; the two threads started here inherit it
    owner, last, starts = [None], [0, 0], []
    end = now_ns() + duration_ns

    def spin(me):
        while True:
            if owner[0] != me:  # the clock is read after the check: a switch may come between any two bytecodes
                t = now_ns()
                starts.append((t, t - last[1 - me]))
                owner[0] = me
            t = now_ns()
            last[me] = t
            if t >= end:
                break

    threads = [threading.Thread(target=spin, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    os.sched_setaffinity(0, cpus)
    starts = starts[3:-1]  # the first holds overlap the threads' starts; the last is cut by the end
    periods = [b[0] - a[0] for a, b in zip(starts, starts[1:])]
    gaps = [gap for _, gap in starts]
    result = {"switch_interval_ns": interval, "cpus": [cpus[0]] if one_core else cpus, "seconds": duration_ns / 1e9,
              "switches": len(starts),
              "period": summary(periods, "from one thread's first bytecode after a switch to the other's"),
              "gap": summary(gaps, "from the holder's last bytecode to the next holder's first")}
    if periods:
        result["beyond_interval_ns"] = result["period"]["median_ns"] - interval
    return result


# --- The machine ---

def machine(cores):
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except (IOError, OSError):
        pass
    implementation = platform.python_implementation().lower()
    gil = sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True
    return {"cores": cores, "cpu": cpu, "kernel": platform.system() + " " + platform.release(),
            "python": implementation + " " + platform.python_version(), "executable": sys.executable,
            "gil": gil, "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def runqueue_wait_ns():
    """How long this thread has waited for a core while runnable (Linux's schedstat), or None."""
    for path in ("/proc/thread-self/schedstat", "/proc/self/schedstat"):
        try:
            with open(path) as stat:
                return int(stat.read().split()[1])
        except (IOError, OSError, IndexError, ValueError):
            pass
    return None


def measure(samples):
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    cores = len(cpus) if cpus else multiprocessing.cpu_count()
    m = {}
    methods = multiprocessing.get_all_start_methods() if hasattr(multiprocessing, "get_all_start_methods") else [None]
    default = multiprocessing.get_start_method() if hasattr(multiprocessing, "get_start_method") else "fork"
    steps = 10 + len(methods)
    done = [0]
    # A busy machine shows in how long the main thread waits for a core; each step's wait is reported.
    waits = m["runqueue_wait"] = {"how": "the main thread's wait for a core while runnable, per step (schedstat)"}
    last = [None, now_ns(), runqueue_wait_ns()]  # step, its start, the wait so far

    def step(what):
        wait = runqueue_wait_ns()
        if last[0] is not None and wait is not None:
            waits[last[0]] = {"wait_ns": wait - last[2], "wall_ns": now_ns() - last[1]}
        last[:] = [what, now_ns(), wait]
        if what is None:
            return
        done[0] += 1
        progress("%s (%d of %d)" % (what, done[0], steps))

    # Thread starts first: this process's first start is one of the "first" ones.
    step("thread start")
    cpu, latency = thread_starts(samples + 1)
    m["first_thread_start_here_ns"] = cpu[0]
    m["thread_start"] = summary(cpu[1:], "the starter's CPU time in Thread.start() (thread_time_ns), later starts")
    m["thread_start_latency"] = summary(latency[1:], "the new thread's first line minus the start() call, "
                                                     "minus the starter's CPU time in start(), later starts")
    step("first thread start in fresh interpreters")
    cpu, latency = first_thread_starts(max(3, samples // 10))
    m["first_thread_start"] = summary(cpu, "as thread_start, the first start in a fresh interpreter")
    m["first_thread_start_latency"] = summary(latency, "as thread_start_latency, the first start in a fresh interpreter")
    step("timer slack (sleep 1 ms)")
    m["timer_slack"] = summary(timer_overrun(time.sleep, MS, samples), "time.sleep(0.001) minus 1 ms")
    step("timer slack (sleep 10 ms)")
    m["timer_slack_10ms"] = summary(timer_overrun(time.sleep, 10 * MS, max(3, samples // 4)),
                                    "time.sleep(0.01) minus 10 ms")
    step("I/O latency (select 1 ms)")
    m["io_latency"] = summary(timer_overrun(idle_select, MS, samples), "select.select([], [], [], 0.001) minus 1 ms")
    step("print (a write() beside a GIL waiter)")
    values, won = print_race(samples)
    m["print"] = summary(values, "one os.write() of a 38-byte line to stderr (a pipe the parent polls), GIL "
                                 "retaken included, while another thread waits for the GIL; the waiter took "
                                 "the GIL during the write in %d of %d" % (won, len(values)))
    step("wake-up (Event.set to Event.wait returning)")
    values, late = event_wakeup(samples)
    m["wakeup"] = summary(values, "from just before Event.set() to the waiter's return from wait(); left out: %d "
                                  "samples where the waiter had not begun to wait" % late)
    step("GIL hand-off")
    if sys.version_info[0] == 2:  # the old GIL is passed every check interval: nobody waits for the holder to block
        m["handoff_latency"] = {"error": "Python 2's GIL passes at every check interval; cpython2's model has "
                                         "wakeup_latency and signal_cost instead, not measured here"}
    elif not machine(cores)["gil"]:
        m["handoff_latency"] = {"error": "this interpreter runs without a GIL"}
    else:
        values, late = gil_handoff(samples)
        m["handoff_latency"] = summary(values, "from the holder's last bytecode before it blocks to the GIL "
                                               "waiter's first; left out: %d samples where the holder began "
                                               "computing after the waiter's sleep had ended or was held up "
                                               "during it" % late)
    m["process_start"] = {"default_method": default}
    for method in methods:
        step("process start (%s)" % (method or "fork"))
        try:
            m["process_start"][method or "fork"] = process_starts(method, max(4, samples // 10 + 1))
        except Exception as error:  # a method this platform cannot use is recorded, not fatal
            m["process_start"][method or "fork"] = {"error": "%s: %s" % (type(error).__name__, error)}
    step("compute with cores busy at once")
    m["compute_slowdown"] = compute_slowdown(samples, cores, cpus)
    step("forced GIL switches")
    unavailable = {"error": "needs os.sched_getaffinity"}
    m["forced_switch"] = forced_switch(500 * MS, cpus, True) if cpus else unavailable
    m["forced_switch_any_core"] = forced_switch(500 * MS, cpus, False) if cpus else unavailable
    step(None)
    return {"gilsim_calibrate": 1, "samples": samples, "machine": machine(cores), "measurements": m}


if __name__ == "__main__":
    if sys.argv[1:] == ["first-thread-start"]:
        first_thread_start_child()
    else:
        report = measure(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
        print(json.dumps(report, indent=1, sort_keys=True))
)PY";
}

}  // namespace gilsim
