#include "cli/output_file.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace gilsim {

namespace {

// The temporary files being written, for a signal handler that removes them:
// an interrupted run (Ctrl-C, kill, a closed terminal or pipe) leaves nothing
// behind. Fixed-size storage: the handler may only use async-signal-safe calls.
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};
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

std::string reason(int error) { return error != 0 ? std::strerror(error) : "the stream reports an error"; }

// The file that writing `path` would replace: symbolic links followed, even
// one whose target does not exist yet (the link stays, its target is made).
std::string follow_links(const std::string& path) {
  std::filesystem::path current = path;
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code error;
    if (!std::filesystem::is_symlink(std::filesystem::symlink_status(current, error)) || error) return current.string();
    std::filesystem::path next = std::filesystem::read_symlink(current, error);
    if (error) return current.string();
    current = next.is_absolute() ? next : current.parent_path() / next;
  }
  throw OutputError(path + ": too many levels of symbolic links");
}

}  // namespace

bool FdBuffer::drain() {
  const char* data = pbase();
  std::size_t left = static_cast<std::size_t>(pptr() - pbase());
  while (left > 0 && error_ == 0) {
    ssize_t wrote = ::write(fd_, data, left);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) {
      error_ = wrote < 0 ? errno : EIO;
      break;
    }
    data += wrote;
    left -= static_cast<std::size_t>(wrote);
  }
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  return error_ == 0;
}

FdBuffer::int_type FdBuffer::overflow(int_type c) {
  if (!drain()) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

bool FdBuffer::close() {
  if (fd_ < 0) return error_ == 0;
  drain();
  if (::close(fd_) != 0 && error_ == 0) error_ = errno;  // NFS and full disks may report here
  fd_ = -1;
  return error_ == 0;
}

OutputFile::OutputFile(std::string path, std::ostream& standard_output, const std::string& input)
    : path_(std::move(path)), standard_output_(standard_output) {
  if (to_standard_output()) return;
  struct stat existing {};
  bool exists = ::stat(path_.c_str(), &existing) == 0;  // through symbolic links
  struct stat scenario {};
  if (exists && !input.empty() && input != "-" && ::stat(input.c_str(), &scenario) == 0 &&
      scenario.st_dev == existing.st_dev && scenario.st_ino == existing.st_ino && S_ISREG(existing.st_mode))
    throw OutputError(path_ + ": is the scenario file itself (the report would replace it; give another -o)");
  if (exists && S_ISDIR(existing.st_mode))
    throw OutputError(path_ + ": is a folder (give the name of a file, e.g. " +
                      (std::filesystem::path(path_) / "report.txt").string() + ")");
  if (exists && !S_ISREG(existing.st_mode)) {
    // A device or a pipe (/dev/stdout, /dev/null, a FIFO) cannot be replaced
    // atomically, and renaming a file over it would destroy it: write to it.
    int fd = ::open(path_.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) throw OutputError(path_ + ": cannot write: " + std::strerror(errno));
    buffer_.attach(fd);
    direct_ = true;
    return;
  }
  // A read-only file stays as it is, as a shell's `>` would leave it.
  if (exists && ::access(path_.c_str(), W_OK) != 0)
    throw OutputError(path_ + ": cannot write: " + std::strerror(errno));
  target_ = follow_links(path_);
  std::filesystem::path target(target_);
  std::string folder = target.has_parent_path() ? target.parent_path().string() : ".";
  // ".NAME.tmp-XXXXXX", NAME cut so that the whole stays a legal file name.
  std::string name = target.filename().string();
  constexpr std::size_t kSuffix = sizeof ".tmp-XXXXXX" - 1;
  if (1 + name.size() + kSuffix > NAME_MAX) name.resize(NAME_MAX - 1 - kSuffix);
  std::string pattern = (std::filesystem::path(folder) / ("." + name + ".tmp-XXXXXX")).string();
  int fd = ::mkstemp(pattern.data());
  if (fd < 0) throw OutputError(path_ + ": cannot write here: " + std::strerror(errno));
  // mkstemp makes the file private; give it the permissions of the file it
  // replaces, or those a plain open would.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, exists ? existing.st_mode & 07777 : 0666 & ~mask);
  temporary_ = pattern;
  remove_on_signal(temporary_);
  buffer_.attach(fd);
}

OutputFile::~OutputFile() {
  buffer_.close();
  if (!temporary_.empty() && !committed_) ::unlink(temporary_.c_str());
  if (!temporary_.empty()) forget_on_signal(temporary_);
}

void OutputFile::commit() {
  if (to_standard_output()) {
    check_standard_output(standard_output_);
    return;
  }
  file_.flush();
  if (!buffer_.close() || !file_) throw OutputError(path_ + ": write failed: " + reason(buffer_.error()));
  if (direct_) {
    committed_ = true;
    return;
  }
  if (std::rename(temporary_.c_str(), target_.c_str()) != 0)
    throw OutputError(path_ + ": cannot replace: " + std::strerror(errno));
  committed_ = true;
}

void check_standard_output(std::ostream& out) {
  errno = 0;
  out.flush();
  auto* fd = dynamic_cast<FdBuffer*>(out.rdbuf());
  if (!out || (fd != nullptr && fd->error() != 0))
    throw OutputError("standard output: write failed: " + reason(fd != nullptr ? fd->error() : errno));
}

}  // namespace gilsim
