#include "cli/program_runs.h"

#include <stdlib.h>

#include <filesystem>
#include <iostream>

#include "cli/output_file.h"

namespace gilsim {

TemporaryFolder::TemporaryFolder(const std::string& command) {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/gilsim-" + command + "-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr)
    throw OutputError(command + ": cannot make a temporary folder in " + pattern);
  path_ = pattern;
}

TemporaryFolder::~TemporaryFolder() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void Progress::show(const std::string& text) {
  if (!enabled_) return;
  clear();
  std::cerr << text << std::flush;
  width_ = text.size();
}

void Progress::clear() {
  if (enabled_ && width_ > 0) std::cerr << "\r" << std::string(width_, ' ') << "\r" << std::flush;
  width_ = 0;
}

std::string stderr_tail(const std::string& text) {
  std::size_t start = text.size() > 2000 ? text.size() - 2000 : 0;
  std::string tail = text.substr(start);
  if (tail.empty()) return "";
  std::string out = "\nthe end of its stderr:\n";
  std::size_t pos = 0;
  while (pos < tail.size()) {
    std::size_t end = tail.find('\n', pos);
    if (end == std::string::npos) end = tail.size();
    out += "  | " + tail.substr(pos, end - pos) + "\n";
    pos = end + 1;
  }
  out.pop_back();
  return out;
}

}  // namespace gilsim
