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

constexpr const char* kGeneralHelp = R"(gilsim - threads, processes and Python's GIL on a simulated machine of N cores

Usage:
  gilsim run SCENARIO [options]      simulate it and show what ran when
  gilsim validate SCENARIO...        check scenario files without running them
  gilsim compare SCENARIO [options]  how it scales with cores, GIL on and off
  gilsim explore SCENARIO [options]  other interleavings: deadlocks, orders
  gilsim advise SCENARIO [options]   threads, processes or 3.14t? ranked, why
  gilsim check GOLDEN... [options]   run again, compare with saved reports
  gilsim export-python SCENARIO      write a Python program that performs it
  gilsim verify SCENARIO [options]   run that program, compare with the model
  gilsim calibrate [-o FILE]         measure this machine's costs (--machine)
  gilsim schema                      the JSON Schema of a scenario file
  gilsim completion bash             a bash completion script
  gilsim COMMAND --help              options of one command
  gilsim --version

A scenario is a JSON file describing cores, processes (each with or without a
GIL) and threads, each thread a script of steps:
  compute, sleep, io, print, repeat        work, waits, output and loops
  start, join, spawn, wait                 threads and processes
  acquire, release, with                   locks, rlocks and semaphores
  set, clear, wait                         events
  put, get, repeat_until_empty             queues
See README.md and the examples in scenarios/.

Examples:
  gilsim run scenarios/tutorial/some_func.json
  gilsim run scenarios/cpu_bound/threads-4-cores.json --cores 1 --width 120
  gilsim run scenarios/convoy_effect.json --format json -o convoy.json
  gilsim compare scenarios/compare/cpu_pool_threads.json --gil on,off

Exit codes: 0 ok, 1 internal error, 2 bad usage or bad scenario, 3 the
simulated program deadlocked, 4 a limit stopped the run (--max-events,
--max-time, --max-output, or the memory ran out), 5 the simulated program made
a forbidden release (e.g. of a lock it does not hold), 6 verify: the real runs
disagree with the prediction, 7 verify, calibrate: the Python program failed or
timed out, 8 check: a report differs from its golden file.
)";

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
    if (command == "explore") code = command_explore(args, out, err);
    if (command == "advise") code = command_advise(args, out, err);
    if (command == "export-python") code = command_export_python(args, out, err);
    if (command == "verify") code = command_verify(args, out, err);
    if (command == "calibrate") code = command_calibrate(args, out, err);
    if (command == "check") code = command_check(args, out, err);
    if (command == "schema") code = command_schema(args, out, err);
    if (command == "completion") code = command_completion(args, out, err);
    if (code >= 0) {
      // A report lost on a full disk is no success; a stopped run (exit 4) said why already.
      if (code != kExitLimit) check_standard_output(out);
      return code;
    }
    throw UsageError("unknown command \"" + command +
                     "\" (valid: run, validate, compare, explore, advise, check, export-python, verify, calibrate, schema, "
                     "completion; see: gilsim --help)");
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
