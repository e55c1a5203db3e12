#include "scenario/file_text.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "scenario/loader.h"

namespace gilsim {

std::string scenario_label(const std::string& path) { return path == "-" ? "<stdin>" : path; }

std::string read_scenario_text(const std::string& path) {
  const bool standard_input = path == "-";
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(standard_input ? stdin : std::fopen(path.c_str(), "rb"),
                                                       standard_input ? +[](std::FILE*) { return 0; } : &std::fclose);
  const std::string label = scenario_label(path);
  if (!file) throw InputError(label + ": cannot read: " + std::strerror(errno));
  std::string text;
  char buffer[1 << 16];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    text.append(buffer, got);
    // Checked while reading: an endless input never ends on its own.
    if (text.size() > kMaxScenarioBytes)
      throw InputError(label + ": larger than " + std::to_string(kMaxScenarioBytes >> 20) +
                       " MiB (a scenario file is at most that; use count and repeat rather than writing steps out)");
  }
  if (std::ferror(file.get())) throw InputError(label + ": cannot read: " + std::strerror(errno));
  return text;
}

}  // namespace gilsim
