#!/usr/bin/env bash
# Same input, same bytes: every scenario twice in every format.
set -euo pipefail
bin=$1
fail=0
for file in $(find scenarios -name '*.json' | sort); do
  for format in events json text; do
    # A scenario that deadlocks on purpose ends with exit 3: its bytes count all the same.
    a=$({ "$bin" run "$file" --format "$format" --width 100 2>&1 || echo "exit $?"; } | sha256sum)
    b=$({ "$bin" run "$file" --format "$format" --width 100 2>&1 || echo "exit $?"; } | sha256sum)
    if [ "$a" != "$b" ]; then echo "not deterministic: $file ($format)"; fail=1; fi
  done
done
[ "$fail" = 0 ] && echo "all scenarios deterministic"
exit "$fail"
