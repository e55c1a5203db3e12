#pragma once
// How processes start (multiprocessing's start method) and the Python version
// a scenario names, whose default start method it sets ("python": "3.14":
// forkserver on Linux; before 3.14: fork).

#include <string>

#include "model/scenario.h"
#include "scenario/json_reader.h"

namespace gilsim {

// "fork", "forkserver" or "spawn" at `path`.
StartMethod read_start_method(const JsonReader& in, const Json& value, const std::string& path);

// "3.14" or "3.11.7" at `path` (CPython 2.7 or 3.x); returns it as given.
std::string read_python_version(const JsonReader& in, const Json& value, const std::string& path);

// multiprocessing's default start method on Linux for that version: fork
// before 3.14, forkserver from 3.14 (Lib/multiprocessing/context.py).
StartMethod default_start_method(const std::string& python);

// Refuses a start method that the named Python lacks (2.7 has only fork; the
// others came in 3.4), at `path`.
void check_start_method(const JsonReader& in, const std::string& python, StartMethod method, const std::string& path);

}  // namespace gilsim
