#include "cli/commands.h"

#include <cstdio>
#include <iostream>
#include <new>
#include <string_view>
#include <string>
#include <vector>

#include "cli/cli_support.h"
#include "cli/export_commands.h"
#include "cli/output_file.h"
#include "scenario/loader.h"
#include "scenario/spelling.h"

namespace gilsim {

namespace {

constexpr const char* kVersion = "gilsim 0.1.0";

constexpr const char* kGeneralHelp = R"(gilsim - simulate threads, processes and Python's GIL on a machine with N cores

Usage:
  gilsim run SCENARIO [options]     simulate a scenario and show what ran when
  gilsim validate SCENARIO          check a scenario file without running it
  gilsim compare SCENARIO [options] how it scales with cores, with or without the GIL
  gilsim export-python SCENARIO     write a Python program that performs the scenario for real
  gilsim verify SCENARIO [options]  run that program and compare it with the simulation
  gilsim calibrate [-o FILE]        measure this machine's costs as a profile for --machine FILE
  gilsim COMMAND --help             options of one command
  gilsim --version

A scenario is a JSON file describing cores, processes (each with or without a
GIL) and threads, each thread a script of compute, sleep, io, start, join,
print and repeat steps. See README.md and the examples in scenarios/.

Examples:
  gilsim run scenarios/tutorial/some_func.json
  gilsim run scenarios/cpu_bound/threads-4-cores.json --cores 1 --width 120
  gilsim run scenarios/convoy_effect.json --format json -o convoy.json
  gilsim compare scenarios/compare/cpu_pool_threads.json --gil on,off

Exit codes: 0 ok, 2 bad usage or bad scenario, 3 the simulated program
deadlocked, 4 a limit stopped the run (--max-events, --max-time, --max-output,
or the memory ran out), 5 the simulated
program made a forbidden release (e.g. of a lock it does not hold), 6 verify: the
real runs disagree with the prediction, 7 verify, calibrate: the Python program
failed or timed out, 1 internal error.
)";

// The last guard of "one line of text": whatever a message quotes (an
// option's bytes, a file name), it leaves with control characters escaped and
// no byte that is not UTF-8.
std::string one_line(std::string_view message) {
  std::string out;
  for (char c : message) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned>(byte));
      out += c == '\n' ? "\\n" : escaped;
    } else {
      out += c;
    }
  }
  return printable_utf8(out);
}

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  try {
    if (argc < 2) {
      err << kGeneralHelp;
      return kExitBadInput;
    }
    std::string command = argv[1];
    std::vector<std::string> args(argv + 2, argv + argc);
    if (command == "--help" || command == "-h" || command == "help") {
      out << kGeneralHelp;
      check_standard_output(out);
      return kExitOk;
    }
    if (command == "--version") {
      out << kVersion << "\n";
      check_standard_output(out);
      return kExitOk;
    }
    int code = -1;
    if (command == "run") code = command_run(args, out, err);
    if (command == "validate") code = command_validate(args, out, err);
    if (command == "compare") code = command_compare(args, out, err);
    if (command == "export-python") code = command_export_python(args, out, err);
    if (command == "verify") code = command_verify(args, out, err);
    if (command == "calibrate") code = command_calibrate(args, out, err);
    if (code >= 0) {
      // A report lost on a full disk is no success; a stopped run (exit 4) said why already.
      if (code != kExitLimit) check_standard_output(out);
      return code;
    }
    throw UsageError("unknown command \"" + command +
                     "\" (valid: run, validate, compare, export-python, verify, calibrate; see: gilsim --help)");
  } catch (const UsageError& e) {
    err << "error: " << one_line(e.what()) << "\n";
    return kExitBadInput;
  } catch (const InputError& e) {
    err << "error: " << one_line(e.what()) << "\n";
    return kExitBadInput;
  } catch (const OutputError& e) {
    err << "error: " << one_line(e.what()) << "\n";
    return kExitBadInput;
  } catch (const OutOfMemory& e) {
    err << "error: " << one_line(e.what()) << "\n";
    return kExitLimit;
  } catch (const std::bad_alloc&) {  // outside a command's own guard: still no exit 1
    err << "error: run: " << out_of_memory_text("") << "\n";
    return kExitLimit;
  } catch (const std::exception& e) {
    err << "internal error: " << one_line(e.what()) << "\n";
    return kExitInternal;
  }
}

}  // namespace gilsim
