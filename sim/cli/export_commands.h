#pragma once
// The commands that take a scenario to a real interpreter: export-python
// writes the program, verify runs it and compares with the simulation
// (docs/verify.md). Declared apart from cli_support.h, which the run pipeline owns.

#include <iosfwd>
#include <string>
#include <vector>

namespace gilsim {

int command_export_python(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_verify(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// calibrate measures the machine for the model instead (docs/calibrate.md).
int command_calibrate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace gilsim
