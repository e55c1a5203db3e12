// libFuzzer target: any bytes as a scenario file through `gilsim run`, exactly
// as a user runs it (loader, limits, model, one report format chosen by the
// input's hash), twice. A crash, sanitizer report, leak, "internal error"
// (exit 1), an unexpected exit code, a message that is not one line naming the
// file, or two runs that differ is a bug (fuzz_support.h). Build with
// -DGILSIM_FUZZ=ON and clang++; run with tools/fuzz.

#include "fuzz_support.h"

namespace {

// Every report format; the input picks one, so each input costs one format.
const char* const kFormats[] = {"events", "text", "json", "summary", "chrome", "html"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gilsim::fuzz;
  static const InputFile input;
  input.write(data, size);
  const char* format = kFormats[fnv1a(data, size) % (sizeof kFormats / sizeof kFormats[0])];
  // Small limits: one input costs milliseconds and megabytes, yet reaches
  // every model path (GIL hand-offs, preemption, deadlocks, limits).
  const std::vector<std::string> words = {"run", input.path, "--format", format, "--max-events", "5000",
                                          "--max-threads", "500", "--max-script-steps", "20000",
                                          "--max-output", "100000", "--width", "80"};
  Result first = run(words);
  check(first, input.path, "run");
  if (!(run(words) == first)) bug("two runs of the same input differ", first);
  return 0;
}
