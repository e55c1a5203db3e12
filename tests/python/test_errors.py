"""Mistakes raise Python exceptions with the CLI's messages and places.

The error catalogue of the command line (tests/bad/: every scenario with the exit
code and the message `gilsim run` gives) is replayed through gilsim.run: a bad
scenario is a ScenarioError with the same text, a deadlock and a program error are
the run's outcome with the same line, a limit is a LimitError with the same text.
"""

import json
import pathlib
import subprocess

import pytest

import gilsim
from conftest import ROOT

BAD = ROOT / "tests" / "bad"
# The catalogue's flags as gilsim.run's keywords. usage_* cases test the command
# line's parsing of flags, which Python's keywords do not go through.
KEYWORDS = {"--cores": ("cores", int), "--max-events": ("max_events", int), "--max-time": ("max_time", str),
            "--max-threads": ("max_threads", int), "--max-script-steps": ("max_script_steps", int)}
CASES = sorted(p.stem for p in BAD.iterdir()
               if p.suffix in (".json", ".gen") and not p.stem.startswith("usage_"))


def case(name, tmp_path):
    """(input path as the catalogue names it, keywords, exit code, message)."""
    lines = (BAD / f"{name}.expected").read_text().splitlines()
    code = int(lines[0].split()[1])
    message = lines[1].removeprefix("error: ") if len(lines) > 1 else None
    keywords = {}
    args_file = BAD / f"{name}.args"
    if args_file.exists():
        words = args_file.read_text().split()
        for flag, value in zip(words[::2], words[1::2]):
            key, kind = KEYWORDS[flag]
            keywords[key] = kind(value)
    path = f"tests/bad/{name}.json"
    if (BAD / f"{name}.gen").exists():  # too large to commit: generated, as tests/bad.sh does
        (tmp_path / "tests" / "bad").mkdir(parents=True)
        with open(tmp_path / path, "wb") as out:
            subprocess.run(["bash", str(BAD / f"{name}.gen")], stdout=out, check=True)
    return path, keywords, code, message


@pytest.mark.parametrize("name", CASES)
def test_the_error_catalogue(name, tmp_path, monkeypatch):
    path, keywords, code, message = case(name, tmp_path)
    if (BAD / f"{name}.gen").exists():
        monkeypatch.chdir(tmp_path)
    if code == 2:
        with pytest.raises((gilsim.ScenarioError, gilsim.UsageError)) as caught:
            gilsim.run(path, **keywords)
        assert str(caught.value) == message
    elif code == 4:
        with pytest.raises(gilsim.LimitError) as caught:
            gilsim.run(path, **keywords)
        assert str(caught.value) == message
    else:
        result = gilsim.run(path, **keywords)
        assert result.outcome == {0: "completed", 3: "deadlock", 5: "program error"}[code]
        assert result.message == message


def test_the_catalogue_is_not_empty():
    assert len(CASES) > 100


def test_places_of_a_mistake():
    with pytest.raises(gilsim.ScenarioError) as caught:
        gilsim.run("tests/bad/duration_no_unit.json")
    e = caught.value
    assert e.file == "tests/bad/duration_no_unit.json"
    assert e.path == "/processes/0/threads/0/steps/0/sleep"
    assert (e.line, e.column) == (None, None)
    assert isinstance(e, ValueError) and isinstance(e, gilsim.Error)


def test_line_and_column_of_malformed_json():
    with pytest.raises(gilsim.ScenarioError) as caught:
        gilsim.run('{"name": "x",\n  "cores": 2,,\n}')
    e = caught.value
    assert (e.file, e.line, e.column, e.path) == ("<string>", 2, 14, None)
    assert str(e).startswith("<string>:2:14: invalid JSON: ")


def test_dict_input_is_named_in_messages():
    scenario = {"name": "x", "processes": [{"name": "app", "threads": [{"name": "t", "steps": [{"comptue": "1ms"}]}]}]}
    with pytest.raises(gilsim.ScenarioError) as caught:
        gilsim.run(scenario)
    assert str(caught.value) == '<dict>: /processes/0/threads/0/steps/0: unknown step "comptue" (did you mean "compute"?)'
    assert caught.value.file == "<dict>" and caught.value.path == "/processes/0/threads/0/steps/0"


def test_a_mistake_reads_as_the_cli_says_it(tmp_path):
    # A value the loader refuses, in a file of the test's own.
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"name": "x", "cores": 0, "processes": []}))
    from conftest import cli
    code, _, err = cli("run", str(path))
    with pytest.raises(gilsim.ScenarioError) as caught:
        gilsim.run(path)
    assert code == 2 and str(caught.value) == err.removeprefix("error: ").rstrip("\n")


def test_unreadable_file():
    with pytest.raises(gilsim.ScenarioError, match="^no/such.json: cannot read: No such file or directory$"):
        gilsim.run("no/such.json")


@pytest.mark.parametrize("keywords, message", [
    ({"cores": 0}, "cores must be from 1 to 1048576"),
    ({"cores": 2.5}, "cores must be a whole number"),
    ({"max_events": -1}, "max_events must be a whole number from 0"),
    ({"max_time": "soon"}, "max_time: "),
    ({"max_threads": -1}, "max_threads must be a whole number from 0"),
    ({"max_script_steps": 5_000_000_000}, "max_script_steps must be from 0 to 4000000000"),
])
def test_bad_arguments(keywords, message):
    with pytest.raises(gilsim.UsageError, match=message):
        gilsim.run("scenarios/tutorial/some_func.json", **keywords)


def test_wrong_types_and_unwritable_json():
    with pytest.raises(TypeError, match="scenario must be"):
        gilsim.run(42)
    with pytest.raises(gilsim.ScenarioError, match="^<dict>: cannot be written as JSON"):
        gilsim.run({"name": float("nan")})
    with pytest.raises(gilsim.UsageError, match="unknown report format"):
        gilsim.run("scenarios/tutorial/some_func.json").report("pdf")


def test_a_bad_machine_profile_names_its_file(tmp_path):
    path = tmp_path / "machine.json"
    path.write_text('{"gilsim_machine_profile": 1, "timer_slack": "5 parsecs"}')
    with pytest.raises(gilsim.ScenarioError) as caught:
        gilsim.run("scenarios/tutorial/some_func.json", machine=path)
    assert str(caught.value).startswith(f"{path}: /timer_slack: ")
    assert caught.value.path == "/timer_slack"
