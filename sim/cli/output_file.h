#pragma once
// Output that appears whole or not at all: written to a temporary file in the
// target's folder and renamed over the target only when complete, so a failed
// or interrupted run never leaves a truncated file or spoils an existing one
// (SIGINT, SIGTERM and SIGHUP remove the temporary file). Without a path,
// output goes to standard output; a device or pipe (/dev/stdout, a FIFO) is
// written directly, as it cannot be replaced.

#include <fstream>
#include <iosfwd>
#include <stdexcept>
#include <string>

namespace gilsim {

// An output path that cannot be written: a user error, not a simulator bug.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class OutputFile {
 public:
  // Throws OutputError (with the path and the reason) if the folder is
  // missing or not writable, before any simulation work is done.
  explicit OutputFile(std::string path, std::ostream& standard_output);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::ostream& stream() { return path_.empty() ? standard_output_ : file_; }
  // Flushes and renames the temporary file into place. Throws on failure.
  void commit();

 private:
  std::string path_;
  std::string target_;  // path_, or the file a symbolic link there names
  std::string temporary_;
  bool direct_ = false;  // a device or pipe, written in place
  std::ostream& standard_output_;
  std::ofstream file_;
  bool committed_ = false;
};

}  // namespace gilsim
