#include "cli/output_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <ostream>
#include <stdexcept>

namespace gilsim {

namespace {

// The temporary files being written, for a signal handler that removes them:
// an interrupted run (Ctrl-C, kill, a closed terminal) leaves nothing behind.
// Fixed-size storage: the handler may only use async-signal-safe calls.
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
constexpr std::size_t kSlots = 4;
char g_temporaries[kSlots][4096];
volatile std::sig_atomic_t g_in_use[kSlots];

extern "C" void remove_temporaries_and_die(int signal) {
  for (std::size_t i = 0; i < kSlots; ++i)
    if (g_in_use[i]) ::unlink(g_temporaries[i]);
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

void remove_on_signal(const std::string& temporary) {
  for (std::size_t i = 0; i < kSlots; ++i) {
    if (g_in_use[i] || temporary.size() >= sizeof g_temporaries[i]) continue;
    std::memcpy(g_temporaries[i], temporary.c_str(), temporary.size() + 1);
    g_in_use[i] = 1;
    for (int signal : kSignals) {
      struct sigaction current {};
      ::sigaction(signal, nullptr, &current);
      if (current.sa_handler != SIG_IGN) std::signal(signal, remove_temporaries_and_die);  // nohup stays nohup
    }
    return;
  }
}

void forget_on_signal(const std::string& temporary) {
  for (std::size_t i = 0; i < kSlots; ++i)
    if (g_in_use[i] && temporary == g_temporaries[i]) g_in_use[i] = 0;
}

}  // namespace

OutputFile::OutputFile(std::string path, std::ostream& standard_output)
    : path_(std::move(path)), standard_output_(standard_output) {
  if (path_.empty()) return;
  struct stat existing {};
  bool exists = ::stat(path_.c_str(), &existing) == 0;  // through symbolic links
  if (exists && S_ISDIR(existing.st_mode))
    throw OutputError(path_ + ": is a folder (give the name of a file, e.g. " +
                      (std::filesystem::path(path_) / "report.txt").string() + ")");
  if (exists && !S_ISREG(existing.st_mode)) {
    // A device or a pipe (/dev/stdout, /dev/null, a FIFO) cannot be replaced
    // atomically, and renaming a file over it would destroy it: write to it.
    file_.open(path_, std::ios::binary);
    if (!file_) throw OutputError(path_ + ": cannot write: " + std::strerror(errno));
    direct_ = true;
    return;
  }
  // Through a symbolic link, replace the file it names rather than the link.
  std::error_code error;
  target_ = path_;
  if (exists) {
    std::filesystem::path real = std::filesystem::canonical(path_, error);
    if (!error) target_ = real.string();
  }
  std::filesystem::path target(target_);
  std::string folder = target.has_parent_path() ? target.parent_path().string() : ".";
  std::string name = ".";  // appended piecewise: GCC 12 -Wrestrict misfires on a + chain here
  name += target.filename().string();
  name += ".tmp-XXXXXX";
  std::string pattern = (std::filesystem::path(folder) / name).string();
  int fd = ::mkstemp(pattern.data());
  if (fd < 0) throw OutputError(path_ + ": cannot write here: " + std::strerror(errno));
  // mkstemp makes the file private; give it the permissions of the file it
  // replaces, or those a plain open would.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, exists ? existing.st_mode & 07777 : 0666 & ~mask);
  ::close(fd);
  temporary_ = pattern;
  remove_on_signal(temporary_);
  file_.open(temporary_, std::ios::binary | std::ios::trunc);
  if (!file_) throw OutputError(path_ + ": cannot write here: " + std::strerror(errno));
}

OutputFile::~OutputFile() {
  if (!temporary_.empty() && !committed_) {
    file_.close();
    std::remove(temporary_.c_str());
  }
  if (!temporary_.empty()) forget_on_signal(temporary_);
}

void OutputFile::commit() {
  if (path_.empty()) {
    standard_output_.flush();
    return;
  }
  file_.flush();
  file_.close();
  if (!file_) throw OutputError(path_ + ": write failed");
  if (direct_) {
    committed_ = true;
    return;
  }
  if (std::rename(temporary_.c_str(), target_.c_str()) != 0)
    throw OutputError(path_ + ": cannot replace: " + std::strerror(errno));
  committed_ = true;
}

}  // namespace gilsim
