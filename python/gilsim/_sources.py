"""What the functions accept as a scenario or a machine profile, as the C++ library takes it.

A path (str or os.PathLike) is read by the library exactly as the command line reads
it, and messages name it; a dict, a JSON string or a :class:`gilsim.Scenario` is
written as JSON text and named ``<dict>``, ``<string>`` or ``<Scenario>``.
"""

import json
import os

from .errors import ScenarioError


def _json_text(value, label):
    try:
        return json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise ScenarioError(f"{label}: cannot be written as JSON: {e}") from None


def scenario_source(scenario):
    """(path or text, is_text, label) for the library."""
    from .builder import Scenario  # the builder imports nothing from here

    if isinstance(scenario, Scenario):
        return scenario.to_json(), True, "<Scenario>"
    if isinstance(scenario, dict):
        return _json_text(scenario, "<dict>"), True, "<dict>"
    if isinstance(scenario, bytes):
        scenario = scenario.decode("utf-8", errors="replace")
    if isinstance(scenario, str) and scenario.lstrip().startswith("{"):
        return scenario, True, "<string>"
    if isinstance(scenario, (str, os.PathLike)):
        path = os.fspath(scenario)
        return path, False, path
    raise TypeError(
        "scenario must be a file's path, a JSON string, a dict or a gilsim.Scenario, "
        f"not {type(scenario).__name__}")


def machine_source(machine):
    """(path or text, is_text, label) of a machine profile, or (None, False, "")."""
    if machine is None:
        return None, False, ""
    if isinstance(machine, dict):
        return _json_text(machine, "<machine dict>"), True, "<machine dict>"
    if isinstance(machine, (str, os.PathLike)):
        path = os.fspath(machine)
        return path, False, path
    raise TypeError(f"machine must be a profile's path or a dict, not {type(machine).__name__}")
