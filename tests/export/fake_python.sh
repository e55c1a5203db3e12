#!/bin/sh
# Stands in for an interpreter in tests/export/cli.sh: it ignores the program
# and does what $FAKE_PYTHON says, so that verify's verdicts and failures can
# be checked without timing.
case "$FAKE_PYTHON" in
  swapped) cat tests/export/swapped_report.json ;;
  fail) echo "Traceback (most recent call last):" >&2; echo "RuntimeError: boom" >&2; exit 1 ;;
  garbage) echo "not json" ;;
esac
