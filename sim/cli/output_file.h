#pragma once
// Output that appears whole or not at all: written to a temporary file in the
// target's folder and renamed over the target only when complete, so a failed
// or interrupted run never leaves a truncated file or spoils an existing one
// (SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGPIPE remove the temporary file).
// Without a path, or with "-", output goes to standard output; a device or
// pipe (/dev/stdout, a FIFO) is written directly, as it cannot be replaced.
// Every write is checked: a full disk or a closed standard output is an
// error with its reason, never a report silently lost.

#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace gilsim {

// An output path that cannot be written: a user error, not a simulator bug.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A stream buffer over a file descriptor that remembers why a write failed
// (std::ofstream forgets errno).
class FdBuffer : public std::streambuf {
 public:
  FdBuffer() : buffer_(1 << 16) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
  void attach(int fd) { fd_ = fd; }
  int error() const { return error_; }  // the errno of the first failed write, or 0
  // Writes what is buffered and closes the descriptor; false (error() set) on failure.
  bool close();

 protected:
  int_type overflow(int_type c) override;
  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain();
  std::vector<char> buffer_;
  int fd_ = -1;
  int error_ = 0;
};

class OutputFile {
 public:
  // Throws OutputError (with the path and the reason) if the folder is
  // missing or not writable, the file is read-only, or `path` is the
  // scenario file `input` itself, before any simulation work is done.
  OutputFile(std::string path, std::ostream& standard_output, const std::string& input = "");
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  bool to_standard_output() const { return path_.empty() || path_ == "-"; }
  std::ostream& stream() { return to_standard_output() ? standard_output_ : file_; }
  // Flushes, checks every write and renames the temporary file into place.
  // Throws OutputError with the reason on failure.
  void commit();

 private:
  std::string path_;
  std::string target_;  // path_, or the file a symbolic link there names (which may not exist yet)
  std::string temporary_;
  bool direct_ = false;  // a device or pipe, written in place
  std::ostream& standard_output_;
  FdBuffer buffer_;
  std::ostream file_{&buffer_};
  bool committed_ = false;
};

// Checks that everything written to standard output got there (a full disk,
// a closed descriptor); throws OutputError "standard output: write failed: REASON".
void check_standard_output(std::ostream& out);

}  // namespace gilsim
