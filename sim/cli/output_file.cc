#include "cli/output_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <ostream>
#include <stdexcept>

namespace gilsim {

OutputFile::OutputFile(std::string path, std::ostream& standard_output)
    : path_(std::move(path)), standard_output_(standard_output) {
  if (path_.empty()) return;
  std::filesystem::path target(path_);
  std::string folder = target.has_parent_path() ? target.parent_path().string() : ".";
  std::string name = ".";  // appended piecewise: GCC 12 -Wrestrict misfires on a + chain here
  name += target.filename().string();
  name += ".tmp-XXXXXX";
  std::string pattern = (std::filesystem::path(folder) / name).string();
  int fd = ::mkstemp(pattern.data());
  if (fd < 0) throw OutputError(path_ + ": cannot write here: " + std::strerror(errno));
  // mkstemp makes the file private; give it the permissions a plain open would.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  ::close(fd);
  temporary_ = pattern;
  file_.open(temporary_, std::ios::binary | std::ios::trunc);
  if (!file_) throw OutputError(path_ + ": cannot write here: " + std::strerror(errno));
}

OutputFile::~OutputFile() {
  if (!temporary_.empty() && !committed_) {
    file_.close();
    std::remove(temporary_.c_str());
  }
}

void OutputFile::commit() {
  if (path_.empty()) {
    standard_output_.flush();
    return;
  }
  file_.flush();
  file_.close();
  if (!file_) throw OutputError(path_ + ": write failed");
  if (std::rename(temporary_.c_str(), path_.c_str()) != 0)
    throw OutputError(path_ + ": cannot replace: " + std::strerror(errno));
  committed_ = true;
}

}  // namespace gilsim
