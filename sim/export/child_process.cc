#include "export/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace gilsim {

namespace {

using Clock = std::chrono::steady_clock;

struct Pipe {
  int read = -1, write = -1;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    read = fds[0];
    write = fds[1];
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  void close_read() {
    if (read >= 0) ::close(read);
    read = -1;
  }
  void close_write() {
    if (write >= 0) ::close(write);
    write = -1;
  }
};

[[noreturn]] void exec_child(const std::vector<std::string>& argv, Pipe& out, Pipe& err, Pipe& status) {
  // Only async-signal-safe calls from here to exec: the parent may have threads.
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  int null = ::open("/dev/null", O_RDONLY);
  if (null >= 0) ::dup2(null, STDIN_FILENO);
  ::dup2(out.write, STDOUT_FILENO);
  ::dup2(err.write, STDERR_FILENO);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execvp(args[0], args.data());
  int error = errno;
  ssize_t written = ::write(status.write, &error, sizeof error);
  (void)written;
  ::_exit(127);
}

// Reads what is there; false at end of file.
bool drain(int fd, std::string& into, std::size_t keep, const std::function<void(std::string_view)>& seen = {}) {
  char buffer[65536];
  ssize_t n = ::read(fd, buffer, sizeof buffer);
  if (n < 0) return errno == EINTR || errno == EAGAIN;
  if (n == 0) return false;
  into.append(buffer, static_cast<std::size_t>(n));
  if (seen) seen(std::string_view(buffer, static_cast<std::size_t>(n)));
  if (into.size() > keep) into.erase(0, into.size() - keep);
  return true;
}

}  // namespace

std::string ChildResult::describe() const {
  if (!exec_error.empty()) return "could not be started: " + exec_error;
  char text[128];
  if (timed_out) {
    std::snprintf(text, sizeof text, "did not finish within %.1f s and was stopped", seconds);
    return text;
  }
  if (signal != 0) return "was killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
  return "exited with code " + std::to_string(exit_code);
}

ChildResult run_child(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                      const std::function<void(std::string_view)>& on_stderr) {
  if (argv.empty()) throw std::invalid_argument("run_child: no program");
  Pipe out, err, status;
  const Clock::time_point started = Clock::now();
  const Clock::time_point deadline = started + timeout;
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) exec_child(argv, out, err, status);
  ::setpgid(pid, pid);  // (also in the child: whichever runs first)
  out.close_write();
  err.close_write();
  status.close_write();

  ChildResult result;
  int error = 0;
  if (::read(status.read, &error, sizeof error) == static_cast<ssize_t>(sizeof error))
    result.exec_error = argv[0] + ": " + std::strerror(error);  // the exec failed; the child has exited
  bool out_open = true, err_open = true;
  while ((out_open || err_open) && !result.timed_out) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      result.timed_out = true;
      break;
    }
    pollfd fds[2] = {{out_open ? out.read : -1, POLLIN, 0}, {err_open ? err.read : -1, POLLIN, 0}};
    int ready = ::poll(fds, 2, static_cast<int>(std::min<long long>(left, 1000)));
    if (ready < 0 && errno != EINTR) throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
    if (ready <= 0) continue;
    if (out_open && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) out_open = drain(out.read, result.out, SIZE_MAX);
    if (err_open && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)))
      err_open = drain(err.read, result.err, kMaxStderr, on_stderr);
  }
  // Both pipes are closed (or time is up): wait for the exit, until the deadline.
  int wstatus = 0;
  while (!result.timed_out) {
    pid_t done = ::waitpid(pid, &wstatus, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
    if (Clock::now() >= deadline) result.timed_out = true;
    else ::usleep(2000);
  }
  if (result.timed_out) {
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
    }
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  if (!result.timed_out) {
    if (WIFEXITED(wstatus)) result.exit_code = WEXITSTATUS(wstatus);
    if (WIFSIGNALED(wstatus)) result.signal = WTERMSIG(wstatus);
  }
  return result;
}

}  // namespace gilsim
