#include "export/python_text.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>

namespace gilsim {

namespace {

// Decodes one UTF-8 sequence at text[i]; invalid bytes read as U+FFFD, one each.
std::uint32_t next_code_point(std::string_view text, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > text.size()) {
    ++i;
    return lead < 0x80 ? lead : 0xFFFD;
  }
  std::uint32_t code = length == 1 ? lead : lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  i += length;
  return code;
}

constexpr std::array kKeywords = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "exec", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "print", "raise", "return", "try", "while", "with", "yield",
};

// Builtins of Python 3 and 2: a module-level function of that name would
// shadow the builtin for the runtime too.
constexpr std::array kBuiltins = {
    "abs", "all", "any", "apply", "ascii", "basestring", "bin", "bool", "breakpoint", "buffer", "bytearray",
    "bytes", "callable", "chr", "classmethod", "cmp", "coerce", "compile", "complex", "copyright", "credits",
    "delattr", "dict", "dir", "divmod", "enumerate", "eval", "execfile", "exit", "file", "filter", "float",
    "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex", "id", "input", "int", "intern",
    "isinstance", "issubclass", "iter", "len", "license", "list", "locals", "long", "map", "max", "memoryview",
    "min", "next", "object", "oct", "open", "ord", "pow", "property", "quit", "range", "raw_input", "reduce",
    "reload", "repr", "reversed", "round", "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum",
    "super", "tuple", "type", "unichr", "unicode", "vars", "xrange", "zip",
};

}  // namespace

const std::vector<std::string>& python_runtime_names() {
  // Module-level names of the runtime that do not start with "_" (tests check
  // the list against the runtime's text), and those of the generated code.
  static const std::vector<std::string> names = {
      "hashlib", "itertools", "json", "multiprocessing", "os", "select", "shutil", "sys", "tempfile", "threading",
      "time", "traceback", "zlib", "queue", "ctypes", "PY2", "format_duration", "copy_name", "THREAD", "PROCESS",
      "TIME", "ACTIVE_COUNT", "ForbiddenRelease", "ScriptThread", "process_name", "SETTINGS", "DEVICES", "MP_QUEUES", "MP_SHARED",
      "PROCESSES", "PROCESS_COPIES", "PROCESSES_NAMED", "STARTING_PROCESSES", "me", "concurrent", "warnings",
      "running_task", "pool_thread_started", "pool_process_started",
  };
  return names;
}

std::string python_string(std::string_view text) {
  std::string body;
  bool ascii = true;
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t c = next_code_point(text, i);
    char escape[16];
    switch (c) {
      case '\\': body += "\\\\"; break;
      case '"': body += "\\\""; break;
      case '\n': body += "\\n"; break;
      case '\r': body += "\\r"; break;
      case '\t': body += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          std::snprintf(escape, sizeof escape, "\\x%02x", static_cast<unsigned>(c));
          body += escape;
        } else if (c < 0x80) {
          body += static_cast<char>(c);
        } else {
          ascii = false;
          std::snprintf(escape, sizeof escape, c < 0x10000 ? "\\u%04x" : "\\U%08x", static_cast<unsigned>(c));
          body += escape;
        }
    }
  }
  return (ascii ? "\"" : "u\"") + body + "\"";
}

std::string python_identifier(std::string_view name) {
  std::string out;
  bool replaced = false;  // the last character written stands for others
  for (char c : name) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (keep) {
      out += c;
      replaced = false;
    } else if (!replaced) {
      out += '_';
      replaced = true;
    }
  }
  return out;
}

bool is_python_reserved(std::string_view name) {
  auto in = [&](const auto& list) { return std::find(list.begin(), list.end(), name) != list.end(); };
  return in(kKeywords) || in(kBuiltins) || in(python_runtime_names());
}

std::vector<std::string> comment_lines(std::string_view input, std::size_t width) {
  // Python ends a line at \r too, and refuses NUL: every control character
  // but the line break is a space in a comment.
  std::string cleaned(input);
  for (char& c : cleaned)
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == 0x7F) c = ' ';
  std::string_view text = cleaned;
  std::vector<std::string> lines;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view paragraph = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    std::string line = "#";
    std::size_t pos = 0;
    bool any = false;
    while (pos < paragraph.size()) {
      std::size_t word_end = paragraph.find(' ', pos);
      if (word_end == std::string_view::npos) word_end = paragraph.size();
      std::string_view word = paragraph.substr(pos, word_end - pos);
      pos = word_end + 1;
      if (word.empty()) continue;
      if (any && line.size() + 1 + word.size() > width) {
        lines.push_back(line);
        line = "#";
      }
      line += " ";
      line += word;
      any = true;
    }
    lines.push_back(line);
  }
  return lines;
}

}  // namespace gilsim
