"""gilsim.export_python and gilsim.verify, as `gilsim export-python` and `gilsim verify`."""

import json
import sys

import pytest

import gilsim
from conftest import SCENARIOS, cli


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_program_equals_the_cli(scenario):
    assert gilsim.export_python(scenario).encode() == cli("export-python", scenario)[1]


def test_cores_time_scale_and_output(tmp_path):
    scenario = "scenarios/tutorial/count_down_up.json"
    expected = cli("export-python", scenario, "--cores", "2", "--time-scale", "0.01")[1]
    out = tmp_path / "prog.py"
    assert gilsim.export_python(scenario, cores=2, time_scale=0.01, output=out).encode() == expected
    assert out.read_bytes() == expected
    with pytest.raises(gilsim.UsageError, match="^time_scale: "):
        gilsim.export_python(scenario, time_scale=0)


def test_verify_runs_the_program():
    # Timing on a shared machine is noise: the tolerance keeps it out, as tests/export/verify.sh does.
    result = gilsim.verify("scenarios/tutorial/some_func_join.json", python=sys.executable, runs=1,
                           time_scale=0.01, tolerance=1000)
    assert result.agrees, result.text
    assert result.data == json.loads(result.to_json())
    assert "verdict: agrees" in result.text
    assert repr(result) == "<gilsim.Verification: agrees>"


def test_a_failing_interpreter_is_a_verify_error(tmp_path):
    scenario = "scenarios/tutorial/some_func.json"
    code, _, err = cli("verify", scenario, "--python", "false", "--runs", "1")
    assert code == 7
    with pytest.raises(gilsim.VerifyError) as caught:
        gilsim.verify(scenario, python="false", runs=1)
    assert str(caught.value) == err.removeprefix("error: ").rstrip("\n")


def test_more_cores_than_the_machine_lets_programs_use():
    with pytest.raises(gilsim.UsageError, match="^verify: --cores 4096 asks for 4096 cores"):
        gilsim.verify("scenarios/tutorial/some_func.json", cores=4096)
