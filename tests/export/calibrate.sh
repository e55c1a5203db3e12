#!/usr/bin/env bash
# calibrate and --machine as a user meets them: help, exit codes, messages and
# the profile file, with a stand-in interpreter (tests/export/fake_python.sh)
# that prints a real calibration report: no timing. The real interpreter's
# run is tests/export/calibrate_python.sh.
set -uo pipefail
bin=$1
source tests/expect.sh
fake="--python tests/export/fake_python.sh"

expect "calibrate help" 0 "Usage: gilsim calibrate [options]" -- "$bin" calibrate --help
expect "general help lists calibrate" 0 "gilsim calibrate [-o FILE]" -- "$bin" --help
expect "calibrate too few runs" 2 "error: calibrate: --runs must be from 10 to 2000" -- "$bin" calibrate --runs 5
expect "calibrate unknown option" 2 "error: calibrate: unrecognised option '--cores'" -- "$bin" calibrate --cores 2
expect "calibrate takes no scenario" 2 "error: calibrate: too many positional options" -- \
  "$bin" calibrate scenarios/convoy_effect.json
expect "calibrate to a missing folder" 2 "nowhere/machine.json" -- "$bin" calibrate -o "$tmp/nowhere/machine.json"
expect "calibrate without the interpreter" 7 \
  "error: calibrate: nosuchpython could not be started: nosuchpython: No such file or directory" -- \
  "$bin" calibrate --python nosuchpython
expect "calibrate of a failing program" 7 "error: calibrate: tests/export/fake_python.sh exited with code 1" -- \
  env FAKE_PYTHON=fail "$bin" calibrate $fake
grep -qF "  | RuntimeError: boom" "$tmp/err" || fail "calibrate does not show the program's stderr"
expect "calibrate of a program without a report" 7 "printed no usable report: its stdout is not JSON" -- \
  env FAKE_PYTHON=garbage "$bin" calibrate $fake
expect "calibrate of an incomplete report" 7 "printed no usable report: its report lacks measurements/wakeup" -- \
  env FAKE_PYTHON=calibrate_incomplete "$bin" calibrate $fake

# The profile on stdout: the medians of the report, rounded (tests/export/calibrate_report.json).
expect "calibrate to stdout" 0 '"gilsim_machine_profile": 1' -- env FAKE_PYTHON=calibrate "$bin" calibrate $fake
cp "$tmp/out" "$tmp/stdout-profile.json"
for pattern in '"timer_slack": "62us"' '"handoff_latency": "' '"wakeup": "16us"' '"print": "1.1us"' \
    '"process_start": "' '"measurements": {' '"notes": \['; do
  grep -qE -- "$pattern" "$tmp/stdout-profile.json" || fail "the profile lacks $pattern"
done
[ ! -s "$tmp/err" ] || { fail "calibrate wrote to stderr when it is not a terminal"; cat "$tmp/err"; }

# -o appears whole or not at all: a failed calibration leaves an existing file as it was.
mkdir "$tmp/o"
echo "precious" > "$tmp/o/machine.json"
expect "failed calibrate keeps the file" 7 "exited with code 1" -- \
  env FAKE_PYTHON=fail "$bin" calibrate $fake -o "$tmp/o/machine.json"
[ "$(cat "$tmp/o/machine.json")" = precious ] || fail "a failed calibrate changed the output file"
expect "calibrate to a file" 0 "wrote $tmp/o/machine.json" -- \
  env FAKE_PYTHON=calibrate "$bin" calibrate $fake -o "$tmp/o/machine.json"
grep -qE '^  costs.wakeup +16us +\(9.6us to 1.08ms, 10 samples\)$' "$tmp/out" || { fail "no summary of the settings"; cat "$tmp/out"; }
cmp -s "$tmp/o/machine.json" "$tmp/stdout-profile.json" || fail "-o wrote another profile than stdout shows"
[ "$(ls "$tmp/o")" = machine.json ] || { fail "-o left other files"; ls "$tmp/o"; }
profile="$tmp/o/machine.json"

# --machine: the profile fills in what the scenario does not set, in run, compare and verify.
expect "run --machine" 0 "timer slack 62.000 us" -- "$bin" run scenarios/convoy_effect.json --machine "$profile"
expect "compare --machine" 0 "makespan" -- "$bin" compare scenarios/convoy_effect.json --machine "$profile" --cores 2
expect "verify --machine" 6 ", --machine $profile" -- \
  env FAKE_PYTHON=swapped "$bin" verify scenarios/tutorial/some_func.json --machine "$profile" $fake --runs 1
expect "run --machine missing" 2 "error: $tmp/none.json: cannot read: No such file or directory" -- \
  "$bin" run scenarios/convoy_effect.json --machine "$tmp/none.json"
expect "run --machine of a scenario" 2 \
  'error: scenarios/convoy_effect.json: /: missing key "gilsim_machine_profile" (a machine profile starts with' -- \
  "$bin" run scenarios/convoy_effect.json --machine scenarios/convoy_effect.json
echo '{"gilsim_machine_profile": 1, "gil": {"switch_interval": "1ms"}}' > "$tmp/bad.json"
for command in run compare verify; do
  expect "$command --machine with a bad key" 2 \
    "error: $tmp/bad.json: /gil: unknown key \"switch_interval\" in the machine's gil settings (valid keys: handoff_latency" -- \
    "$bin" $command scenarios/convoy_effect.json --machine "$tmp/bad.json"
done

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
