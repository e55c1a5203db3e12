#!/usr/bin/env bash
# Golden files of `gilsim compare` (and, through tests/explore/golden.sh, a
# link to this file, of `gilsim explore`): each case of tests/SUITE/cases.txt
# in each format its "# formats:" line names, compared with
# tests/SUITE/golden/NAME.FORMAT. SUITE, the directory this is called from,
# is the command.
#
#   tests/compare/golden.sh check GILSIM NAME FORMAT   compare one; on a difference
#                                                   print a unified diff and leave
#                                                   the actual output beside the
#                                                   golden (.actual)
#   tests/compare/golden.sh update [GILSIM]            regenerate every golden file
set -euo pipefail
suite=$(basename "$(dirname "$0")")
cd "$(dirname "$0")/../.."
cases=tests/$suite/cases.txt
formats=$(sed -n 's/^# formats: //p' "$cases")

arguments() {  # NAME -> the case's arguments
  local line
  line=$(grep -v '^#' "$cases" | grep "^$1|") || { echo "no case $1 in $cases" >&2; exit 1; }
  echo "${line#*|}"
}

render() {  # GILSIM NAME FORMAT
  # shellcheck disable=SC2046  # the arguments are words
  "$1" "$suite" $(arguments "$2") --format "$3" --jobs 2 --quiet
}

case "${1:-}" in
  check)
    bin=$2 name=$3 format=$4
    golden="tests/$suite/golden/$name.$format"
    actual="$golden.actual"
    [ -f "$golden" ] || { echo "missing golden file $golden (run: tests/$suite/golden.sh update)"; exit 1; }
    status=0
    render "$bin" "$name" "$format" > "$actual" || status=$?
    expected=$(sed -n "s/^# exit $name: //p" "$cases")
    if [ "$status" -ne "${expected:-0}" ]; then echo "gilsim $suite exited with $status for $name"; exit 1; fi
    if diff -u "$golden" "$actual"; then rm -f "$actual"; else
      echo "golden mismatch: $golden (actual output left in $actual; tests/$suite/golden.sh update to accept)"
      exit 1
    fi
    ;;
  update)
    bin=${2:-build/gilsim}
    mkdir -p "tests/$suite/golden"
    grep -v '^#' "$cases" | cut -d'|' -f1 | while read -r name; do
      for format in $formats; do
        render "$bin" "$name" "$format" > "tests/$suite/golden/$name.$format" || true  # its exit is checked by check
        rm -f "tests/$suite/golden/$name.$format.actual"
      done
      echo "updated tests/$suite/golden/$name.{${formats// /,}}"
    done
    ;;
  *)
    sed -n '2,9p' "$0"; exit 2 ;;
esac
