#pragma once
// The library's exceptions as the Python package's: a scenario's mistake is
// gilsim.ScenarioError, a bad argument gilsim.UsageError, anything else the
// library reports on purpose gilsim.Error, each with the CLI's message (what
// it prints after "error: "). The classes live in gilsim/errors.py, which
// parses the file, JSON path, line and column out of the message.

#include <pybind11/pybind11.h>

namespace gilsim::python {

void register_error_translation();

}  // namespace gilsim::python
