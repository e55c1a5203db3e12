#pragma once
// What verify and calibrate need around the Python program they run: a
// temporary folder to write it in, a progress line on a terminal, and the end
// of its stderr for a failure's message.

#include <cstddef>
#include <string>

namespace gilsim {

// A folder of our own ($TMPDIR or /tmp, "gilsim-COMMAND-XXXXXX"), removed when done.
class TemporaryFolder {
 public:
  explicit TemporaryFolder(const std::string& command);
  ~TemporaryFolder();
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// One line on stderr, rewritten in place; nothing when disabled (not a terminal).
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  ~Progress() { clear(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  void show(const std::string& text);
  void clear();

 private:
  bool enabled_;
  std::size_t width_ = 0;
};

// "\nthe end of its stderr:\n  | line\n  | line" (its last 2000 bytes), or "".
std::string stderr_tail(const std::string& text);

}  // namespace gilsim
