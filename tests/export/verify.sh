#!/usr/bin/env bash
# verify of each scenario (the tutorial's three programs without one) with
# python3 agrees on the order of the printed lines. Times on a shared machine
# are noisy, so the timing tolerance is out of the test (--tolerance 100000: a
# thread pool scaled to 2.5 ms took 30 ms once on a machine busy building, beyond
# 1000 %), and --time-scale 0.05 turns the tutorial's seconds of sleep into tens
# of milliseconds.
#   tests/export/verify.sh GILSIM [SCENARIO...]
set -uo pipefail
gilsim=$1
shift
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(scenarios/tutorial/*.json)
# The interpreter itself, not a pyenv shim that takes a second to start it.
python=$(python3 -c 'import sys; print(sys.executable)')
failures=0
for scenario in "${scenarios[@]}"; do
  out=$("$gilsim" verify "$scenario" --python "$python" --runs 3 --time-scale 0.05 --tolerance 100000 2>&1)
  status=$?
  # Exit 0: the verdict agrees, which with this tolerance means the order does.
  if [ "$status" -ne 0 ] || ! grep -q "^verdict: agrees" <<<"$out"; then
    echo "FAIL $scenario: exit $status"; sed 's/^/  | /' <<<"$out"; failures=$((failures+1))
  else
    echo "ok: $scenario: $(grep '^printed lines' <<<"$out")"
  fi
done
[ "$failures" -eq 0 ]
