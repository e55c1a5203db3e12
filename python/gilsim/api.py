"""gilsim's calls: run, compare, explore, advise, verify, export_python.

Each goes through the C++ library (gilsim._gilsim) exactly as the matching
``gilsim`` command does, never through a process: the same loader, the same run
pipeline, the same reports and the same messages.
"""

import contextlib
import os

from . import _gilsim
from ._sources import machine_source, scenario_source
from .errors import LimitError, ScenarioError, UsageError, VerifyError
from .results import Advice, Comparison, Exploration, Run, Verification

_MAX_EVENTS = 100_000_000
_MAX_TIME = "86400s"
_MAX_SIZE = 10_000_000
_MAX_OUTPUT = 256 << 20


@contextlib.contextmanager
def _placed(*files):
    """ScenarioErrors from the library, told which names the input goes by, to find their places."""
    try:
        yield
    except ScenarioError as e:
        raise ScenarioError(str(e), files=[f for f in files if f]) from None


def _load(scenario, machine, max_threads=_MAX_SIZE, max_script_steps=_MAX_SIZE):
    source, is_text, label = scenario_source(scenario)
    profile, profile_is_text, profile_label = machine_source(machine)
    max_threads, max_script_steps = _whole("max_threads", max_threads), _whole("max_script_steps", max_script_steps)
    with _placed(label, profile_label):
        loaded = _gilsim.LoadedScenario(source, is_text, label, profile, profile_is_text, profile_label,
                                        max_threads, max_script_steps)
    return loaded


def _cores(cores):
    if cores is None:
        return None
    if isinstance(cores, bool) or not isinstance(cores, int):
        raise UsageError(f"cores must be a whole number, not {cores!r}")
    if not 1 <= cores <= 1048576:
        raise UsageError("cores must be from 1 to 1048576")
    return cores


