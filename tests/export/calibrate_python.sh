#!/usr/bin/env bash
# calibrate with a real interpreter, end to end: the profile has every setting
# as a duration (never negative), every figure has samples, and run takes it.
# No timing is asserted: the machine is shared and noisy.
#   tests/export/calibrate_python.sh GILSIM python3|python2.7
set -euo pipefail
gilsim=$1 interpreter=$2
source tests/export/interpreter.sh
# The interpreter itself, not a pyenv shim that takes a second to start it.
[ "$interpreter" != python3 ] || interpreter=$(python3 -c 'import sys; print(sys.executable)')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$gilsim" calibrate --python "$interpreter" --runs 20 -o "$tmp/machine.json" > "$tmp/summary"
python3 - "$tmp/machine.json" <<'PY'
import json, re, sys
profile = json.load(open(sys.argv[1]))
python2 = profile["machine"]["python"].startswith("cpython 2.")
assert profile["gilsim_machine_profile"] == 1
duration = re.compile(r"^[0-9]+(\.[0-9]+)?(ns|us|ms|s)$")
settings = {"": ["timer_slack"], "gil": [] if python2 else ["handoff_latency"],
            "costs": ["thread_start", "thread_start_latency", "process_start", "process_start_latency", "print",
                      "io_latency", "wakeup"]}
for section, keys in settings.items():
    if not keys:
        continue
    values = profile[section] if section else profile
    for key in keys:
        assert duration.match(values[key]), (section, key, values[key])
if python2:  # the old GIL has no hand-off to measure: left out, and said so
    assert "gil" not in profile, profile.get("gil")
    assert any(note.startswith("gil.handoff_latency is not in the profile") for note in profile["measurements"]["notes"])
figures = 0
def check(node, path):
    global figures
    if isinstance(node, dict):
        if "median_ns" in node:
            assert node["n"] > 0 and node["min_ns"] <= node["median_ns"] <= node["max_ns"], (path, node)
            figures += 1
        for key, value in node.items():
            check(value, path + "/" + key)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            check(value, "%s/%d" % (path, i))
check(profile["measurements"], "measurements")
assert figures >= 12, figures
print("ok: %s, %d figures" % (profile["machine"]["python"], figures))
PY
"$gilsim" run scenarios/convoy_effect.json --machine "$tmp/machine.json" > "$tmp/run"
grep -q "timer slack" "$tmp/run"
