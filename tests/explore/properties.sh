#!/usr/bin/env bash
# gilsim explore and run --seed: what must hold whatever the goldens say.
# - the output is the same with 1 job and with 2;
# - shards' CSV files concatenated in order are the unsharded CSV;
# - `run --seed S` replays seed S: its printed lines and makespan are the
#   exploration's for S; the same seed gives the same bytes, another seed
#   another run;
# - a run without --seed is the model's own (jitter 0 changes nothing);
# - every shipped scenario explores under wide jitter and scrambled ties
#   without a crash: each run completes, deadlocks or makes a program error;
# - bad options are refused with exit 2 and a message.
set -uo pipefail
bin=$1
cd "$(dirname "$0")/../.."
source tests/expect.sh
tutorial=scenarios/tutorial/count_down_up.json

"$bin" explore $tutorial --seeds 60 --jitter 300us -q -f json -j 1 > "$tmp/one.json"
"$bin" explore $tutorial --seeds 60 --jitter 300us -q -f json -j 2 > "$tmp/two.json"
cmp -s "$tmp/one.json" "$tmp/two.json" || fail "explore with --jobs 1 and --jobs 2 differ"

"$bin" explore $tutorial --seeds 60 --jitter 300us -q -f csv > "$tmp/all.csv"
for k in 1 2 3; do "$bin" explore $tutorial --seeds 60 --jitter 300us -q -f csv --shard $k/3 > "$tmp/part-$k.csv"; done
cat "$tmp"/part-{1,2,3}.csv | cmp -s - "$tmp/all.csv" || fail "shards concatenated differ from the unsharded CSV"

# The first seed of the second most common order, replayed.
python3 - "$tmp/one.json" "$tmp/all.csv" "$bin" $tutorial <<'PY' || fail "run --seed does not replay the exploration's seed"
import csv, json, subprocess, sys
e = json.load(open(sys.argv[1]))
rows = {int(r["seed"]): r for r in csv.DictReader(open(sys.argv[2]))}
assert len(e["print_orders"]) > 1, "the tutorial's jittered wake-ups found one order only"
order = e["print_orders"][1]
seed = order["first_seed"]
run = json.loads(subprocess.run([sys.argv[3], "run", sys.argv[4], "--seed", str(seed), "--jitter", "300us",
                                 "-f", "json"], check=True, capture_output=True, text=True).stdout)
lines = ["%s/%s: %s" % ("script", l["thread"], l["text"]) for l in run["output"]]
assert lines == order["lines"], (lines, order["lines"])
assert run["makespan_ns"] == int(rows[seed]["makespan_ns"]), (run["makespan_ns"], rows[seed])
PY

"$bin" run $tutorial --seed 5 -f json > "$tmp/a.json"
"$bin" run $tutorial --seed 5 -f json > "$tmp/b.json"
"$bin" run $tutorial --seed 6 -f json > "$tmp/c.json"
cmp -s "$tmp/a.json" "$tmp/b.json" || fail "run --seed 5 twice differs"
cmp -s "$tmp/a.json" "$tmp/c.json" && fail "run --seed 5 and --seed 6 are the same run"
"$bin" run $tutorial -f events > "$tmp/plain.events"
"$bin" run $tutorial --seed 9 --jitter 0ns --gil-jitter 0ns -f events > "$tmp/zero.events"
cmp -s "$tmp/plain.events" "$tmp/zero.events" || fail "a seed with no jitter changed the run"

expect "explore: run $tutorial --jitter 1ms" 2 "add --seed N" -- "$bin" run $tutorial --jitter 1ms
expect "explore: explore $tutorial --seeds 0" 2 "--seeds must be from 1 to 1000000" -- "$bin" explore $tutorial --seeds 0
expect "explore: explore $tutorial --shard 1/2" 2 "use --format csv" -- "$bin" explore $tutorial --shard 1/2
expect "explore: explore $tutorial --seeds 2 --shard 1/3 -f csv" 2 "more shards than seeds" -- "$bin" explore $tutorial --seeds 2 --shard 1/3 -f csv
expect "explore: explore $tutorial --jitter 2s" 2 "--jitter must be from 0ns to 1s" -- "$bin" explore $tutorial --jitter 2s
expect "explore: run $tutorial --seed 1 --gil-jitter fast" 2 "--gil-jitter" -- "$bin" run $tutorial --seed 1 --gil-jitter fast
for f in $(find scenarios -name '*.json' | sort); do
  status=0
  "$bin" explore "$f" --seeds 3 --jitter 1ms --gil-jitter 100us -q -f csv > /dev/null 2> "$tmp/err" || status=$?
  case $status in
    0|3|5) passed=$((passed+1)) ;;
    *) fail "explore $f exited $status: $(head -c 300 "$tmp/err")" ;;
  esac
done
echo "explore properties: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
