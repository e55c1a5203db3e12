// libFuzzer target: any bytes as a scenario file through `gilsim run`, exactly
// as a user runs it (loader, limits, model, one report format chosen by the
// input's hash), twice. A crash, sanitizer report, leak, "internal error"
// (exit 1), an unexpected exit code, a message that is not one line naming the
// file, or two runs that differ is a bug. Build with -DGILSIM_FUZZ=ON and
// clang++; run with tools/fuzz.

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

namespace {

// Every report format; the input picks one, so each input costs one format.
const char* const kFormats[] = {"events", "text", "json", "summary", "chrome", "html"};

// Small enough that one input costs milliseconds and megabytes, large enough
// to reach every model path (GIL hand-offs, preemption, deadlocks, limits).
const char* const kLimits[] = {"--max-events", "5000", "--max-threads", "500", "--max-script-steps", "20000",
                               "--width", "80"};

// The file each input is written to, removed when the fuzzer exits.
struct InputFile {
  std::string path = "/dev/shm/gilsim-fuzz-" + std::to_string(::getpid()) + ".json";
  ~InputFile() { ::unlink(path.c_str()); }
};

struct Result {
  int code = 0;
  std::string out;
  std::string err;
};

Result run(const std::string& path, const char* format) {
  std::vector<const char*> argv = {"gilsim", "run", path.c_str(), "--format", format};
  argv.insert(argv.end(), std::begin(kLimits), std::end(kLimits));
  std::ostringstream out, err;
  Result result;
  result.code = gilsim::run_cli(static_cast<int>(argv.size()), argv.data(), out, err);
  result.out = out.str();
  result.err = err.str();
  return result;
}

[[noreturn]] void bug(const char* what, const Result& result) {
  std::fprintf(stderr, "BUG: %s\nexit %d\nstderr: %s\n", what, result.code, result.err.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const InputFile input;
  const std::string& path = input.path;
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, file) != size) std::abort();
  std::fclose(file);

  std::uint32_t hash = 2166136261u;  // FNV-1a: the same input always picks the same format
  for (std::size_t i = 0; i < size; ++i) hash = (hash ^ data[i]) * 16777619u;
  const char* format = kFormats[hash % (sizeof kFormats / sizeof kFormats[0])];

  Result first = run(path, format);
  if (first.code != 0 && first.code != 2 && first.code != 3 && first.code != 4) bug("unexpected exit code", first);
  if (first.code != 0) {
    std::string_view err = first.err;
    if (err.rfind("error: " + path + ":", 0) != 0 || err.find('\n') != err.size() - 1)
      bug("the message is not one line naming the file", first);
  }
  Result second = run(path, format);
  if (second.code != first.code || second.out != first.out || second.err != first.err)
    bug("two runs of the same input differ", second);
  return 0;
}
