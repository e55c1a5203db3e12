"""gilsim.compare gives what `gilsim compare` gives: every golden case of tests/compare/."""

import json
import shlex

import pytest

import gilsim
from conftest import ROOT, cli

CASES = [line.split("|", 1) for line in (ROOT / "tests" / "compare" / "cases.txt").read_text().splitlines()
         if line and not line.startswith("#")]


def keywords(words):
    """The CLI's arguments (after the scenario) as gilsim.compare's keywords."""
    out, sets = {}, {}
    for flag, value in zip(words[::2], words[1::2]):
        if flag == "--set":
            path, values = value.split("=", 1)
            sets[path] = values.split(",")
        elif flag in ("--cores", "--gil"):
            out[flag[2:]] = value
        elif flag == "--metric":
            out.setdefault("metric", []).append(value)
        else:
            raise AssertionError(f"a case with {flag}: teach this test its keyword")
    if sets:
        out["set"] = sets
    return out


@pytest.mark.parametrize("name, arguments", CASES, ids=[c[0] for c in CASES])
def test_every_golden_case_equals_the_cli(name, arguments):
    words = shlex.split(arguments)
    scenario, options = words[0], keywords(words[1:])
    comparison = gilsim.compare(scenario, jobs=2, **options)
    for fmt in ("json", "text", "csv"):
        code, out, err = cli("compare", *words, "--format", fmt, "--quiet")
        assert comparison.report(fmt).encode() == out, fmt
    assert comparison.to_json().encode() == cli("compare", *words, "--format", "json")[1]
    assert comparison.outcome == {0: "completed", 3: "deadlock", 5: "program error"}[code]
    assert comparison.message == (err.removeprefix("error: ").rstrip("\n") or None)
    data = json.loads(comparison.to_json())
    assert len(comparison.rows) == len(data["rows"]) == data["grid"]["points"]


def test_python_values_for_the_grid():
    by_text = gilsim.compare("scenarios/convoy_effect.json", cores="1-2",
                             set={"gil.switch_interval": "1ms,5ms"})
    by_values = gilsim.compare("scenarios/convoy_effect.json", cores=range(1, 3),
                               set={"gil.switch_interval": ["1ms", "5ms"]})
    assert by_text.to_json() == by_values.to_json()
    gil = gilsim.compare("scenarios/compare/cpu_pool_threads.json", cores=[1, 4], gil=[True, False])
    assert [(row["gil"], row["cores"]) for row in gil.rows] == [("on", 1), ("on", 4), ("off", 1), ("off", 4)]
    assert gil.rows[3]["speedup_vs_1_core"] > 3 and gil.rows[1]["speedup_vs_1_core"] == 1.0


def test_rows_are_flat_with_one_column_per_sweep():
    c = gilsim.compare("scenarios/compare/web_server.json", cores=[1, 2], set={"processes/0/count": [1, 2]})
    assert list(c.rows[0])[:3] == ["point", "processes/0/count", "cores"]
    assert [r["processes/0/count"] for r in c.rows] == ["1", "1", "2", "2"]


def test_the_same_whatever_the_jobs():
    one = gilsim.compare("scenarios/compare/io_pool.json", cores=[1, 2, 4], gil="on,off", jobs=1)
    two = gilsim.compare("scenarios/compare/io_pool.json", cores=[1, 2, 4], gil="on,off", jobs=2)
    assert one.to_json() == two.to_json()


def test_a_dict_and_a_machine_profile():
    with open("scenarios/compare/cpu_pool_threads.json") as f:
        scenario = json.load(f)
    assert (gilsim.compare(scenario, cores=[1, 2]).report("csv")
            == gilsim.compare("scenarios/compare/cpu_pool_threads.json", cores=[1, 2]).report("csv"))
    profile = {"gilsim_machine_profile": 1, "costs": {"thread_start": "1ms"}}
    slower = gilsim.compare(scenario, cores=[1], machine=profile)
    assert slower.rows[0]["makespan_ns"] > gilsim.compare(scenario, cores=[1]).rows[0]["makespan_ns"]


def test_mistakes_in_the_ask():
    with pytest.raises(gilsim.UsageError, match='^compare: --gil: "maybe" is not a GIL setting'):
        gilsim.compare("scenarios/convoy_effect.json", gil="maybe")
    with pytest.raises(gilsim.UsageError, match="both set the GIL"):
        gilsim.compare("scenarios/convoy_effect.json", gil="on,off", set={"processes/0/gil": [True, False]})
    with pytest.raises(gilsim.ScenarioError, match="^scenarios/convoy_effect.json: --set gil.switch_interval=fast: ") as caught:
        gilsim.compare("scenarios/convoy_effect.json", set={"gil.switch_interval": ["fast"]})
    assert (caught.value.file, caught.value.path) == ("scenarios/convoy_effect.json", "/gil/switch_interval")
    with pytest.raises(gilsim.UsageError, match="jobs must be from 1 to 1024"):
        gilsim.compare("scenarios/convoy_effect.json", jobs=0)
    with pytest.raises(gilsim.LimitError, match="stopped at"):
        gilsim.compare("scenarios/convoy_effect.json", cores=[1], max_events=10)


def test_metrics_pass_through_as_the_cli_takes_them():
    c = gilsim.compare("scenarios/convoy_effect.json", cores=2, set={"gil.switch_interval": ["1ms", "20ms"]},
                       metric=["finish:io_thread", "print:request 9"])
    cli_json = cli("compare", "scenarios/convoy_effect.json", "--cores", "2", "--set", "gil.switch_interval=1ms,20ms",
                   "--metric", "finish:io_thread", "--metric", "print:request 9", "--format", "json")[1]
    assert c.to_json().encode() == cli_json
    first, last = c.rows
    assert first["finish:io_thread"] < last["finish:io_thread"]
    assert first["print:request 9"] <= first["finish:io_thread"]
    assert last["speedup"] == round(first["finish:io_thread"] / last["finish:io_thread"], 6)
    one = gilsim.compare("scenarios/convoy_effect.json", cores=2, metric="gil_wait:io_thread")
    assert list(one.rows[0])[-1] == "gil_wait:io_thread"
    with pytest.raises(gilsim.UsageError, match='^compare: --metric "loop_lag": "loop_lag" is not available yet'):
        gilsim.compare("scenarios/convoy_effect.json", metric="loop_lag")
    with pytest.raises(gilsim.UsageError, match="no point printed a line containing"):
        gilsim.compare("scenarios/convoy_effect.json", cores=2, metric=["print:never said"])
    with pytest.raises(gilsim.UsageError, match="metric: expected a string or a list of strings"):
        gilsim.compare("scenarios/convoy_effect.json", metric=[1])
