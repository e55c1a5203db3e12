"""What gilsim.run, gilsim.compare and gilsim.verify return.

Each result keeps the library's report as the command line writes it (the JSON
text, byte for byte) and reads its numbers from there, so a result and
``gilsim run --format json`` can never disagree. Other formats (html, text, ...)
are rendered on demand by running again: runs are deterministic, so it is the
same run.
"""

import json

from . import display, tables

_NS_PER_SECOND = 1_000_000_000


def _ms(ns):
    return f"{ns / 1e6:.3f} ms"


class Run:
    """One simulated run.

    Attributes:
        makespan: seconds from the start to the last thread's end, as a float.
        makespan_ns: the same in exact integer nanoseconds.
        outcome: "completed", "deadlock" or "program error".
        message: the line the CLI prints for a deadlock or a program error, else None.
        threads, processes, syncs, pools, output: the report's lists of dicts (see to_pandas);
            pools: one per concurrent.futures executor (empty without any): calls, latency,
            throughput, workers_started, busy_share, pickling_ns and pipe_ns (docs/pools.md).
        parallelism, concurrency: {"average", "max", "curve"} (curve: [time_ns, value] steps).
    """

    def __init__(self, loaded, options, report, message):
        self._loaded = loaded
        self._options = options  # cores, max_events, max_time: to render other formats of this run
        self._json = report.decode("utf-8")
        self.data = json.loads(self._json)
        self.message = message or None
        self._html = None

    # The report's own fields.
    name = property(lambda self: self.data["scenario"]["name"])
    description = property(lambda self: self.data["scenario"]["description"])
    cores = property(lambda self: self.data["cores"])
    makespan_ns = property(lambda self: self.data["makespan_ns"])
    makespan = property(lambda self: self.data["makespan_ns"] / _NS_PER_SECOND)
    outcome = property(lambda self: self.data["outcome"])
    deadlock = property(lambda self: self.data.get("deadlock"))
    program_errors = property(lambda self: self.data.get("program_errors", []))
    threads = property(lambda self: self.data["threads"])
    processes = property(lambda self: self.data["processes"])
    syncs = property(lambda self: self.data["syncs"])
    pools = property(lambda self: self.data.get("pools", []))
    output = property(lambda self: self.data["output"])
    parallelism = property(lambda self: self.data["parallelism"])
    concurrency = property(lambda self: self.data["concurrency"])

    def to_dict(self):
        """The whole report, as ``json.loads`` of ``gilsim run --format json``."""
        return json.loads(self._json)

    def to_json(self):
        """The report's JSON text, exactly as ``gilsim run --format json`` writes it."""
        return self._json

    def report(self, format="text", width=80):
        """This run in another of the CLI's formats: text, summary, events, chrome, html."""
        if format == "json" and self._options["format"] == "json":
            return self._json
        _, text, _ = self._loaded.run(format=format, width=width, **self._run_options())
        return text.decode("utf-8")

    def _run_options(self):
        return {k: self._options[k] for k in ("cores", "max_events", "max_time", "max_output")}

    def to_pandas(self, table="threads"):
        """A DataFrame of one table: threads (default), processes, output, syncs, pools or intervals."""
        return tables.run_frame(self.data, table)

    def _repr_html_(self):
        if self._html is None:
            self._html = self.report("html")
        lanes = self.cores + len(self.threads) + sum(1 for p in self.processes if p["gil"])
        return display.framed(self._html, display.run_height(lanes))

    def __repr__(self):
        text = f"<gilsim.Run {self.name!r}: {self.outcome}, makespan {_ms(self.makespan_ns)}"
        text += f", {len(self.threads)} threads on {self.cores} core{'' if self.cores == 1 else 's'}>"
        return text


