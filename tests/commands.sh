#!/usr/bin/env bash
# The commands for a user's own workflow (issue 19): validate of several
# files, check (golden files), schema, completion, comment keys.
set -uo pipefail
bin=$1
source tests/expect.sh

# validate: every file checked, one line each, exit 2 if any is wrong.
expect "validate several" 2 "validate: 2 ok, 1 with errors" -- "$bin" validate scenarios/free_threaded.json tests/cli/typo.json scenarios/convoy_effect.json
if grep -q 'convoy_effect.json: ok' "$tmp/out" && grep -q 'typo.json: /processes' "$tmp/err"; then passed=$((passed+1))
else fail "validate of several files does not go on past the bad one"; fi
expect "validate all ok" 0 "validate: 2 ok, 0 with errors" -- "$bin" validate scenarios/free_threaded.json scenarios/convoy_effect.json
expect "validate none" 2 "missing SCENARIO" -- "$bin" validate

# Comments ("//" keys) at every level, "$schema" at the top only.
cat > "$tmp/commented.json" <<'JSON'
{"$schema": "./gilsim-scenario.schema.json", "//": "a comment", "name": "c", "cores": 1,
 "gil": {"//": "default interval"}, "scheduler": {"policy": "fifo", "// why": "simple"},
 "processes": [{"name": "app", "//": "x", "locks": ["L"], "semaphores": {"//": "none yet"},
   "threads": [{"name": "main", "//": "y", "steps": [{"compute": "1ms", "//": "1 ms of Python"}]}]}]}
JSON
expect "comment keys" 0 'ok: "c"' -- "$bin" validate "$tmp/commented.json"
sed 's/"name": "main", "\/\/": "y"/"name": "main", "$schema": "y"/' "$tmp/commented.json" > "$tmp/inner_schema.json"
expect '$schema below the top' 2 'unknown key "$schema" in a thread' -- "$bin" validate "$tmp/inner_schema.json"

# check: the golden-file workflow. A report made with run matches; a changed
# one fails with a unified diff and exit 8; --update accepts it.
mkdir -p "$tmp/g"
cp scenarios/convoy_effect.json "$tmp/g/convoy_effect.json"
"$bin" run "$tmp/g/convoy_effect.json" -o "$tmp/g/convoy_effect.text"
"$bin" run "$tmp/g/convoy_effect.json" -f events -o "$tmp/g/convoy_effect.events"
expect "check ok" 0 "check: 2 passed, 0 failed" -- "$bin" check "$tmp/g/convoy_effect.text" "$tmp/g/convoy_effect.events"
sed -i 's/^Makespan    /Makespan    about /' "$tmp/g/convoy_effect.text"
expect "check differs" 8 "check: 0 passed, 1 failed" -- "$bin" check "$tmp/g/convoy_effect.text"
if grep -q '^-Makespan    about ' "$tmp/out" && grep -q '^+Makespan    [0-9]' "$tmp/out" && grep -q '^@@ -[0-9]*,[0-9]* +[0-9]*,[0-9]* @@$' "$tmp/out"
then passed=$((passed+1)); else fail "check does not show the change as a unified diff"; sed 's/^/  /' "$tmp/out"; fi
expect "check --update" 0 "updated $tmp/g/convoy_effect.text" -- "$bin" check "$tmp/g/convoy_effect.text" --update
if cmp -s "$tmp/g/convoy_effect.text" <("$bin" run "$tmp/g/convoy_effect.json"); then passed=$((passed+1))
else fail "check --update did not write the report"; fi
expect "check missing golden" 8 "missing" -- "$bin" check "$tmp/g/convoy_effect.summary"
expect "check no scenario" 2 "cannot read" -- "$bin" check "$tmp/g/nothing.text"
expect "check bad extension" 2 "says no report format" -- "$bin" check "$tmp/g/convoy_effect.txt"
# The repository's own goldens, with their scenarios in another folder tree.
expect "check repo goldens" 0 "check: 2 passed, 0 failed" -- "$bin" check tests/golden/sync/dining_philosophers.events tests/golden/convoy_effect.events --scenarios scenarios --goldens tests/golden
expect "check deadlock golden" 0 "ok   tests/golden/sync/dining_philosophers.text" -- "$bin" check tests/golden/sync/dining_philosophers.text --scenarios scenarios --goldens tests/golden

# schema: JSON, and named in the help.
expect "schema" 0 '"title": "gilsim scenario"' -- "$bin" schema
if python3 -c 'import json,sys; json.load(sys.stdin)' < "$tmp/out"; then passed=$((passed+1)); else fail "schema is not JSON"; fi
expect "schema args" 2 "takes no arguments" -- "$bin" schema x

# completion: a bash script that completes commands, options and formats.
expect "completion" 0 "complete -F _gilsim gilsim" -- "$bin" completion bash
expect "completion shell" 2 "say which shell" -- "$bin" completion zsh
complete_words() {  # the completions of the command line "$@" (its last word being typed)
  bash -c 'source <("$0" completion bash); COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _gilsim; printf "%s\n" "${COMPREPLY[@]}"' "$bin" gilsim "$@"
}
if [ "$(complete_words ch)" = check ]; then passed=$((passed+1)); else fail "completion of a command: $(complete_words ch)"; fi
if complete_words run x.json --co | grep -qx -- --cores; then passed=$((passed+1)); else fail "completion of run's options"; fi
if [ "$(complete_words run x.json --format ch)" = chrome ]; then passed=$((passed+1)); else fail "completion of a format"; fi
if complete_words compare x.json --g | grep -qx -- --gil; then passed=$((passed+1)); else fail "completion of compare's options"; fi
if [ "$(complete_words compare x.json --metric fin)" = finish ]; then passed=$((passed+1)); else fail "completion of a metric kind: $(complete_words compare x.json --metric fin)"; fi
if complete_words explore x.json --see | grep -qx -- --seeds; then passed=$((passed+1)); else fail "completion of explore's options"; fi

# cmake --install: gilsim on PATH, its completion, the licence.
build=$(dirname "$bin")
if [ -f "$build/cmake_install.cmake" ]; then
  if cmake --install "$build" --prefix "$tmp/prefix" > "$tmp/install.log" 2>&1 && "$tmp/prefix/bin/gilsim" --version | grep -q '^gilsim ' &&
     grep -q 'complete -F _gilsim gilsim' "$tmp/prefix/share/bash-completion/completions/gilsim" &&
     [ -f "$tmp/prefix/share/doc/gilsim/LICENSE" ]; then passed=$((passed+1))
  else fail "cmake --install"; sed 's/^/  /' "$tmp/install.log"; fi
fi

# Help fits 80 columns, with no trailing spaces and no value broken across
# lines: the general help and every command's.
for command in "" run validate compare explore advise check export-python verify calibrate schema completion; do
  "$bin" $command --help > "$tmp/help.txt" 2>&1
  bad=$(awk 'length($0) > 80 || / $/' "$tmp/help.txt")
  if [ -z "$bad" ]; then passed=$((passed+1)); else fail "gilsim $command --help: lines over 80 columns or with trailing spaces:"; echo "$bad"; fi
done
if "$bin" compare --help | grep -q '^ *gil.switch_interval=1ms,5ms,20ms$'; then passed=$((passed+1))
else fail "compare --help breaks its --set example"; fi
# The general help lists every step kind.
if "$bin" --help | grep -q "^  compute, sleep, io, print, repeat" && "$bin" --help | grep -q "repeat_until_empty"; then passed=$((passed+1))
else fail "the general help does not list the step kinds"; fi

echo "commands: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
