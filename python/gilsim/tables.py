"""Results as pandas DataFrames, where pandas is installed (Debian: python3-pandas).

The module works without pandas; only these functions need it, and they say so.
Columns keep the report's names and units: ``*_ns`` are exact integer nanoseconds.
"""


def _pandas():
    try:
        import pandas
    except ImportError:
        raise ImportError(
            "to_pandas() needs pandas (Debian: apt-get install python3-pandas; "
            "elsewhere: pip install pandas); everything else in gilsim works without it") from None
    return pandas


RUN_TABLES = ("threads", "processes", "output", "syncs", "pools", "intervals")


def run_frame(data, table):
    """One table of a run's JSON report (`gilsim run --format json`) as a DataFrame."""
    pd = _pandas()
    if table not in RUN_TABLES:
        raise ValueError(f"unknown table {table!r} (valid: {', '.join(RUN_TABLES)})")
    if table == "intervals":
        return pd.DataFrame(_intervals(data), columns=["process", "thread", "start_ns", "end_ns", "state", "detail"])
    if table == "pools":  # latency_ns {mean, p50, ...} as latency_mean_ns ..., costs_ns {feeder_pickle, ...} as feeder_pickle_ns ...
        return pd.DataFrame([_flat_pool(row) for row in data.get("pools", [])])
    rows = [{k: v for k, v in row.items() if not isinstance(v, (list, dict))} for row in data[table]]
    return pd.DataFrame(rows)


POOL_COSTS = ("feeder_pickle", "feeder_write", "manager_unpickle", "worker_unpickle", "worker_pickle", "worker_write")


def _flat_pool(row):
    flat = {k: v for k, v in row.items() if k not in ("latency_ns", "costs_ns")}
    for stat in ("mean", "p50", "p95", "max"):
        latency = row.get("latency_ns")
        flat[f"latency_{stat}_ns"] = latency[stat] if latency else None
    for where in POOL_COSTS:  # pickling and pipe writes by where they were spent (docs/pools.md)
        flat[f"{where}_ns"] = row.get("costs_ns", {}).get(where, 0)
    return flat


def _intervals(data):
    if any("intervals" not in t for t in data["threads"]):
        raise ValueError("this run has no intervals: run it with intervals=True (the default)")
    for t in data["threads"]:
        for interval in t["intervals"]:
            start, end, state = interval[0], interval[1], interval[2]
            detail = interval[3] if len(interval) > 3 else None
            yield t["process"], t["thread"], start, end, state, detail


def rows_frame(rows):
    """Rows that are already flat dicts (a comparison's) as a DataFrame."""
    return _pandas().DataFrame(rows)
