#!/usr/bin/env bash
# Same input, same bytes: every scenario twice in every format.
set -euo pipefail
bin=$1
fail=0
for file in $(find scenarios -name '*.json' | sort); do
  for format in events json text; do
    a=$("$bin" run "$file" --format "$format" --width 100 | sha256sum)
    b=$("$bin" run "$file" --format "$format" --width 100 | sha256sum)
    if [ "$a" != "$b" ]; then echo "not deterministic: $file ($format)"; fail=1; fi
  done
done
[ "$fail" = 0 ] && echo "all scenarios deterministic"
exit "$fail"
