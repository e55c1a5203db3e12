#!/usr/bin/env bash
# The command line as a user meets it: help, exit codes, messages, output files.
set -uo pipefail
bin=$1
source tests/expect.sh

expect "general help" 0 "gilsim run SCENARIO" -- "$bin" --help
expect "run help" 0 "--format" -- "$bin" run --help
expect "no command" 2 "Usage" -- "$bin"
expect "unknown command" 2 'unknown command "rnu"' -- "$bin" rnu x.json
expect "missing scenario" 2 "missing SCENARIO" -- "$bin" run
expect "unknown option" 2 "unrecognised option" -- "$bin" run scenarios/free_threaded.json --colour
expect "bad format" 2 'unknown --format "yaml" (valid: text, json, summary, events, chrome, html)' -- "$bin" run scenarios/free_threaded.json --format yaml
expect "bad cores" 2 "--cores must be from 1" -- "$bin" run scenarios/free_threaded.json --cores 0
expect "missing file" 2 "nope.json: cannot read" -- "$bin" run nope.json
expect "typo" 2 'error: tests/cli/typo.json: /processes/0/threads/0/steps/1: unknown step "comptue" (did you mean "compute"?)' -- "$bin" run tests/cli/typo.json
expect "truncated" 2 "error: tests/cli/truncated.json:5:1:" -- "$bin" run tests/cli/truncated.json
expect "validate ok" 0 'ok: "free-threaded Python", 1 process, 5 threads, 4 cores' -- "$bin" validate scenarios/free_threaded.json
expect "validate bad" 2 "unknown step" -- "$bin" validate tests/cli/typo.json
expect "deadlock" 3 "deadlock at 3.000 ms: app/a waits to join app/b; app/b waits to join app/a" -- "$bin" run tests/cli/join_cycle.json --format json
expect "program error" 5 "program error at 3.000 ms: app/main: release(L): RuntimeError: release unlocked lock" -- "$bin" run tests/bad/sync_release_unheld.json --format summary
expect "compare --cores vs cpus" 2 "point 1 (2 cores): /processes/0/threads/0/cpus/0: core 3 does not exist (thread p/a; the run has 2 cores: 0 to 1)" -- "$bin" compare tests/bad/cpus_out_of_range_cores_option.json --cores 2,4 --quiet
expect "compare reference run vs cpus" 2 "the 1-core reference run: /processes/0/threads/0/cpus/0: core 3 does not exist" -- "$bin" compare tests/bad/cpus_out_of_range_cores_option.json --cores 4 --quiet
expect "compare program error" 5 "point 1 (1 core): program error at 3.000 ms" -- "$bin" compare tests/bad/sync_release_unheld.json --cores 1,2 --quiet
expect "runaway, time limit" 4 "--max-time 1s reached" -- "$bin" run tests/cli/runaway.json --max-time 1s --format events
expect "runaway, event limit" 4 "--max-events 1000 reached" -- "$bin" run tests/cli/runaway.json --max-events 1000
expect "cores override" 0 "" -- "$bin" run scenarios/cpu_bound/processes-1-core.json --cores 4 --format json -o "$tmp/four.json"
# Four processes of 100 ms on 4 cores: 100 ms after the last one's start (three spawns of
# costs.process_start 800 us each, then costs.process_start_latency 1.6 ms: 104 ms).
if ! grep -q '"makespan_ns": 104000000' "$tmp/four.json"; then echo "FAIL cores override: makespan not 104 ms"; failures=$((failures+1)); fi

# Output files appear whole or not at all, and never replace a good file on failure.
echo "precious" > "$tmp/keep.txt"
expect "limit keeps old file" 4 "" -- "$bin" run tests/cli/runaway.json --max-events 1000 -o "$tmp/keep.txt"
if [ "$(cat "$tmp/keep.txt")" != precious ]; then echo "FAIL: an aborted run replaced the output file"; failures=$((failures+1)); fi
expect "missing folder" 2 "cannot write here" -- "$bin" run scenarios/free_threaded.json -o "$tmp/no/such/dir/out.txt"
if ls -A "$tmp" | grep -c '\.tmp-' > /dev/null; then echo "FAIL: a temporary file was left behind"; failures=$((failures+1)); fi
expect "write file" 0 "" -- "$bin" run scenarios/free_threaded.json -o "$tmp/out.txt" --width 80
if ! grep -q "free-threaded Python" "$tmp/out.txt"; then echo "FAIL: output file lacks the report"; failures=$((failures+1)); fi

