#!/usr/bin/env bash
# Files in and out when things go wrong: an interrupted run, a FIFO, a folder,
# a symbolic link (dangling too), an endless input, a full disk, a closed
# standard output, a read-only file, the scenario itself as output, long
# names, standard input and output as "-". The plain cases (missing folder, a
# limit keeping the old file) are in tests/cli.sh.
set -uo pipefail
bin=$(realpath "$1")
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
reader=
trap '[ -n "$reader" ] && kill "$reader" 2>/dev/null; rm -rf "$tmp"' EXIT
failures=0 passed=0
check() {  # NAME STATUS (take $? before a message with $(...) in it)
  if [ "$2" -eq 0 ]; then passed=$((passed+1)); else echo "FAIL $1"; failures=$((failures+1)); fi
}
no_temporaries() { ! ls -A "$tmp" | grep -q '\.tmp-'; }

# Interrupted: Ctrl-C, kill or a closed terminal while the simulation runs
# leaves the old file as it was and no temporary file behind.
for signal in INT TERM HUP QUIT PIPE; do
  echo precious > "$tmp/keep.txt"
  # (env: a background job of a script starts with SIGINT and SIGQUIT ignored, and CI may ignore SIGPIPE)
  env --default-signal=INT,QUIT,PIPE "$bin" run tests/cli/runaway.json --max-time 1000000s --max-events 1000000000000 -o "$tmp/keep.txt" 2> /dev/null &
  pid=$!
  for _ in $(seq 100); do ls -A "$tmp" | grep -q '\.tmp-' && break; sleep 0.05; done
  sleep 0.2
  kill -"$signal" "$pid"
  wait "$pid"; status=$?
  [ "$status" -gt 128 ]; check "SIG$signal: the run should die of the signal (exit $status)" $?
  [ "$(cat "$tmp/keep.txt")" = precious ]; check "SIG$signal: the old file was replaced" $?
  no_temporaries; check "SIG$signal: a temporary file was left behind" $?
done

# A FIFO is written to, not replaced by a regular file.
mkfifo "$tmp/fifo"
timeout 20 cat "$tmp/fifo" > "$tmp/from_fifo" &
reader=$!
"$bin" run scenarios/free_threaded.json --format events -o "$tmp/fifo"; ok=$?; check "fifo: exit $ok" $ok
wait "$reader"; reader=
[ -p "$tmp/fifo" ]; check "fifo: no longer a FIFO" $?
grep -q " end$" "$tmp/from_fifo"; check "fifo: the reader did not get the events" $?

# A folder is refused before the run, with the reason.
"$bin" run scenarios/free_threaded.json -o "$tmp" 2> "$tmp/err"; status=$?
[ "$status" -eq 2 ] && grep -qF "$tmp: is a folder (give the name of a file" "$tmp/err"; ok=$?; check "folder: exit $status, $(cat "$tmp/err")" $ok

# Through a symbolic link the file it names is replaced; the link stays, and
# the file keeps its permissions.
echo old > "$tmp/real.txt"
chmod 640 "$tmp/real.txt"
ln -s real.txt "$tmp/link.txt"
"$bin" run scenarios/free_threaded.json --format events -o "$tmp/link.txt"; ok=$?; check "link: exit $ok" $ok
[ -L "$tmp/link.txt" ] && grep -q " end$" "$tmp/real.txt"; check "link: the link was replaced or the file not written" $?
[ "$(stat -c %a "$tmp/real.txt")" = 640 ]; ok=$?; check "link: permissions changed to $(stat -c %a "$tmp/real.txt")" $ok
no_temporaries; check "a temporary file was left behind" $?

# An endless input is refused at 256 MiB instead of filling the memory.
"$bin" run /dev/zero 2> "$tmp/err"; status=$?
[ "$status" -eq 2 ] && grep -qF "error: /dev/zero: larger than 256 MiB" "$tmp/err"; ok=$?; check "/dev/zero: exit $status, $(cat "$tmp/err")" $ok
# Every command reads its scenario through the same reader, so validate and
# compare refuse it with the same message and exit code as run.
for command in validate compare; do
  "$bin" "$command" /dev/zero 2> "$tmp/err-$command"; status=$?
  [ "$status" -eq 2 ] && cmp -s "$tmp/err" "$tmp/err-$command"; ok=$?
  check "$command /dev/zero: exit $status, $(cat "$tmp/err-$command")" $ok
done

# A dangling symbolic link: the file it names is made, the link stays.
ln -s made.txt "$tmp/dangling.txt"
"$bin" run scenarios/free_threaded.json --format events -o "$tmp/dangling.txt"; ok=$?; check "dangling link: exit $ok" $ok
[ -L "$tmp/dangling.txt" ] && grep -q " end$" "$tmp/made.txt"; check "dangling link: replaced, or its target not made" $?

# A full disk or a closed standard output is an error with its reason, for
# every command and format, never exit 0 with the report lost.
for format in text json summary events chrome html; do
  "$bin" run scenarios/free_threaded.json --format "$format" > /dev/full 2> "$tmp/err"; status=$?
  [ "$status" -eq 2 ] && grep -qxF "error: standard output: write failed: No space left on device" "$tmp/err"; ok=$?
  check "run -f $format > /dev/full: exit $status, $(cat "$tmp/err")" $ok
