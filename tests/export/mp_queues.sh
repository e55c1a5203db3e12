#!/usr/bin/env bash
# The exported programs of tests/export/mp_queues.json (a Queue, a SimpleQueue
# and a pipe between three processes) and the shipped scenarios of
# scenarios/processes that end (docs/mp-queues.md) run to the end with python3
# and report what gilsim predicts: the same threads and processes (a Queue's
# feeder thread untimed: CPython's own), every printed line.
#   tests/export/mp_queues.sh GILSIM
set -euo pipefail
gilsim=$1
interpreter=$(python3 -c 'import sys; print(sys.executable)')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for scenario in tests/export/mp_queues.json scenarios/processes/join_after_get.json \
    scenarios/processes/producer_consumers.json; do
  "$gilsim" export-python "$scenario" -o "$tmp/program.py"
  timeout 60 "$interpreter" "$tmp/program.py" > "$tmp/measured.json" 2> "$tmp/stderr" || {
    echo "FAIL $scenario: the program exited with $?"; cat "$tmp/stderr"; exit 1; }
  "$gilsim" run "$scenario" --format json > "$tmp/predicted.json"
  python3 - "$scenario" "$tmp/predicted.json" "$tmp/measured.json" <<'PY'
import json, sys
scenario, (predicted, measured) = sys.argv[1], (json.load(open(path)) for path in sys.argv[2:4])
assert measured["outcome"] == "completed", measured["outcome"]
assert not measured["errors"], measured["errors"]
assert predicted["outcome"] == "completed", predicted["outcome"]
lines = lambda run: sorted((l["process"], l["thread"], l["text"]) for l in run["output"])
assert lines(predicted) == lines(measured), (lines(predicted), lines(measured))
names = lambda run: [(t["process"], t["thread"]) for t in run["threads"]]
assert names(predicted) == names(measured), (names(predicted), names(measured))
timed = [t for t in measured["threads"] if not t["thread"].endswith("-feeder")]
assert all(t["finish_ns"] is not None for t in timed), timed
assert any(t["thread"].endswith("-feeder") for t in measured["threads"]), "no Queue feeder thread"
print("ok: %s: %d lines, %d threads" % (scenario, len(measured["output"]), len(measured["threads"])))
PY
done
