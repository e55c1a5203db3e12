#pragma once
// `gilsim export-python`: one standalone Python program (standard library
// only, CPython 3.8+ and 2.7) that performs a scenario for real and prints
// what happened as JSON, in the field names of `gilsim run --format json`.
// It works from the loader's structs; the Python that performs each kind of
// step is the runtime (python_runtime.h), the same in every program.

#include <string>
#include <vector>

#include "model/scenario.h"

namespace gilsim {

struct ExportOptions {
  std::string source;  // the scenario file, named in the header comment
  std::vector<std::string> notes;  // how it was exported ("--cores 2"), for the header comment
};

// The whole program.
std::string export_python(const Scenario& scenario, const ExportOptions& options = {});

// The name of each thread spec's function (per process spec, per thread
// spec): the thread's name as an identifier, unique in the program, else
// prefixed with its process's ("app_main"), else numbered ("app_main_2").
std::vector<std::vector<std::string>> python_function_names(const Scenario& scenario);

// What the scenario asks that no program can do on Linux, known without
// running (aging, a SCHED_RR quantum, cfs tunables); the program adds what it
// finds on the machine (cores, privileges, the interpreter's GIL).
std::vector<std::string> static_not_reproduced(const Scenario& scenario);

// sys.setcheckinterval's ticks for gil.check_interval: 100 per 5 us, as the
// model's default has it, at least 1.
std::int64_t check_interval_ticks(Time check_interval);

}  // namespace gilsim
