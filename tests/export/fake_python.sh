#!/bin/sh
# Stands in for an interpreter in tests/export/cli.sh: it ignores the program
# and does what $FAKE_PYTHON says, so that verify's verdicts and failures, and
# calibrate's, can be checked without timing.
case "$FAKE_PYTHON" in
  swapped) cat tests/export/swapped_report.json ;;
  fail) echo "Traceback (most recent call last):" >&2; echo "RuntimeError: boom" >&2; exit 1 ;;
  garbage) echo "not json" ;;
  # calibrate: the report of a real calibration program (python3 calibrate.py 10), whole or with wakeup missing
  calibrate) echo "progress: thread start (1 of 13)" >&2; cat tests/export/calibrate_report.json ;;
  calibrate_incomplete) sed 's/"wakeup": {/"wake_up": {/' tests/export/calibrate_report.json ;;
esac
