# Sourced by the command-line tests (tests/cli.sh, tests/export/cli.sh and
# calibrate.sh): a temporary folder $tmp (removed at exit), counters, and
#   expect NAME EXIT_CODE OUTPUT_SUBSTRING -- COMMAND...
# which runs COMMAND with stdout in $tmp/out and stderr in $tmp/err, and checks
# its exit code and that one of them holds OUTPUT_SUBSTRING (if not empty).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0 passed=0

expect() {
  local name=$1 code=$2 needle=$3; shift 4
  local status=0
  "$@" > "$tmp/out" 2> "$tmp/err" || status=$?
  if [ "$status" -ne "$code" ]; then
    echo "FAIL $name: exit $status, expected $code"; sed 's/^/  stderr: /' "$tmp/err"; failures=$((failures+1)); return
  fi
  if [ -n "$needle" ] && ! grep -qF -- "$needle" "$tmp/err" "$tmp/out"; then
    echo "FAIL $name: output lacks: $needle"; sed 's/^/  stderr: /' "$tmp/err"; failures=$((failures+1)); return
  fi
  passed=$((passed+1))
}

# fail MESSAGE: a check of the test's own.
fail() {
  echo "FAIL: $1"; failures=$((failures+1))
}
