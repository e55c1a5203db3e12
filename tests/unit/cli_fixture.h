// The gilsim command line run in-process, for the tests of what a user meets.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace gilsim::test {

struct CliResult {
  int code = -1;
  std::string out;
  std::string err;
};

// `gilsim ARGS...`: the exit code and what it wrote to standard output and error.
inline CliResult run_gilsim(std::vector<std::string> args) {
  args.insert(args.begin(), "gilsim");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  CliResult r;
  r.code = run_cli(static_cast<int>(argv.size()), argv.data(), out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

}  // namespace gilsim::test