class Comparison:
    """A grid of runs (``gilsim compare``): one row per point.

    Attributes:
        rows: one flat dict per point: point, each swept setting, gil (when swept),
            cores, makespan_ns, speedup, efficiency, ... (the CSV's columns, typed),
            and one key per metric asked for ("finish:io_thread": ns, None when absent).
        summary: what the numbers show, in plain words.
        outcome: "completed", or "deadlock" / "program error" when a point had one;
        message: then the CLI's line about it, else None.
    """

    def __init__(self, compared):
        self._compared = compared
        self._json = compared.render("json")
        self.data = json.loads(self._json)
        self.message = compared.message or None
        self.outcome = {0: "completed", 3: "deadlock", 5: "program error"}[compared.exit_code]
        self._html = None

    name = property(lambda self: self.data["scenario"])
    summary = property(lambda self: self.data["summary"])

    @property
    def rows(self):
        swept_gil = any(row["gil"] != "scenario" for row in self.data["rows"])
        flat = []
        for row in self.data["rows"]:
            out = {}
            for key, value in row.items():
                if key in ("set", "metrics"):
                    out.update(value)
                elif key != "gil" or swept_gil:
                    out[key] = value
            flat.append(out)
        return flat

    def to_json(self):
        """Exactly ``gilsim compare --format json``."""
        return self._json

    def report(self, format="text", width=80):
        """The comparison as the CLI writes it: text, csv, json or html (text ``width`` columns, as ``--width``)."""
        return self._compared.render(format, width)

    def to_pandas(self):
        """The rows as a DataFrame (one row per point)."""
        return tables.rows_frame(self.rows)

    def _repr_html_(self):
        if self._html is None:
            self._html = self._compared.render("html")
        return display.framed(self._html, 560 + 24 * len(self.data["rows"]))

    def __repr__(self):
        return f"<gilsim.Comparison {self.name!r}: {len(self.data['rows'])} points>"


class Verification:
    """What ``gilsim verify`` found: the prediction against real runs of the exported program.

    Attributes:
        agrees: the verdict (the CLI exits 6 when False).
        data: the report as ``gilsim verify --format json`` writes it.
        text: the report as ``gilsim verify`` prints it.
    """

    def __init__(self, exit_code, json_text, text):
        self.agrees = exit_code == 0
        self._json = json_text
        self.data = json.loads(json_text)
        self.text = text

    def to_json(self):
        return self._json

    def _repr_html_(self):
        import html
        return f"<pre>{html.escape(self.text)}</pre>"

    def __repr__(self):
        return f"<gilsim.Verification: {'agrees' if self.agrees else 'disagrees'}>"


class Exploration:
    """Other interleavings of one scenario (``gilsim explore``): one run per seed.

    Attributes:
        data: as ``gilsim explore --format json`` writes it: outcomes (runs and
            the first seed of each), makespan_ns (min, p50, p95, max of the
            completed runs), print_orders (runs, first_seed, lines), runs (each seed's).
        outcomes: {"completed": runs, "deadlock": runs, ...} for the outcomes that occurred.
        deadlock_seed: the first seed that deadlocked (``gilsim.run(..., seed=S)`` replays it), or None.
    """

    def __init__(self, explored):
        self._explored = explored
        self._json = explored.render("json")
        self.data = json.loads(self._json)
        self.outcomes = {k: v["runs"] for k, v in self.data["outcomes"].items() if v["runs"]}
        self.deadlock_seed = self.data["outcomes"]["deadlock"]["first_seed"]

    print_orders = property(lambda self: self.data["print_orders"])

    def to_json(self):
        """Exactly ``gilsim explore --format json``."""
        return self._json

    def report(self, format="text"):
        """The exploration as the CLI writes it: text, json or csv."""
        return self._explored.render(format)

    def to_pandas(self):
        """One row per seed: seed, outcome, makespan_ns, lines, order."""
        return tables.rows_frame(self.data["runs"])

    def _repr_html_(self):
        import html
        return f"<pre>{html.escape(self._explored.render('text'))}</pre>"

    def __repr__(self):
        seeds = self.data["seeds"]
        found = ", ".join(f"{k} {v}" for k, v in self.outcomes.items())
        return f"<gilsim.Exploration {self.data['scenario']!r}: {seeds['count']} seeds: {found}>"


class Advice:
    """Every way Python could run one workload, ranked (``gilsim advise``).

    Attributes:
        data: as ``gilsim advise --format json`` writes it.
        ranked: one dict per option, the best first: option, runtime,
            start_method, workers, value, speedup, cpu_ns, processes, reason, ...
        best: the first of them.
    """

    def __init__(self, advised):
        self._advised = advised
        self._json = advised.render("json")
        self.data = json.loads(self._json)
        self._html = None

    ranked = property(lambda self: self.data["ranked"])
    best = property(lambda self: self.data["ranked"][0])

    def to_json(self):
        """Exactly ``gilsim advise --format json``."""
        return self._json

    def report(self, format="text"):
        """The advice as the CLI writes it: text, json or html."""
        return self._advised.render(format)

    def to_pandas(self):
        """The ranked options as a DataFrame."""
        return tables.rows_frame(self.ranked)

    def _repr_html_(self):
        if self._html is None:
            self._html = self._advised.render("html")
        return display.framed(self._html, 560 + 40 * len(self.ranked))

    def __repr__(self):
        return f"<gilsim.Advice {self.data['name']!r}: best {self.best['option']}, {self.best['speedup']:.2f}x>"
