"""The notebooks in examples/ run headlessly (nbclient) and show what the CLI computes.

Each runs in a kernel of this interpreter, with the build tree's module on its path,
from examples/ as Jupyter would. Their printed numbers are checked against
`gilsim run` / `gilsim compare` of the same scenarios, and their figures must appear.
"""

import json
import os
import pathlib
import re
import sys

import nbformat
import pytest
from nbclient import NotebookClient

import gilsim
from conftest import ROOT, cli


@pytest.fixture
def kernel(tmp_path, monkeypatch):
    """A kernel spec for this very interpreter (Debian's 'python3' spec may name another)."""
    spec = tmp_path / "kernels" / "gilsim-test"
    spec.mkdir(parents=True)
    spec.joinpath("kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "gilsim tests", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    # The module these tests import, whatever the kernel's working folder.
    package_root = str(pathlib.Path(gilsim.__file__).resolve().parent.parent)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    return "gilsim-test"


def execute(name, kernel):
    notebook = nbformat.read(ROOT / "examples" / name, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), \
        f"{name} is committed with outputs: clear them"
    NotebookClient(notebook, timeout=600, kernel_name=kernel,
                   resources={"metadata": {"path": str(ROOT / "examples")}}).execute()
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", (cell.source, output)
    return {tag: cell for cell in notebook.cells for tag in cell.metadata.get("tags", [])}


def text_of(cell):
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif "data" in output and "text/plain" in output.data:
            parts.append(output.data["text/plain"])
    return "".join(parts)


def has_figure(cell):
    return any("image/png" in output.get("data", {}) for output in cell.outputs)


def cli_makespan(path, *args):
    code, out, _ = cli("run", path, "--format", "json", *args)
    return f"{json.loads(out)['makespan_ns'] / 1e6:.3f} ms"


def test_the_tutorial(kernel):
    cells = execute("tutorial.ipynb", kernel)
    for tag in ("some_func", "some_func_join", "count_down_up"):
        expected = cli_makespan(f"scenarios/tutorial/{tag}.json")
        assert f"makespan: {expected}" in text_of(cells[tag]), tag
    # active_count() as the tutorial explains it: 2 without join, 1 with.
    assert re.search(r"main\s+2\n", text_of(cells["some_func"]))
    assert re.search(r"main\s+1\n", text_of(cells["some_func_join"]))
    printed = text_of(cells["four_workers"])
    for kind, path in (("threads", "cpu_bound/threads-4-cores.json"), ("processes", "cpu_bound/processes-4-cores.json"),
                       ("free-threaded", "free_threaded.json")):
        assert re.search(rf"{kind}\s+makespan\s+{re.escape(cli_makespan('scenarios/' + path))}", printed), kind
    assert has_figure(cells["makespan_figure"]) and has_figure(cells["curves_figure"])
    assert "running_ns" in text_of(cells["threads_table"])


def test_how_many_workers(kernel, tmp_path):
    cells = execute("how_many_workers.ipynb", kernel)
    # The scenario the notebook built, as it printed it, through the CLI.
    scenario = tmp_path / "pool.json"
    scenario.write_text(text_of(cells["scenario"]))
    code, out, _ = cli("compare", str(scenario), "--cores", "4", "--gil", "on,off",
                       "--set", "processes/0/threads/1/count=1,2,4,8,16,32", "--format", "json")
    assert code == 0
    rows = json.loads(out)["rows"]
    assert len(rows) == 12
    assert has_figure(cells["figure"])
    printed = text_of(cells["figure"])
    for gil in ("on", "off"):
        best = min((r for r in rows if r["gil"] == gil), key=lambda r: r["makespan_ns"])
        workers = best["set"]["processes/0/threads/1/count"]
        assert f"GIL {gil}: fastest with {workers} workers, {best['makespan_ns'] / 1e6:.3f} ms" in printed, printed
