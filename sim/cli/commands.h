#pragma once
// The gilsim command line, as a function so that tests can call it without a
// process. main() only forwards to it.

#include <iosfwd>

#include "run/pipeline.h"  // the exit codes

namespace gilsim {


int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace gilsim
