"""Shared by the Python module's tests: the repository, the CLI to compare with."""

import os
import pathlib
import subprocess

import pytest

import gilsim

ROOT = pathlib.Path(__file__).resolve().parents[2]
GILSIM = os.environ.get("GILSIM_BIN", str(ROOT / "build" / "gilsim"))
SCENARIOS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "scenarios").rglob("*.json"))

# The build tree's module, never a copy installed earlier.
if os.environ.get("GILSIM_PACKAGE_DIR"):
    assert pathlib.Path(gilsim.__file__).parent.resolve() == pathlib.Path(os.environ["GILSIM_PACKAGE_DIR"]).resolve(), (
        gilsim.__file__)


def cli(*args):
    """`gilsim ARGS` from the repository's root: (exit code, stdout bytes, stderr text)."""
    done = subprocess.run([GILSIM, *args], cwd=ROOT, capture_output=True, timeout=300)
    return done.returncode, done.stdout, done.stderr.decode()


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    """Paths in the tests are relative to the repository, as the CLI's are."""
    monkeypatch.chdir(ROOT)
