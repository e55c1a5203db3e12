#!/usr/bin/env bash
# export-python of each scenario gives a program that an interpreter compiles.
#   tests/export/compile.sh GILSIM python3|python2.7 SCENARIO...
# python2.7 is ~/.pyenv/versions/2.7.18/bin/python; without it the test is
# skipped (exit 77, CTest's SKIP_RETURN_CODE), which does not count as passing.
# One interpreter compiles them all (starting one per file through a pyenv
# shim would take a second each).
set -uo pipefail
gilsim=$1 interpreter=$2
shift 2
if [ "$interpreter" = python2.7 ]; then
  interpreter=$HOME/.pyenv/versions/2.7.18/bin/python
  if [ ! -x "$interpreter" ]; then
    echo "skipped: no Python 2.7 at $interpreter"
    exit 77
  fi
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0 programs=()
for scenario in "$@"; do
  program=$tmp/$(echo "$scenario" | tr '/' '_').py
  if "$gilsim" export-python "$scenario" -o "$program"; then
    programs+=("$scenario" "$program")
  else
    echo "FAIL $scenario: export-python exited with $?"; failures=$((failures+1))
  fi
done
"$interpreter" - "${programs[@]}" <<'PY' || failures=$((failures+1))
import py_compile, sys
args, failed = sys.argv[1:], 0
for scenario, program in zip(args[0::2], args[1::2]):
    try:
        py_compile.compile(program, doraise=True)
    except py_compile.PyCompileError as error:
        failed += 1
        sys.stdout.write("FAIL %s: %s\n" % (scenario, error.msg))
sys.stdout.write("%d of %d programs compile with Python %s\n" % (len(args) // 2 - failed, len(args) // 2,
                                                                 sys.version.split()[0]))
sys.exit(1 if failed else 0)
PY
[ "$failures" -eq 0 ]
