#pragma once
// What both libFuzzer targets check of one gilsim command, run in-process
// exactly as the command line runs it: the exit code is one a user may see
// (0, 2, 3, 4 or 5, never 1 "internal error"), and a failure says so in one
// line of valid UTF-8 that starts with "error: " and names the file (or the
// command, for a bad option). Anything else aborts: libFuzzer keeps the input.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.h"
#include "scenario/spelling.h"

namespace gilsim::fuzz {

struct Result {
  int code = 0;
  std::string out;
  std::string err;
  bool operator==(const Result& o) const { return code == o.code && out == o.out && err == o.err; }
};

inline Result run(const std::vector<std::string>& words) {
  std::vector<const char*> argv = {"gilsim"};
  for (const std::string& word : words) argv.push_back(word.c_str());
  std::ostringstream out, err;
  Result result;
  result.code = run_cli(static_cast<int>(argv.size()), argv.data(), out, err);
  result.out = out.str();
  result.err = err.str();
  return result;
}

[[noreturn]] inline void bug(const char* what, const Result& result) {
  std::fprintf(stderr, "BUG: %s\nexit %d\nstderr: %s\n", what, result.code, result.err.c_str());
  std::abort();
}

// `file`: the scenario path as messages name it; `command`: "run", "compare".
inline void check(const Result& result, const std::string& file, const std::string& command) {
  if (result.code != 0 && result.code != 2 && result.code != 3 && result.code != 4 && result.code != 5)
    bug("unexpected exit code", result);
  if (result.code == 0) return;
  std::string_view err = result.err;
  bool names_file = err.rfind("error: " + file + ":", 0) == 0;
  bool names_command = result.code == 2 && err.rfind("error: " + command + ": ", 0) == 0;
  if (!names_file && !names_command) bug("the message names neither the file nor the command", result);
  if (err.find('\n') != err.size() - 1) bug("the message is not one line", result);
  if (printable_utf8(err) != err) bug("the message is not valid UTF-8 text", result);
}

// The file each input is written to, removed when the fuzzer exits.
struct InputFile {
  std::string path = "/dev/shm/gilsim-fuzz-" + std::to_string(::getpid()) + ".json";
  ~InputFile() { ::unlink(path.c_str()); }
  void write(const std::uint8_t* data, std::size_t size) const {
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr) std::abort();
    if (size > 0 && std::fwrite(data, 1, size, file) != size) std::abort();
    std::fclose(file);
  }
};

inline std::uint32_t fnv1a(const std::uint8_t* data, std::size_t size) {
  std::uint32_t hash = 2166136261u;
  for (std::size_t i = 0; i < size; ++i) hash = (hash ^ data[i]) * 16777619u;
  return hash;
}

}  // namespace gilsim::fuzz
