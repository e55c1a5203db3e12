// libFuzzer target: `gilsim compare` with fuzzed options and a fuzzed
// scenario, at --jobs 1 and --jobs 2, which must give the same bytes and exit
// code (the output never depends on the pool). The input is a header of
// lines "cores V", "gil V", "set V" and "metric V" (up to three each), "shard V" and "format V",
// an empty line, then the scenario file. Checks as fuzz_support.h says.

#include <algorithm>

#include "fuzz_support.h"

namespace {

// Grids stay small, so that one input costs milliseconds: numbers above 64 in
// --cores and more than 8 values in a --set are out of the harness's scope
// (a grid of 100,000 points is a long run, not a bug).
bool small_grid(const std::string& option, const std::string& value) {
  if (option == "--cores") {
    std::uint64_t number = 0;
    for (char c : value) {
      if (c >= '0' && c <= '9') {
        number = std::min<std::uint64_t>(number * 10 + static_cast<std::uint64_t>(c - '0'), 1000);
        if (number > 64) return false;
      } else {
        number = 0;
      }
    }
  }
  if (option == "--set" && std::count(value.begin(), value.end(), ',') >= 8) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gilsim::fuzz;
  static const InputFile input;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> options;
  int sets = 0, metrics = 0;
  while (true) {
    std::size_t end = text.find('\n');
    if (end == std::string_view::npos || end == 0) break;
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    std::size_t space = line.find(' ');
    std::string key(line.substr(0, space)), value(space == std::string_view::npos ? "" : line.substr(space + 1));
    if (key != "cores" && key != "gil" && key != "set" && key != "metric" && key != "shard" && key != "format")
      continue;
    if ((key == "set" && ++sets > 3) || (key == "metric" && ++metrics > 3)) continue;
    std::string option = "--" + key;
    if (!small_grid(option, value)) return 0;
    options.push_back(option);
    options.push_back(value);
  }
  if (!text.empty() && text.front() == '\n') text.remove_prefix(1);
  input.write(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());

  std::vector<std::string> words = {"compare", input.path, "--quiet", "--max-events", "5000", "--max-threads",
                                    "200", "--max-script-steps", "20000", "--jobs"};
  words.push_back("1");
  words.insert(words.end(), options.begin(), options.end());
  Result one = run(words);
  check(one, input.path, "compare");
  std::find(words.begin(), words.end(), "--jobs")[1] = "2";
  Result two = run(words);
  if (!(two == one)) bug("--jobs 1 and --jobs 2 differ", two);
  return 0;
}