# Limits are checked alike by every command: -1 is no "no limit".
expect "validate --max-threads -1" 2 "validate: --max-threads must be from 0 to 4000000000" -- "$bin" validate scenarios/free_threaded.json --max-threads -1
expect "compare --max-events -1" 2 "compare: --max-events must be from 0 to 9223372036854775807" -- "$bin" compare tests/cli/runaway.json --max-events -1
expect "compare --max-threads" 2 "error: scenarios/free_threaded.json: /processes/0/threads: the scenario has 5 threads once copies are made, more than the limit of 4" -- "$bin" compare scenarios/free_threaded.json --max-threads 4 --quiet
expect "compare zero-time loop" 4 "--max-events 100000 reached" -- "$bin" compare tests/cli/prints.json --cores 1 --max-events 100000 --quiet

# Option values never reach a message raw, and --set errors name the file.
expect "compare --set not UTF-8" 2 'error: scenarios/free_threaded.json: --set "gil.switch_interval=<0xFF>ms": bytes that are not UTF-8' -- "$bin" compare scenarios/free_threaded.json --set $'gil.switch_interval=\xffms' --quiet
expect "compare --set newline" 2 'error: scenarios/free_threaded.json: --set "quantum=1ms\n": a control character' -- "$bin" compare scenarios/free_threaded.json --set $'quantum=1ms\n' --quiet
expect "compare --set bad value names the file" 2 'error: scenarios/free_threaded.json: --set quantum=5: /scheduler/quantum: expected a duration string' -- "$bin" compare scenarios/free_threaded.json --set quantum=5 --quiet
expect "compare --set bad path names the file" 2 'error: scenarios/free_threaded.json: --set =1: empty path' -- "$bin" compare scenarios/free_threaded.json --set =1 --quiet
expect "compare --gil raw byte" 2 'compare: --gil: "<0xFF>" is not a GIL setting' -- "$bin" compare scenarios/free_threaded.json --gil $'\xff' --quiet
expect "compare --cores newline" 2 'compare: --cores: "1\n2" is not a core count' -- "$bin" compare scenarios/free_threaded.json --cores $'1\n2' --quiet
expect "compare --metric unknown kind" 2 'compare: --metric "lag": unknown metric "lag"' -- "$bin" compare scenarios/convoy_effect.json --metric lag --quiet
expect "compare --metric not modelled yet" 2 '"loop_lag" is not available yet: it needs asyncio event loops' -- "$bin" compare scenarios/convoy_effect.json --metric loop_lag --quiet
expect "compare --metric unknown thread" 2 'no thread or process named "io" (threads: io_thread, cpu_thread' -- "$bin" compare scenarios/convoy_effect.json --metric finish:io --quiet
expect "compare --metric deadlock" 3 "deadlock at 3.000 ms" -- "$bin" compare tests/cli/join_cycle.json --cores 1 --metric finish:a --quiet
if LC_ALL=C grep -q $'\xff' "$tmp/err"; then echo "FAIL: a raw byte reached a message"; failures=$((failures+1)); fi
expect "durations in minutes and hours" 0 "" -- "$bin" validate tests/cli/hours.json

# The printed lines kept for the report have a budget; events keeps none.
expect "output budget" 4 'error: tests/cli/prints.json: stopped at 0 ns: the printed lines kept for the report passed --max-output 100000 bytes; raise it (e.g. --max-output 1000000) or use --format events, which keeps nothing' -- "$bin" run tests/cli/prints.json --max-output 100000 --format summary
expect "events keep no output" 4 "--max-events 300000 reached" -- "$bin" run tests/cli/prints.json --max-output 100000 --max-events 300000 --format events -o /dev/null

# Out of memory is a limit (exit 4) with what was in use, never exit 1. ASan
# reserves terabytes of address space, so ulimit -v cannot test it there.
# (grep -c, not -q: under pipefail, grep -q leaving early kills nm with SIGPIPE
# and the test wrongly believed the build had no ASan.)
asan_symbols=$( { nm -D "$(realpath "$bin")"; nm "$(realpath "$bin")"; } 2>/dev/null | grep -c __asan_init)
if [ "${asan_symbols:-0}" -gt 0 ]; then
  echo "skipped (not counted): out of memory under ulimit -v, in an ASan build"
else
  expect "out of memory" 4 "error: tests/cli/many_threads.json: ran out of memory with about" -- bash -c "ulimit -v 300000; exec \"$bin\" run tests/cli/many_threads.json --format json"
  # One job of this grid needs about 350 MB, two about 615 MB: under 400 MB compare runs them one at a time.
  expect "compare jobs within memory" 0 "" -- bash -c "ulimit -v 400000; exec \"$bin\" compare tests/cli/many_threads.json --cores 1,2 --jobs 2 --quiet"