def _whole(name, value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UsageError(f"{name} must be a whole number from 0, not {value!r}")
    return value


def _max_events(max_events):
    return _whole("max_events", max_events)


def run(scenario, cores=None, *, machine=None, intervals=True, max_events=_MAX_EVENTS, max_time=_MAX_TIME,
        max_output=_MAX_OUTPUT, max_threads=_MAX_SIZE, max_script_steps=_MAX_SIZE, seed=None, jitter="50us",
        gil_jitter="10us"):
    """Simulate a scenario, as ``gilsim run``, and return a :class:`gilsim.Run`.

    Args:
        scenario: a file's path, a JSON string, a dict, or a :class:`gilsim.Scenario`.
        cores: the number of cores, instead of the scenario's (``--cores``).
        machine: a machine profile (``gilsim calibrate`` writes one), as a path or a
            dict: its settings fill in those the scenario leaves out (``--machine``).
        intervals: keep every state interval and curve point (``--format json``);
            False keeps the totals only (``--format summary``), for big runs.
        max_events, max_time: stop a runaway scenario (LimitError), as the CLI's flags.
        max_output: bytes of printed lines the report may keep (LimitError past it).
        max_threads, max_script_steps: refuse a scenario that would expand beyond them.
        seed: perturb the OS's wake-ups with this seed, each up to ``jitter`` (a GIL
            wake-up up to ``gil_jitter``) late: one of the runs :func:`explore` makes,
            replayed exactly (``--seed``, ``--jitter``, ``--gil-jitter``).

    A deadlock or a forbidden release is the simulated program's outcome, not an
    error: the result says so (``.outcome``, ``.message``). Mistakes in the scenario
    raise :class:`gilsim.ScenarioError` with the CLI's message.
    """
    loaded = _load(scenario, machine, max_threads, max_script_steps)
    options = {"format": "json" if intervals else "summary", "cores": _cores(cores),
               "max_events": _max_events(max_events), "max_time": str(max_time),
               "max_output": _whole("max_output", max_output)}
    if seed is not None:
        options.update(seed=_whole("seed", seed), jitter=str(jitter), gil_jitter=str(gil_jitter))
    with _placed(loaded.label):  # --cores checks
        code, report, message = loaded.run(width=100, **options)
    if code == 4:
        raise LimitError(message)
    return Run(loaded, options, report, message)


def _core_list(cores):
    if cores is None:
        return ""
    if isinstance(cores, int) and not isinstance(cores, bool):
        return str(cores)
    if isinstance(cores, str):
        return cores
    if isinstance(cores, range):
        cores = list(cores)
    return ",".join(str(c) for c in cores)


def _gil_list(gil):
    if gil is None:
        return ""
    if isinstance(gil, bool):
        return "on" if gil else "off"
    if isinstance(gil, str):
        return gil
    return ",".join("on" if g is True else "off" if g is False else str(g) for g in gil)


def _value_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _sets(sweeps):
    if not sweeps:
        return []
    out = []
    for path, values in sweeps.items():
        if isinstance(values, str):
            values = values.split(",")  # the CLI's text: "1ms,5ms"
        elif isinstance(values, (int, float, bool)):
            values = [values]
        texts = [_value_text(v) for v in values]
        if any("," in t for t in texts):
            raise UsageError(f"set: {path}: a value cannot hold a comma: {texts!r}")
        out.append(f"{path}={','.join(texts)}")
    return out


def _metrics(metric):
    if metric is None:
        return []
    metrics = [metric] if isinstance(metric, str) else list(metric)
    if not all(isinstance(m, str) for m in metrics):
        raise UsageError(f"compare: metric: expected a string or a list of strings, got {metric!r}")
    return metrics


def compare(scenario, cores=None, gil=None, set=None, *, metric=None, machine=None, jobs=None,
            max_events=_MAX_EVENTS, max_time=_MAX_TIME):
    """Run a scenario once per point of a grid, as ``gilsim compare``; a :class:`gilsim.Comparison`.

    Args:
        scenario: a file's path, a JSON string, a dict, or a :class:`gilsim.Scenario`.
        cores: core counts: an int, a list or range of ints, or the CLI's text
            ("1,2,4-8"). Default: powers of two up to the number of threads.
        gil: "on", "off", "scenario", a list of them, or True/False: force every
            process's GIL on or off (``--gil``).
        set: {path: values} sweeps (``--set``), e.g. {"gil.switch_interval": ["1ms", "5ms"]},
            {"processes/0/count": [1, 2, 4]} or the CLI's text {"quantum": "1ms,10ms"};
            several make a grid.
        metric: what to measure besides the makespan (``--metric``): a string such
            as "finish:io_thread" or a list of them; the first drives the speedups.
            Each row has a key per metric (None when absent).
        machine: a machine profile, as a path or a dict (``--machine``).
        jobs: simulations at once (default: the machine's hardware threads); the
            result is the same whatever it is.
    """
    source, is_text, label = scenario_source(scenario)
    profile, profile_is_text, profile_label = machine_source(machine)
    jobs = _jobs("compare", jobs)
    with _placed(label, profile_label):
        compared = _gilsim.ComparedScenario(
            source, is_text, label, profile, profile_is_text, profile_label, _sets(set), _gil_list(gil),
            _core_list(cores), _max_events(max_events), str(max_time), jobs, _metrics(metric))
    if compared.exit_code == 4:
        raise LimitError(compared.message)
    return Comparison(compared)


def _jobs(command, jobs):
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or not 1 <= jobs <= 1024):
        raise UsageError(f"{command}: jobs must be from 1 to 1024")
    return jobs or 0


