"""gilsim.run gives what `gilsim run` gives, for every shipped scenario and every kind of input."""

import json
import pathlib
import sys
import threading

import pytest

import gilsim
from conftest import SCENARIOS, cli

OUTCOME_OF_EXIT = {0: "completed", 3: "deadlock", 5: "program error"}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_scenario_equals_the_cli_json(scenario):
    code, out, err = cli("run", scenario, "--format", "json")
    result = gilsim.run(scenario)
    assert result.to_json().encode() == out
    data = json.loads(out)
    assert result.to_dict() == data
    assert result.outcome == OUTCOME_OF_EXIT[code] == data["outcome"]
    assert result.makespan_ns == data["makespan_ns"]
    assert result.makespan == data["makespan_ns"] / 1e9
    assert result.threads == data["threads"] and result.processes == data["processes"]
    assert result.output == data["output"]
    # What the CLI says on stderr for a deadlock or a program error, the result says too.
    assert result.message == (err.removeprefix("error: ").rstrip("\n") or None)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_dict_and_string_input_give_the_same_run(scenario):
    text = pathlib.Path(scenario).read_text()
    expected = gilsim.run(scenario).to_json()
    assert gilsim.run(json.loads(text)).to_json() == expected
    assert gilsim.run(text).to_json() == expected


def test_a_path_object_and_bytes():
    scenario = "scenarios/tutorial/some_func.json"
    expected = gilsim.run(scenario).to_json()
    assert gilsim.run(pathlib.Path(scenario)).to_json() == expected
    assert gilsim.run(pathlib.Path(scenario).read_bytes()).to_json() == expected


@pytest.mark.parametrize("fmt", ["text", "summary", "events", "chrome", "html"])
def test_other_formats_equal_the_cli(fmt):
    scenario = "scenarios/two_cpu_bound_threads.json"
    code, out, _ = cli("run", scenario, "--format", fmt, "--width", "80")
    assert gilsim.run(scenario).report(fmt, width=80).encode() == out


def test_summary_without_intervals():
    scenario = "scenarios/sync/worker_pool.json"
    code, out, _ = cli("run", scenario, "--format", "summary")
    result = gilsim.run(scenario, intervals=False)
    assert result.to_json().encode() == out
    assert "intervals" not in result.threads[0]


@pytest.mark.parametrize("cores", [1, 2, 4])
def test_cores_as_the_cli_flag(cores):
    scenario = "scenarios/cpu_bound/processes-1-core.json"
    code, out, _ = cli("run", scenario, "--format", "json", "--cores", str(cores))
    result = gilsim.run(scenario, cores=cores)
    assert result.to_json().encode() == out
    assert result.cores == cores


def test_the_makespans_the_readme_quotes():
    # Four processes of 100 ms: 400, 200 and 100 ms (and the start-up costs) on 1, 2 and 4 cores.
    spans = [gilsim.run("scenarios/cpu_bound/processes-1-core.json", cores=n).makespan for n in (1, 2, 4)]
    assert spans[0] > spans[1] > spans[2]
    assert 0.4 <= spans[0] < 0.45 and 0.1 <= spans[2] < 0.15


def test_machine_profile_as_file_and_dict(tmp_path):
    profile = {"gilsim_machine_profile": 1, "timer_slack": "50us", "costs": {"wakeup": "20us"}}
    path = tmp_path / "machine.json"
    path.write_text(json.dumps(profile))
    scenario = "scenarios/scheduling/timer_slack.json"
    code, out, _ = cli("run", scenario, "--format", "json", "--machine", str(path))
    assert gilsim.run(scenario, machine=path).to_json().encode() == out
    assert gilsim.run(scenario, machine=profile).to_json().encode() == out
    assert gilsim.run(scenario, machine=profile).to_json() != gilsim.run(scenario).to_json()


def test_a_limit_raises_with_the_cli_message():
    code, _, err = cli("run", "scenarios/convoy_effect.json", "--max-events", "50")
    assert code == 4
    with pytest.raises(gilsim.LimitError) as caught:
        gilsim.run("scenarios/convoy_effect.json", max_events=50)
    assert str(caught.value) == err.removeprefix("error: ").rstrip("\n")
    with pytest.raises(gilsim.LimitError, match="--max-time 1ms reached"):
        gilsim.run("scenarios/convoy_effect.json", max_time="1ms")
    code, _, err = cli("run", "scenarios/convoy_effect.json", "--max-output", "100")
    with pytest.raises(gilsim.LimitError) as caught:
        gilsim.run("scenarios/convoy_effect.json", max_output=100)
    assert code == 4 and str(caught.value) == err.removeprefix("error: ").rstrip("\n")


def test_runs_in_python_threads_at_once():
    # The simulation releases the GIL; results do not depend on who runs beside it.
    expected = gilsim.run("scenarios/convoy_effect.json").to_json()
    results = [None] * 4

    def one(i):
        results[i] = gilsim.run("scenarios/convoy_effect.json").to_json()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4


def test_repr_says_what_ran():
    scenario = "scenarios/cpu_bound/threads-2-cores.json"
    makespan = json.loads(cli("run", scenario, "--format", "json")[1])["makespan_ns"]
    text = repr(gilsim.run(scenario))
    assert text == f"<gilsim.Run '4 CPU-bound threads, 2 cores': completed, makespan {makespan / 1e6:.3f} ms, " \
                   "5 threads on 2 cores>"


def test_to_pandas_without_pandas_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    result = gilsim.run("scenarios/tutorial/some_func.json")
    assert result.makespan > 0  # the module works without it
    with pytest.raises(ImportError, match="python3-pandas"):
        result.to_pandas()
