#include <unistd.h>

#include <iostream>
#include <ostream>

#include "cli/commands.h"
#include "cli/output_file.h"

int main(int argc, char** argv) {
  // Standard output through a buffer that keeps the reason of a failed write
  // (/dev/full, a closed descriptor), so that no report is lost in silence.
  gilsim::FdBuffer buffer;
  buffer.attach(STDOUT_FILENO);
  std::ostream out(&buffer);
  int code = gilsim::run_cli(argc, argv, out, std::cerr);
  out.flush();
  return code;
}
