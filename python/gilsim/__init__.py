"""gilsim from Python: simulate Python processes and threads with a GIL.

    >>> import gilsim
    >>> r = gilsim.run("scenarios/cpu_bound/threads-2-cores.json")
    >>> r.makespan                      # seconds
    >>> r.to_pandas()                   # one row per thread (needs pandas)
    >>> r                               # in Jupyter: the HTML report, inline

The same C++ library as the ``gilsim`` command, the same JSON scenarios and the
same messages; docs/python.md has the whole interface.
"""

from .api import advise, compare, explore, export_python, run, verify
from .builder import Process, Scenario, Steps, Thread
from .errors import Error, LimitError, ScenarioError, UsageError, VerifyError
from .results import Advice, Comparison, Exploration, Run, Verification

__all__ = [
    "run", "compare", "explore", "advise", "verify", "export_python",
    "Scenario", "Process", "Thread", "Steps",
    "Run", "Comparison", "Exploration", "Advice", "Verification",
    "Error", "ScenarioError", "UsageError", "LimitError", "VerifyError",
]
