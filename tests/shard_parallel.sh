#!/usr/bin/env bash
# A comparison grid split with `compare --shard K/N` and run through GNU parallel
# (Debian's `parallel`), as docs/compare.md shows: the shards' CSV files,
# concatenated in the order K = 1 ... N (shard 1 alone writes the header), are
# byte for byte the CSV of the unsharded run. Several N, some that leave shards
# without point 1 (they simulate it for the speedups) and one of 24 shards of
# a single point each. Exits 77 (skipped) without GNU parallel.
#   tests/shard_parallel.sh GILSIM
set -euo pipefail
gilsim=$1
if ! command -v parallel > /dev/null 2>&1 || ! parallel --version 2> /dev/null | grep -q '^GNU parallel'; then
  echo "SKIP: GNU parallel (Debian package parallel) is not installed"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 3 x 2 x 4 = 24 points: --set varies slowest, then --gil, then the cores.
grid=(scenarios/compare/web_server.json --set processes/0/count=1,2,4 --gil on,off --cores 1-4)
"$gilsim" compare "${grid[@]}" --format csv --jobs 1 --quiet -o "$tmp/all.csv"
rows=$(($(wc -l < "$tmp/all.csv") - 1))
[ "$rows" -eq 24 ] || { echo "FAIL: the unsharded grid has $rows rows, not 24"; exit 1; }

for n in 1 3 5 24; do
  dir=$tmp/n$n
  mkdir "$dir"
  # The commands of docs/compare.md: the shards in any order, two at a time,
  # then their files concatenated in the order K = 1 ... N.
  parallel --will-cite --halt now,fail=1 --jobs 2 \
    "$gilsim" compare "${grid[@]}" --format csv --jobs 1 --quiet --shard '{}'/"$n" -o "$dir/part-{}.csv" \
    ::: $(seq "$n")
  cat $(for k in $(seq "$n"); do echo "$dir/part-$k.csv"; done) > "$dir/joined.csv"
  if ! cmp -s "$tmp/all.csv" "$dir/joined.csv"; then
    echo "FAIL: $n shards concatenated differ from the unsharded CSV"
    diff "$tmp/all.csv" "$dir/joined.csv" | head -20
    exit 1
  fi
  # Only shard 1 has the header.
  headers=$(grep -l '^point,' "$dir"/part-*.csv | wc -l)
  [ "$headers" -eq 1 ] || { echo "FAIL: $n shards: $headers files with a header, not 1"; exit 1; }
  echo "ok: $n shards through GNU parallel, $(wc -c < "$dir/joined.csv") bytes, identical"
done
