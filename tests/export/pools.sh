#!/usr/bin/env bash
# The exported programs of tests/export/thread_pool.json and process_pool.json
# (concurrent.futures executors) run to the end with python3 and report what
# gilsim predicts: the same threads and processes, pool workers named as
# gilsim names them (pool-1 ...), every printed line (which worker prints a
# task's line is the machine's choice: copies count as one).
#   tests/export/pools.sh GILSIM
set -euo pipefail
gilsim=$1
interpreter=$(python3 -c 'import sys; print(sys.executable)')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for scenario in tests/export/thread_pool.json tests/export/process_pool.json; do
  "$gilsim" export-python "$scenario" -o "$tmp/program.py"
  timeout 60 "$interpreter" "$tmp/program.py" > "$tmp/measured.json" 2> "$tmp/stderr" || {
    echo "FAIL $scenario: the program exited with $?"; cat "$tmp/stderr"; exit 1; }
  "$gilsim" run "$scenario" --format json > "$tmp/predicted.json"
  python3 - "$scenario" "$tmp/predicted.json" "$tmp/measured.json" <<'PY'
import json, re, sys
scenario, (predicted, measured) = sys.argv[1], (json.load(open(path)) for path in sys.argv[2:4])
assert measured["outcome"] == "completed", measured["outcome"]
assert not measured["errors"], measured["errors"]
spec = lambda name: re.sub(r"\bpool-[0-9]+\b", "pool", name)
lines = lambda run: sorted((spec(l["process"]), spec(l["thread"]), spec(l["text"])) for l in run["output"])
assert lines(predicted) == lines(measured), (lines(predicted), lines(measured))
names = lambda run: [(t["process"], t["thread"]) for t in run["threads"]]
assert names(predicted) == names(measured), (names(predicted), names(measured))
# Every thread finished but the process pool's manager and feeder, which are CPython's own.
timed = [t for t in measured["threads"] if not t["thread"].endswith(("-manager", "-feeder"))]
assert all(t["finish_ns"] is not None for t in timed), timed
assert [t["thread"] for t in timed if t["process"] == "app"][:2] == ["main", "client"], timed
print("ok: %s: %d lines, %d threads, %s %s" % (scenario, len(measured["output"]), len(measured["threads"]),
      measured["python"]["implementation"], measured["python"]["version"]))
PY
done
