#include "scenario/start_method.h"

#include <charconv>

#include "scenario/spelling.h"

namespace gilsim {

namespace {

struct Version {
  int major = 0;
  int minor = 0;
};

// "3.14" or "3.11.7" -> {3, 14}; false when it is not such a version.
bool parse_version(const std::string& text, Version& out) {
  const char* p = text.data();
  const char* end = text.data() + text.size();
  int parts[3] = {0, 0, 0};
  int n = 0;
  while (n < 3) {
    auto [next, error] = std::from_chars(p, end, parts[n]);
    if (error != std::errc() || next == p || next - p > 3) return false;
    ++n;
    p = next;
    if (p == end) break;
    if (*p != '.') return false;
    ++p;
  }
  if (p != end || n < 2) return false;
  out = {parts[0], parts[1]};
  return true;
}

}  // namespace

StartMethod read_start_method(const JsonReader& in, const Json& value, const std::string& path) {
  std::string name = in.string(value, path);
  if (name == "fork") return StartMethod::fork;
  if (name == "forkserver") return StartMethod::forkserver;
  if (name == "spawn") return StartMethod::spawn;
  in.fail(path, "unknown start method " + quote_short(name, 60) + " (" +
                    did_you_mean(name, {"fork", "forkserver", "spawn"}) +
                    "valid: fork (a copy of the parent), forkserver (a fork of a server process), spawn (a new "
                    "interpreter))");
}

std::string read_python_version(const JsonReader& in, const Json& value, const std::string& path) {
  std::string text = in.string(value, path);
  Version version;
  if (!parse_version(text, version) || !(version.major == 3 || (version.major == 2 && version.minor == 7)))
    in.fail(path, "expected a CPython version such as \"3.11\" or \"3.14\" (2.7 or 3.x), got " + quote_short(text, 60));
  return text;
}

StartMethod default_start_method(const std::string& python) {
  Version version;
  if (!parse_version(python, version)) return StartMethod::fork;
  return version.major == 3 && version.minor >= 14 ? StartMethod::forkserver : StartMethod::fork;
}

void check_start_method(const JsonReader& in, const std::string& python, StartMethod method, const std::string& path) {
  Version version;
  if (method == StartMethod::fork || !parse_version(python, version)) return;
  if (version.major == 2 || version.minor < 4)
    in.fail(path, std::string("start method ") + start_method_name(method) + " needs Python 3.4 or later, but the "
                  "scenario names \"python\": " + quote(python) + " (whose multiprocessing has only fork)");
}

}  // namespace gilsim
