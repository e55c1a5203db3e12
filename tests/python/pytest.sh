#!/usr/bin/env bash
# pytest over the Python module's tests with the interpreter the module was
# built for; CTest sets PYTHONPATH to the build tree's copy (python/CMakeLists.txt).
#   tests/python/pytest.sh PYTHON MODULE,MODULE,... TEST_FILE...
# Exit 77 (CTest's skip, never a pass) when PYTHON cannot import one of the
# modules these tests need: tools/test installs them on Debian.
set -uo pipefail
python=$1 needs=$2
shift 2
missing=$("$python" - "$needs" <<'PY'
import importlib.util, sys
print(" ".join(m for m in sys.argv[1].split(",") if importlib.util.find_spec(m) is None))
PY
)
if [ -n "$missing" ]; then
  echo "skipped: $python cannot import: $missing (Debian: apt-get install $(sed 's/\([a-z0-9_]*\)/python3-\1/g' <<<"$missing"))"
  exit 77
fi
export PYTHONDONTWRITEBYTECODE=1
"$python" -m pytest -q -p no:cacheprovider -rs "$@"
status=$?
# pytest: 0 passed, 1 failures, 2 interrupted, 3 internal error, 4 usage error,
# 5 no test collected: a run that tested nothing has not passed.
if [ "$status" -eq 5 ]; then echo "pytest collected no test"; exit 1; fi
exit "$status"