done
"$bin" compare scenarios/compare/io_pool.json --cores 1,2 > /dev/full 2> "$tmp/err"; status=$?
[ "$status" -eq 2 ] && grep -qF "standard output: write failed: No space left on device" "$tmp/err"; ok=$?
check "compare > /dev/full: exit $status, $(cat "$tmp/err")" $ok
"$bin" validate scenarios/free_threaded.json > /dev/full 2> "$tmp/err"; status=$?
[ "$status" -eq 2 ] && grep -qF "standard output: write failed" "$tmp/err"; ok=$?; check "validate > /dev/full: exit $status" $ok
"$bin" run scenarios/free_threaded.json >&- 2> "$tmp/err"; status=$?
[ "$status" -eq 2 ] && grep -qxF "error: standard output: write failed: Bad file descriptor" "$tmp/err"; ok=$?
check "run >&-: exit $status, $(cat "$tmp/err")" $ok
"$bin" run scenarios/free_threaded.json -o /dev/full 2> "$tmp/err"; status=$?
[ "$status" -eq 2 ] && grep -qxF "error: /dev/full: write failed: No space left on device" "$tmp/err"; ok=$?
check "-o /dev/full: exit $status, $(cat "$tmp/err")" $ok

# A read-only file is refused, as a shell's > refuses it (root may write it,
# as root's > may); either way no temporary file stays.
echo old > "$tmp/readonly.txt"; chmod 444 "$tmp/readonly.txt"
"$bin" run scenarios/free_threaded.json -o "$tmp/readonly.txt" 2> "$tmp/err"; status=$?
if [ "$(id -u)" -eq 0 ]; then
  [ "$status" -eq 0 ] && grep -q "free-threaded" "$tmp/readonly.txt"; ok=$?
else
  [ "$status" -eq 2 ] && grep -qF "readonly.txt: cannot write: Permission denied" "$tmp/err" && [ "$(cat "$tmp/readonly.txt")" = old ]; ok=$?
fi
check "read-only -o: exit $status, $(cat "$tmp/err")" $ok
no_temporaries; check "read-only -o: a temporary file was left behind" $?

# -o naming the scenario itself (or a link to it) is refused; the scenario stays.
cp scenarios/free_threaded.json "$tmp/self.json"; ln -s self.json "$tmp/self-link.json"
for output in "$tmp/self.json" "$tmp/self-link.json"; do
  "$bin" run "$tmp/self.json" -o "$output" 2> "$tmp/err"; status=$?
  [ "$status" -eq 2 ] && grep -qF "is the scenario file itself" "$tmp/err" && cmp -s "$tmp/self.json" scenarios/free_threaded.json
  check "-o the scenario ($output): exit $status, $(cat "$tmp/err")" $?
done
"$bin" compare "$tmp/self.json" --cores 1 -o "$tmp/self.json" 2> "$tmp/err"; status=$?
[ "$status" -eq 2 ] && cmp -s "$tmp/self.json" scenarios/free_threaded.json; check "compare -o the scenario: exit $status" $?

# The longest legal file name (255 bytes) works, though the temporary name is longer.
long=$(printf 'r%.0s' $(seq 250)).txt
"$bin" run scenarios/free_threaded.json -o "$tmp/$long" 2> "$tmp/err"; status=$?
[ "$status" -eq 0 ] && grep -q "free-threaded" "$tmp/$long"; ok=$?; check "255-byte name: exit $status, $(cat "$tmp/err")" $ok
no_temporaries; check "255-byte name: a temporary file was left behind" $?

# "-": standard input and standard output; the format follows -o's extension.
"$bin" run - --format events < scenarios/free_threaded.json > "$tmp/stdin.events"; status=$?
"$bin" run scenarios/free_threaded.json --format events > "$tmp/file.events"
[ "$status" -eq 0 ] && cmp -s "$tmp/stdin.events" "$tmp/file.events"; check "run - < FILE: exit $status" $?
"$bin" run - < tests/cli/typo.json 2> "$tmp/err"; status=$?
[ "$status" -eq 2 ] && grep -qF 'error: <stdin>: /processes/0/threads/0/steps/1: unknown step' "$tmp/err"; ok=$?
check "run - with a bad scenario: exit $status, $(cat "$tmp/err")" $ok
"$bin" run scenarios/free_threaded.json --format events -o - > "$tmp/dash.events"; status=$?
[ "$status" -eq 0 ] && cmp -s "$tmp/dash.events" "$tmp/file.events" && [ ! -e ./- ]; check "-o -: exit $status" $?
"$bin" run scenarios/free_threaded.json -o "$tmp/page.html"; status=$?
[ "$status" -eq 0 ] && grep -q "<!DOCTYPE html>" "$tmp/page.html"; check "-o page.html picks html: exit $status" $?
"$bin" run scenarios/free_threaded.json -o "$tmp/report.JSON"; status=$?
[ "$status" -eq 0 ] && grep -q '"makespan_ns"' "$tmp/report.JSON"; check "-o report.JSON picks json: exit $status" $?
"$bin" compare scenarios/compare/io_pool.json --cores 1,2 -o "$tmp/rows.csv"; status=$?
[ "$status" -eq 0 ] && head -1 "$tmp/rows.csv" | grep -q '^point,'; check "compare -o rows.csv picks csv: exit $status" $?
"$bin" run scenarios/free_threaded.json -f summary -o "$tmp/summary.json"; check "-f summary -o x.json is fine" $?
"$bin" run scenarios/free_threaded.json -f text -o "$tmp/r.html" 2> "$tmp/err"; status=$?
[ "$status" -eq 2 ] && grep -qxF "error: run: --format text does not write an HTML file (-o \"$tmp/r.html\"); use --format html, or another file name" "$tmp/err" && [ ! -e "$tmp/r.html" ]
check "-f text -o r.html: exit $status, $(cat "$tmp/err")" $?
"$bin" run scenarios/free_threaded.json -o "$tmp/r.csv" 2> "$tmp/err"; status=$?
[ "$status" -eq 2 ] && grep -qF "is a CSV file, and run writes none" "$tmp/err"; check "run -o r.csv: exit $status, $(cat "$tmp/err")" $?

echo "files: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