fi

# cfs places a woken thread in O(log cores): 100,000 cores and threads, 600,000
# wake-ups and computes take about as long as under round_robin (0.6 s each in
# a Release build; cfs took 56 s when each wake-up scanned every core). A
# ratio, so that a loaded or sanitized build does not fail it.
start=$(date +%s%N)
expect "round_robin on 100,000 cores" 0 "" -- "$bin" run tests/cli/rr_many_cores.json --format summary -o /dev/null
middle=$(date +%s%N)
expect "cfs on 100,000 cores" 0 "" -- "$bin" run tests/cli/cfs_many_cores.json --format summary -o /dev/null
end=$(date +%s%N)
if [ $(( (end - middle) / 1000000 )) -gt $(( 10 * (middle - start) / 1000000 + 2000 )) ]; then
  echo "FAIL: cfs on 100,000 cores took $(( (end - middle) / 1000000 )) ms, over 10 times round_robin's $(( (middle - start) / 1000000 )) ms"
  failures=$((failures+1))
fi

# Widths (issue 19). A text report in a file is 80 columns (or --width), never
# the width of the terminal it was made in; on a terminal, $COLUMNS or the
# terminal's own width.
widest() { awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$1"; }
scenario=scenarios/two_cpu_bound_threads.json
"$bin" run "$scenario" --width 80 > "$tmp/w80.txt"
COLUMNS=132 python3 tests/cli/in_terminal.py 120 "$bin" run "$scenario" -o "$tmp/file.txt" > /dev/null
if cmp -s "$tmp/w80.txt" "$tmp/file.txt"; then passed=$((passed+1)); else fail "-o FILE from a 120-column terminal is not the 80-column report"; fi
COLUMNS=132 "$bin" run "$scenario" > "$tmp/pipe.txt"
if cmp -s "$tmp/w80.txt" "$tmp/pipe.txt"; then passed=$((passed+1)); else fail "a pipe does not get the 80-column report"; fi
COLUMNS=132 python3 tests/cli/in_terminal.py 120 "$bin" run "$scenario" > "$tmp/tty132.txt"
if [ "$(widest "$tmp/tty132.txt")" -eq 132 ]; then passed=$((passed+1)); else fail "\$COLUMNS=132 on a terminal: widest line $(widest "$tmp/tty132.txt")"; fi
env -u COLUMNS python3 tests/cli/in_terminal.py 100 "$bin" run "$scenario" > "$tmp/tty100.txt"
if [ "$(widest "$tmp/tty100.txt")" -eq 100 ]; then passed=$((passed+1)); else fail "a 100-column terminal: widest line $(widest "$tmp/tty100.txt")"; fi
COLUMNS=132 python3 tests/cli/in_terminal.py 120 "$bin" run "$scenario" --width 90 > "$tmp/tty90.txt"
if [ "$(widest "$tmp/tty90.txt")" -eq 90 ]; then passed=$((passed+1)); else fail "--width 90 on a terminal: widest line $(widest "$tmp/tty90.txt")"; fi
# compare's table folds to the width: 80 in a pipe, one block at --width 160.
"$bin" compare scenarios/compare/cpu_pool_threads.json --gil on,off --quiet > "$tmp/cmp80.txt"
if [ "$(widest "$tmp/cmp80.txt")" -le 80 ] && [ "$(grep -c '^#  gil  cores' "$tmp/cmp80.txt")" -eq 2 ]; then passed=$((passed+1))
else fail "compare in a pipe: widest line $(widest "$tmp/cmp80.txt"), table not in two blocks"; fi
"$bin" compare scenarios/compare/cpu_pool_threads.json --gil on,off --quiet --width 160 > "$tmp/cmp160.txt"
if [ "$(grep -c '^#  gil  cores' "$tmp/cmp160.txt")" -eq 1 ]; then passed=$((passed+1)); else fail "compare --width 160 still folds its table"; fi
# A name in another script keeps its characters and its columns.
"$bin" run tests/cli/utf8_names.json --width 80 > "$tmp/utf8.txt"
if grep -q "caf\\x" "$tmp/utf8.txt"; then fail "UTF-8 names escaped in the text report"; else passed=$((passed+1)); fi
if grep -q "^A café/处理  " "$tmp/utf8.txt" && grep -q "^café/处理  " "$tmp/utf8.txt"; then passed=$((passed+1))
else fail "UTF-8 names not laid out by their display width"; fi

echo "cli: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
