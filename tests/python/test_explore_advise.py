"""gilsim.explore, gilsim.advise and gilsim.run(seed=...) give what the CLI gives."""

import json
import shlex

import pytest

import gilsim
from conftest import ROOT, cli


def cases(suite):
    lines = (ROOT / "tests" / suite / "cases.txt").read_text().splitlines()
    return [line.split("|", 1) for line in lines if line and not line.startswith("#")]


def keywords(words):
    """The CLI's arguments (after the scenario) as keywords of gilsim.explore or advise."""
    out = {}
    for flag, value in zip(words[::2], words[1::2]):
        key = flag[2:].replace("-", "_")
        out[key] = int(value) if key in ("seeds", "first_seed", "cores") else value
    return out


@pytest.mark.parametrize("name, arguments", cases("explore"), ids=[c[0] for c in cases("explore")])
def test_explore_equals_the_cli(name, arguments):
    words = shlex.split(arguments)
    exploration = gilsim.explore(words[0], jobs=2, **keywords(words[1:]))
    for fmt in ("json", "text", "csv"):
        code, out, _ = cli("explore", *words, "--format", fmt, "--quiet")
        assert code in (0, 3)
        assert exploration.report(fmt).encode() == out, fmt


@pytest.mark.parametrize("name, arguments", cases("advise"), ids=[c[0] for c in cases("advise")])
def test_advise_equals_the_cli(name, arguments):
    words = shlex.split(arguments)
    advice = gilsim.advise(words[0], jobs=2, **keywords(words[1:]))
    for fmt in ("json", "text", "html"):
        code, out, _ = cli("advise", *words, "--format", fmt, "--quiet")
        assert code == 0
        assert advice.report(fmt).encode() == out, fmt
    assert advice.best == advice.ranked[0] == json.loads(advice.to_json())["ranked"][0]


def test_a_deadlocking_seed_replays_in_run():
    scenario = str(ROOT / "scenarios" / "sync" / "lock_order_race.json")
    exploration = gilsim.explore(scenario, seeds=30)
    assert set(exploration.outcomes) == {"completed", "deadlock"}
    seed = exploration.deadlock_seed
    run = gilsim.run(scenario, seed=seed)
    assert run.outcome == "deadlock"
    code, out, _ = cli("run", scenario, "--seed", str(seed), "--format", "json")
    assert code == 3
    assert run.to_json().encode() == out
    assert gilsim.run(scenario).outcome == "completed"  # without a seed: the model's own run


@pytest.mark.parametrize("call, message", [
    (lambda s: gilsim.explore(s, seeds=0), "seeds must be from 1"),
    (lambda s: gilsim.explore(s, jitter="soon"), "--jitter"),
    (lambda s: gilsim.run(s, seed=1, gil_jitter="2s"), "--gil-jitter must be from 0ns to 1s"),
    (lambda s: gilsim.advise(s, metric="busy_share"), "busy share"),
    (lambda s: gilsim.advise(s, jobs=0), "jobs must be from 1 to 1024"),
])
def test_bad_asks_are_usage_errors(call, message):
    with pytest.raises(gilsim.UsageError, match=message):
        call(str(ROOT / "scenarios" / "pools" / "cpu_map.json"))
