#!/usr/bin/env bash
# The exported program of tests/export/mp_shared.json (every kind of the
# scenario's mp_shared, docs/mp-shared.md) and the shipped scenarios that use
# them run to the end with python3, by fork and by spawn, and report what
# gilsim predicts: the same threads, every printed line, and a lock that
# really excludes (c has the gate only after a released it).
#   tests/export/mp_shared.sh GILSIM
set -euo pipefail
gilsim=$1
interpreter=$(python3 -c 'import sys; print(sys.executable)')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for method in fork spawn; do
  for scenario in tests/export/mp_shared.json scenarios/processes/shared_counter.json \
      scenarios/processes/shared_memory_workers.json; do
    python3 -c 'import json, sys; s = json.load(open(sys.argv[1])); s["start_method"] = sys.argv[2]; json.dump(s, open(sys.argv[3], "w"))' \
      "$scenario" "$method" "$tmp/scenario.json"
    "$gilsim" export-python "$tmp/scenario.json" -o "$tmp/program.py"
    timeout 120 "$interpreter" "$tmp/program.py" > "$tmp/measured.json" 2> "$tmp/stderr" || {
      echo "FAIL $scenario ($method): the program exited with $?"; cat "$tmp/stderr"; exit 1; }
    if grep -q "leaked\|Traceback" "$tmp/stderr"; then
      echo "FAIL $scenario ($method): the program complained"; cat "$tmp/stderr"; exit 1; fi
    "$gilsim" run "$tmp/scenario.json" --format json > "$tmp/predicted.json"
    python3 - "$scenario" "$method" "$tmp/predicted.json" "$tmp/measured.json" <<'PY'
import json, sys
scenario, method, (predicted, measured) = sys.argv[1], sys.argv[2], (json.load(open(path)) for path in sys.argv[3:5])
assert measured["outcome"] == "completed", (measured["outcome"], measured["errors"], measured["program_errors"])
assert predicted["outcome"] == "completed", predicted["outcome"]
lines = lambda run: sorted((l["process"], l["thread"], l["text"].split(" at ")[0]) for l in run["output"])
assert lines(predicted) == lines(measured), (lines(predicted), lines(measured))
names = lambda run: [(t["process"], t["thread"]) for t in run["threads"]]
assert names(predicted) == names(measured), (names(predicted), names(measured))
assert all(t["finish_ns"] is not None for t in measured["threads"]), measured["threads"]
at = dict((l["process"], l["time_ns"]) for l in measured["output"])
if "c" in at:  # the gate excluded c while a held it
    assert at["a"] <= at["c"], at
print("ok: %s (%s): %d lines, %d threads" % (scenario, method, len(measured["output"]), len(measured["threads"])))
PY
  done
done
