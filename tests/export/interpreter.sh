# Sourced by the tests that run a real interpreter, with $interpreter set to
# python3 or python2.7: python2.7 becomes pyenv's 2.7.18, and the test is
# skipped (exit 77, which CTest counts as skipped) where it is missing.
if [ "$interpreter" = python2.7 ]; then
  interpreter=$HOME/.pyenv/versions/2.7.18/bin/python
  if [ ! -x "$interpreter" ]; then
    echo "skipped: no Python 2.7 at $interpreter"
    exit 77
  fi
fi