def explore(scenario, seeds=100, *, first_seed=1, cores=None, jitter="50us", gil_jitter="10us", machine=None,
            jobs=None, max_events=_MAX_EVENTS, max_time=_MAX_TIME):
    """Run a scenario once per seed with the OS's wake-ups jittered, as ``gilsim explore``;
    an :class:`gilsim.Exploration`: how the runs ended, the distinct print orders, the
    makespan's spread. ``gilsim.run(scenario, seed=S)`` replays seed S.

    Args:
        seeds, first_seed: the seeds first_seed, first_seed + 1, ... (``--seeds``, ``--first-seed``).
        jitter: how late each wake-up may come (``--jitter``); gil_jitter: each GIL wake-up.
        cores, machine, jobs, max_events, max_time: as for :func:`compare`.

    Deadlocks are findings, not errors: ``.outcomes`` and ``.deadlock_seed`` say them.
    """
    source, is_text, label = scenario_source(scenario)
    profile, profile_is_text, profile_label = machine_source(machine)
    with _placed(label, profile_label):
        explored = _gilsim.ExploredScenario(
            source, is_text, label, profile, profile_is_text, profile_label, _whole("seeds", seeds),
            _whole("first_seed", first_seed), _cores(cores), str(jitter), str(gil_jitter), _max_events(max_events),
            str(max_time), _jobs("explore", jobs))
    return Exploration(explored)


def advise(scenario, cores=None, *, metric=None, machine=None, jobs=None, max_events=_MAX_EVENTS,
           max_time=_MAX_TIME):
    """Run a scenario's pool every way Python could run it, as ``gilsim advise``; an
    :class:`gilsim.Advice`: the options ranked, each with its reason, and the best one's scaling.

    Args:
        cores: the cores to weigh the options on (default: the scenario's).
        metric: rank by this instead of the makespan (a ``compare`` metric, e.g. "task_latency_p95").
        machine, jobs, max_events, max_time: as for :func:`compare`.
    """
    if metric is not None and not isinstance(metric, str):
        raise UsageError(f"advise: metric: expected a string, got {metric!r}")
    source, is_text, label = scenario_source(scenario)
    profile, profile_is_text, profile_label = machine_source(machine)
    with _placed(label, profile_label):
        advised = _gilsim.AdvisedScenario(
            source, is_text, label, profile, profile_is_text, profile_label, _cores(cores), metric or "",
            _max_events(max_events), str(max_time), _jobs("advise", jobs))
    return Advice(advised)


def export_python(scenario, cores=None, *, time_scale=None, output=None, machine=None):
    """The standalone Python program that performs the scenario for real (``gilsim export-python``).

    Returns its text; with ``output`` (a path) also writes it there. ``time_scale``
    multiplies every duration of the steps (e.g. 0.01).
    """
    loaded = _load(scenario, machine)
    with _placed(loaded.label):
        program = loaded.export_python(cores=_cores(cores), time_scale=_scale_text(time_scale))
    if output is not None:
        with open(os.fspath(output), "w", encoding="utf-8") as f:
            f.write(program)
    return program


def _scale_text(time_scale):
    if time_scale is None:
        return ""
    if isinstance(time_scale, bool):
        raise UsageError(f"time_scale must be a number, not {time_scale!r}")
    return repr(time_scale) if isinstance(time_scale, float) else str(time_scale)


def verify(scenario, cores=None, *, python="python3", runs=5, tolerance=5.0, time_scale=None, tie_window="500us",
           machine=None):
    """Run the exported program ``runs`` times with ``python`` and compare with the prediction (``gilsim verify``).

    Returns a :class:`gilsim.Verification` (``.agrees``, ``.data``, ``.text``);
    raises :class:`gilsim.VerifyError` when the program fails or times out.
    """
    loaded = _load(scenario, machine)
    machine_label = machine_source(machine)[2]
    with _placed(loaded.label):
        code, json_text, text, message = loaded.verify(
            python=str(python), runs=int(runs), tolerance=float(tolerance), cores=_cores(cores),
            time_scale=_scale_text(time_scale), tie_window=str(tie_window), machine=machine_label)
    if code == 4:
        raise LimitError(message)
    if code == 7:
        raise VerifyError(message)
    return Verification(code, json_text, text)
