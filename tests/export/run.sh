#!/usr/bin/env bash
# The exported program of tests/export/every_step.json (every kind of step and
# primitive) runs to the end with an interpreter and reports what gilsim
# predicts it prints, line for line (order aside: times differ).
#   tests/export/run.sh GILSIM python3|python2.7
set -euo pipefail
gilsim=$1 interpreter=$2
source tests/export/interpreter.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scenario=tests/export/every_step.json
"$gilsim" export-python "$scenario" -o "$tmp/program.py"
timeout 60 "$interpreter" "$tmp/program.py" > "$tmp/measured.json" 2> "$tmp/stderr" || {
  echo "FAIL: the program exited with $?"; cat "$tmp/stderr"; exit 1; }
"$gilsim" run "$scenario" --format json > "$tmp/predicted.json"
python3 - "$tmp/predicted.json" "$tmp/measured.json" <<'PY'
import json, re, sys
predicted, measured = (json.load(open(path)) for path in sys.argv[1:3])
assert measured["outcome"] == "completed", measured["outcome"]
assert not measured["errors"], measured["errors"]
lines = lambda run: sorted((l["process"], l["thread"], re.sub(r"[0-9.]+(ns|us|ms|s)\b", "T", l["text"])) for l in run["output"])
assert lines(predicted) == lines(measured), (lines(predicted), lines(measured))
names = lambda run: [(t["process"], t["thread"]) for t in run["threads"]]
assert names(predicted) == names(measured), (names(predicted), names(measured))
assert all(t["finish_ns"] is not None for t in measured["threads"])
print("ok: %d lines, %d threads, %s %s" % (len(measured["output"]), len(measured["threads"]),
      measured["python"]["implementation"], measured["python"]["version"]))
PY

# Each stdout buffering writes every printed line to stderr: at once (line,
# unbuffered: the text and its newline apart) or when the process ends (block).
for buffering in line unbuffered block; do
  cat > "$tmp/stdout.json" <<JSON
{"name": "stdout $buffering", "stdout": "$buffering", "processes": [{"name": "app", "threads": [
  {"name": "main", "steps": [{"print": "first"}, {"compute": "1ms", "gil": "hold"}, {"print": "second"}]}]}]}
JSON
  "$gilsim" export-python "$tmp/stdout.json" -o "$tmp/stdout.py"
  timeout 60 "$interpreter" "$tmp/stdout.py" > "$tmp/stdout.out" 2> "$tmp/stdout.err"
  if [ "$(grep -v '^not reproduced' "$tmp/stdout.err")" != "$(printf 'first\nsecond')" ]; then
    echo "FAIL: stdout $buffering wrote:"; cat "$tmp/stdout.err"; exit 1
  fi
done
echo "ok: stdout line, unbuffered and block"
