"""Results as pandas DataFrames (needs pandas: Debian's python3-pandas)."""

import pandas as pd
import pytest

import gilsim


def test_threads_frame_holds_the_report_numbers():
    result = gilsim.run("scenarios/two_cpu_bound_threads.json")
    frame = result.to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame["thread"]) == [t["thread"] for t in result.threads]
    assert list(frame["running_ns"]) == [t["running_ns"] for t in result.threads]
    assert "intervals" not in frame.columns
    assert frame["running_ns"].dtype.kind == "i"


def test_every_table():
    result = gilsim.run("scenarios/sync/connection_pool.json")
    assert list(result.to_pandas("processes")["name"]) == [p["name"] for p in result.processes]
    assert len(result.to_pandas("output")) == len(result.output)
    syncs = result.to_pandas("syncs")
    assert list(syncs["name"]) == [s["name"] for s in result.syncs]
    intervals = result.to_pandas("intervals")
    assert len(intervals) == sum(len(t["intervals"]) for t in result.threads)
    # Per thread, the intervals tile its life: each starts where the last ended.
    for (_, thread), rows in intervals.groupby(["process", "thread"], sort=False):
        assert (rows["start_ns"].iloc[1:].values == rows["end_ns"].iloc[:-1].values).all()
    with pytest.raises(ValueError, match="unknown table"):
        result.to_pandas("cores")


def test_pools_frame_flattens_the_latency():
    result = gilsim.run("scenarios/pools/io_fetch.json")
    pools = result.to_pandas("pools")
    assert list(pools["name"]) == ["app/pool"]
    assert int(pools["calls"][0]) == 200 == result.pools[0]["calls"]
    assert int(pools["latency_p95_ns"][0]) == result.pools[0]["latency_ns"]["p95"]
    assert pools["latency_mean_ns"][0] <= pools["latency_max_ns"][0]
    assert len(gilsim.run("scenarios/tutorial/some_func.json").to_pandas("pools")) == 0


def test_pools_frame_has_busy_share_and_pickling_by_where():
    row = gilsim.run("scenarios/pools/cpu_map_processes.json").to_pandas("pools").iloc[0]
    assert 0 < row["busy_share"] <= 1
    assert row["workers_started"] == 4
    unpickling = row["manager_unpickle_ns"] + row["worker_unpickle_ns"]
    assert row["pickling_ns"] == row["feeder_pickle_ns"] + row["worker_pickle_ns"] + unpickling
    assert row["pipe_ns"] == row["feeder_write_ns"] + row["worker_write_ns"] > 0
    threads = gilsim.run("scenarios/pools/io_fetch.json").to_pandas("pools").iloc[0]
    assert threads["pickling_ns"] == threads["pipe_ns"] == threads["worker_write_ns"] == 0


def test_a_summary_run_has_no_intervals_table():
    with pytest.raises(ValueError, match="intervals=True"):
        gilsim.run("scenarios/tutorial/some_func.json", intervals=False).to_pandas("intervals")


def test_a_comparison_frame_is_its_rows():
    comparison = gilsim.compare("scenarios/compare/cpu_pool_threads.json", gil="on,off", cores=[1, 2, 4])
    frame = comparison.to_pandas()
    assert len(frame) == 6
    assert list(frame.columns[:3]) == ["point", "gil", "cores"]
    by_cores = frame[frame["gil"] == "off"].set_index("cores")["makespan_ns"]
    assert by_cores[1] > by_cores[2] > by_cores[4]
    assert frame.to_dict("records") == comparison.rows
