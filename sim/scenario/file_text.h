#pragma once
// The one way a scenario file is read, for every command (run, validate,
// compare): a file that cannot be read, or that is larger than any scenario
// should be, is an InputError naming the file, never an out-of-memory death.

#include <cstddef>
#include <string>

namespace gilsim {

// The cap keeps /dev/zero or a runaway generator from filling the memory;
// what parsing may cost is bounded separately (kMaxJsonMemory, json_reader.h).
inline constexpr std::size_t kMaxScenarioBytes = std::size_t{256} << 20;

// The file's bytes; "-" is standard input. InputError "PATH: cannot read:
// <reason>" when it cannot be opened or read (a directory opens on Linux,
// then fails with EISDIR), and "PATH: larger than 256 MiB (...)" past
// kMaxScenarioBytes.
std::string read_scenario_text(const std::string& path);

// How messages name a scenario path: "<stdin>" for "-", else the path.
std::string scenario_label(const std::string& path);

}  // namespace gilsim
