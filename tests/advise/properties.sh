#!/usr/bin/env bash
# gilsim advise: the answers a worked-out analysis expects, whatever the goldens say.
# - tiny tasks with big arguments (pools/big_args): threads (with or without
#   the GIL), and every process option is slower than the sequential run;
# - CPU-bound pure Python (pools/cpu_map): processes or free-threaded threads,
#   and GIL threads gain nothing over one worker;
# - I/O-bound calls (pools/io_fetch): threads under the GIL, ahead of 3.13t;
# - the output is the same with 1 job and with 2;
# - bad options are refused with exit 2 and a message.
set -uo pipefail
bin=$1
cd "$(dirname "$0")/../.."
source tests/expect.sh

"$bin" advise scenarios/pools/big_args.json -q -f json -j 1 > "$tmp/big.json"
"$bin" advise scenarios/pools/big_args.json -q -f json -j 2 > "$tmp/big2.json"
cmp -s "$tmp/big.json" "$tmp/big2.json" || fail "advise with --jobs 1 and --jobs 2 differ"
"$bin" advise scenarios/pools/cpu_map.json -q -f json > "$tmp/cpu.json"
"$bin" advise scenarios/pools/io_fetch.json -q -f json > "$tmp/io.json"

python3 - "$tmp" <<'PY' || fail "the advice is not what a worked-out analysis expects"
import json, sys
d = sys.argv[1]
def load(name):
    return json.load(open(f"{d}/{name}.json"))
def best(a):
    return a["ranked"][0]

big = load("big")
assert best(big)["runtime"].startswith("threads"), best(big)
for row in big["ranked"]:
    if row["runtime"] in ("processes", "mp.Pool"):
        assert row["speedup"] < 1, row  # pickling 2 MB per call costs more than the work
        assert "pickling and pipes" in row["reason"], row["reason"]

cpu = load("cpu")
assert best(cpu)["runtime"] in ("processes", "mp.Pool", "threads, 3.13t", "threads, 3.14t"), best(cpu)
assert best(cpu)["speedup"] > 3, best(cpu)  # 4 cores
gil = [r for r in cpu["ranked"] if r["runtime"] == "threads"]
assert all(r["speedup"] < 1.05 for r in gil), gil
assert any("wait for the GIL" in r["reason"] for r in gil)

io = load("io")
assert best(io)["runtime"] == "threads", best(io)
rank = {r["option"]: i for i, r in enumerate(io["ranked"])}
assert rank["threads, 4 workers"] < rank["threads, 3.13t, 4 workers"]
assert io["scaling_of_best"][0]["cores"] == 1 and io["scaling_of_best"][-1]["cores"] == io["cores"]
PY

expect "advise: advise scenarios/pools/cpu_map.json -f csv" 2 "valid: text, json, html" -- "$bin" advise scenarios/pools/cpu_map.json -f csv
expect "advise: advise scenarios/pools/cpu_map.json --metric busy_share" 2 "busy share" -- "$bin" advise scenarios/pools/cpu_map.json --metric busy_share
expect "advise: advise scenarios/pools/cpu_map.json --metric speed" 2 "--metric" -- "$bin" advise scenarios/pools/cpu_map.json --metric speed
expect "advise: advise scenarios/pools/cpu_map.json --cores 0" 2 "--cores must be from 1 to 4096" -- "$bin" advise scenarios/pools/cpu_map.json --cores 0
echo "advise properties: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
