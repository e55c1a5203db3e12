#!/usr/bin/env bash
# Golden files of `gilsim compare`: each case of tests/compare/cases.txt as
# text and as CSV, compared with tests/compare/golden/NAME.{text,csv}.
#
#   tests/compare/golden.sh check GILSIM NAME FORMAT   compare one; on a difference
#                                                   print a unified diff and leave
#                                                   the actual output beside the
#                                                   golden (.actual)
#   tests/compare/golden.sh update [GILSIM]            regenerate every golden file
set -euo pipefail
cd "$(dirname "$0")/../.."
cases=tests/compare/cases.txt

arguments() {  # NAME -> the case's arguments
  local line
  line=$(grep -v '^#' "$cases" | grep "^$1|") || { echo "no case $1 in $cases" >&2; exit 1; }
  echo "${line#*|}"
}

render() {  # GILSIM NAME FORMAT
  # shellcheck disable=SC2046  # the arguments are words
  "$1" compare $(arguments "$2") --format "$3" --jobs 2 --quiet
}

case "${1:-}" in
  check)
    bin=$2 name=$3 format=$4
    golden="tests/compare/golden/$name.$format"
    actual="$golden.actual"
    [ -f "$golden" ] || { echo "missing golden file $golden (run: tests/compare/golden.sh update)"; exit 1; }
    status=0
    render "$bin" "$name" "$format" > "$actual" || status=$?
    if [ "$status" -ne 0 ]; then echo "gilsim compare exited with $status for $name"; exit 1; fi
    if diff -u "$golden" "$actual"; then rm -f "$actual"; else
      echo "golden mismatch: $golden (actual output left in $actual; tests/compare/golden.sh update to accept)"
      exit 1
    fi
    ;;
  update)
    bin=${2:-build/gilsim}
    mkdir -p tests/compare/golden
    grep -v '^#' "$cases" | cut -d'|' -f1 | while read -r name; do
      for format in text csv; do
        render "$bin" "$name" "$format" > "tests/compare/golden/$name.$format"
        rm -f "tests/compare/golden/$name.$format.actual"
      done
      echo "updated tests/compare/golden/$name.{text,csv}"
    done
    ;;
  *)
    sed -n '2,9p' "$0"; exit 2 ;;
esac
