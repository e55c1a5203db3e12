#!/usr/bin/env bash
# export-python and verify as a user meets them: help, exit codes, messages,
# output files. (verify's real runs are in tests/export/verify.sh.)
set -uo pipefail
bin=$1
source tests/expect.sh

expect "export help" 0 "Usage: gilsim export-python SCENARIO" -- "$bin" export-python --help
expect "general help lists export-python" 0 "gilsim export-python SCENARIO" -- "$bin" --help
expect "export typo" 2 'error: tests/cli/typo.json: /processes/0/threads/0/steps/1: unknown step "comptue"' -- \
  "$bin" export-python tests/cli/typo.json
expect "export truncated" 2 "error: tests/cli/truncated.json:5:1:" -- "$bin" export-python tests/cli/truncated.json
expect "export missing file" 2 "nope.json: cannot read" -- "$bin" export-python nope.json
expect "export missing scenario" 2 "missing SCENARIO" -- "$bin" export-python
expect "export bad cores" 2 "--cores must be from 1" -- "$bin" export-python scenarios/convoy_effect.json --cores 0
expect "export cores vs cpus" 2 "--cores 2: /processes/0/threads/0/cpus/0: core 3 does not exist" -- \
  "$bin" export-python tests/bad/cpus_out_of_range_cores_option.json --cores 2
expect "export bad time scale" 2 '--time-scale: "fast" is not a number' -- \
  "$bin" export-python scenarios/convoy_effect.json --time-scale fast
expect "export zero time scale" 2 "--time-scale: must be above 0" -- \
  "$bin" export-python scenarios/convoy_effect.json --time-scale 0
expect "export to a missing folder" 2 "nowhere/prog.py" -- \
  "$bin" export-python scenarios/convoy_effect.json -o "$tmp/nowhere/prog.py"
expect "export to stdout" 0 "def io_thread(me):" -- "$bin" export-python scenarios/convoy_effect.json
expect "export notes its options" 0 "# with --cores 1 --time-scale 0.5" -- \
  "$bin" export-python scenarios/convoy_effect.json --cores 1 --time-scale 0.5

# -o appears whole or not at all: a failed export leaves an existing file as it was.
echo "precious" > "$tmp/prog.py"
expect "failed export keeps the file" 2 "unknown step" -- "$bin" export-python tests/cli/typo.json -o "$tmp/prog.py"
if [ "$(cat "$tmp/prog.py")" != precious ]; then echo "FAIL: a failed export changed the output file"; failures=$((failures+1)); fi
expect "export to a file" 0 "" -- "$bin" export-python scenarios/convoy_effect.json -o "$tmp/prog.py"
if ! grep -q "^def io_thread(me):" "$tmp/prog.py" || ls "$tmp" | grep -qv '^prog.py$\|^out$\|^err$'; then
  echo "FAIL: -o did not write the program alone"; ls "$tmp"; failures=$((failures+1))
fi

# verify: options, refusals, verdicts and failures (with a stand-in interpreter: no timing).
tutorial=scenarios/tutorial/some_func.json
expect "verify help" 0 "Usage: gilsim verify SCENARIO" -- "$bin" verify --help
expect "general help lists verify" 0 "gilsim verify SCENARIO" -- "$bin" --help
expect "verify bad format" 2 'verify: unknown --format "html" (valid: text, json)' -- "$bin" verify $tutorial -f html
expect "verify no runs" 2 "--runs must be from 1 to 1000" -- "$bin" verify $tutorial --runs 0
expect "verify negative tolerance" 2 "--tolerance must be 0 or more" -- "$bin" verify $tutorial --tolerance -1
expect "verify bad time scale" 2 "verify: --time-scale:" -- "$bin" verify $tutorial --time-scale x
expect "verify typo" 2 'error: tests/cli/typo.json: /processes/0/threads/0/steps/1: unknown step' -- \
  "$bin" verify tests/cli/typo.json
cores=$(python3 -c 'import os; print(len(os.sched_getaffinity(0)))')
expect "verify refuses more cores than the machine has" 2 \
  "asks for $((cores + 1)) cores, and this machine lets programs use $cores (sched_getaffinity)" -- \
  "$bin" verify $tutorial --cores $((cores + 1))
expect "verify without the interpreter" 7 "run 1 of 5: nosuchpython could not be started: nosuchpython: No such file" -- \
  "$bin" verify $tutorial --python nosuchpython
expect "verify of a failing program" 7 "exited with code 1" -- \
  env FAKE_PYTHON=fail "$bin" verify $tutorial --python tests/export/fake_python.sh
if ! grep -qF "  | RuntimeError: boom" "$tmp/err"; then echo "FAIL: verify does not show the program's stderr"; failures=$((failures+1)); fi
expect "verify of a program without a report" 7 "printed no report: its stdout is not JSON" -- \
  env FAKE_PYTHON=garbage "$bin" verify $tutorial --python tests/export/fake_python.sh --runs 1
expect "verify: another order" 6 \
  'First difference, run 1, line 2: predicted script/main "2", printed script/thread1 "Finished running some_func."' -- \
  env FAKE_PYTHON=swapped "$bin" verify $tutorial --python tests/export/fake_python.sh --runs 2
for pattern in "^makespan +2\.000 s +2\.000 s +2\.000 s +2\.000 s +[-+]0\.0[0-9] %$" "^  - a note from the fake$" \
    "^verdict: DISAGREES: makespan [-+]0\.0[0-9] %, within"; do
  if ! grep -qE -- "$pattern" "$tmp/out"; then echo "FAIL verify report lacks: $pattern"; cat "$tmp/out"; failures=$((failures+1)); fi
done
expect "verify json" 6 '"verdict": "disagrees"' -- \
  env FAKE_PYTHON=swapped "$bin" verify $tutorial --python tests/export/fake_python.sh --runs 1 -f json
expect "verify: beyond the tolerance" 6 "not within" -- \
  env FAKE_PYTHON=swapped "$bin" verify $tutorial --python tests/export/fake_python.sh --runs 1 --tolerance 0.0001

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
