#!/usr/bin/env bash
# export-python and verify as a user meets them: help, exit codes, messages,
# output files. (verify's real runs are in tests/export/verify.sh.)
set -uo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0 passed=0

# expect NAME EXIT_CODE OUTPUT_SUBSTRING -- COMMAND...
expect() {
  local name=$1 code=$2 needle=$3; shift 4
  local status=0
  "$@" > "$tmp/out" 2> "$tmp/err" || status=$?
  if [ "$status" -ne "$code" ]; then
    echo "FAIL $name: exit $status, expected $code"; sed 's/^/  stderr: /' "$tmp/err"; failures=$((failures+1)); return
  fi
  if [ -n "$needle" ] && ! grep -qF -- "$needle" "$tmp/err" "$tmp/out"; then
    echo "FAIL $name: output lacks: $needle"; sed 's/^/  stderr: /' "$tmp/err"; failures=$((failures+1)); return
  fi
  passed=$((passed+1))
}

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

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
