#!/usr/bin/env bash
# The error catalogue: every tests/bad/NAME.* scenario (or NAME.gen, a script
# printing one too large to commit) through `gilsim run`, compared with
# tests/bad/NAME.expected: the exit code on the first line ("exit N"), then
# standard error exactly. NAME.args holds extra arguments, if any; cases
# named usage_* test those arguments rather than the file.
#
#   tests/bad.sh GILSIM            check every case (run from anywhere)
#   tests/bad.sh GILSIM --update   rewrite every .expected from what GILSIM does
#
# Besides the golden text, each case must finish within a minute, print one
# line naming its file, and leave no output file behind unless it ran to the
# end (exit 0, 3 or 5): a failed run never writes a half file.
set -uo pipefail
bin=$(realpath "$1")
update=${2:-}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tests/bad"
failures=0 passed=0

fail() { echo "FAIL $1: $2"; failures=$((failures+1)); }

for file in $(find tests/bad -maxdepth 1 -type f ! -name '*.expected' ! -name '*.args' ! -name '*.actual' | sort); do
  name=$(basename "$file"); name=${name%.*}
  input=$file dir=.
  if [ "${file##*.}" = gen ]; then
    input=tests/bad/$name.json dir=$work
    bash "$file" > "$work/$input" || { fail "$name" "generator failed"; continue; }
  fi
  args=()
  [ -f "tests/bad/$name.args" ] && read -r -a args < "tests/bad/$name.args"
  out=$work/out.events
  rm -f "$out"
  status=0
  (cd "$dir" && timeout 60 "$bin" run "$input" --format events -o "$out" "${args[@]}") > /dev/null 2> "$work/err" || status=$?
  actual=$work/actual
  { echo "exit $status"; cat "$work/err"; } > "$actual"
  golden=tests/bad/$name.expected
  if [ "$update" = --update ]; then
    cp "$actual" "$golden"
    continue
  fi
  ok=1
  if [ "$status" -eq 124 ]; then fail "$name" "still running after 60 s"; ok=0; fi
  prefix="error: $input:"
  [[ $name == usage_* ]] && prefix="error: run: "  # a bad option, not a bad file
  if [ "$status" -ne 0 ] && { [ "$(wc -l < "$work/err")" -ne 1 ] || [[ "$(cat "$work/err")" != "$prefix"* ]]; }; then
    fail "$name" "the message is not one line starting \"$prefix\""; ok=0
  fi
  if [ "$status" -ne 0 ] && [ "$status" -ne 3 ] && [ "$status" -ne 5 ] && [ -e "$out" ]; then fail "$name" "a failed run left an output file"; ok=0; fi
  if ls -A "$work" | grep -c '\.tmp-' > /dev/null; then fail "$name" "a temporary file was left behind"; ok=0; rm -f "$work"/.*.tmp-*; fi
  if [ ! -f "$golden" ]; then
    fail "$name" "missing $golden (run: tests/bad.sh build/gilsim --update)"; ok=0
  elif ! diff -u "$golden" "$actual"; then
    cp "$actual" "tests/bad/$name.actual"
    fail "$name" "differs from $golden (actual left in tests/bad/$name.actual; tests/bad.sh GILSIM --update to accept)"; ok=0
  else
    rm -f "tests/bad/$name.actual"
  fi
  [ "$ok" = 1 ] && passed=$((passed+1))
done

if [ "$update" = --update ]; then echo "updated tests/bad/*.expected"; exit 0; fi
echo "bad inputs: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
