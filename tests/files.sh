#!/usr/bin/env bash
# Files in and out when things go wrong: an interrupted run, a FIFO, a folder,
# a symbolic link, an endless input. The plain cases (missing folder, a limit
# keeping the old file) are in tests/cli.sh.
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
for signal in INT TERM HUP; do
  echo precious > "$tmp/keep.txt"
  # (env: a background job of a script starts with SIGINT ignored)
  env --default-signal=INT "$bin" run tests/cli/runaway.json --max-time 1000000s --max-events 1000000000000 -o "$tmp/keep.txt" 2> /dev/null &
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

echo "files: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
