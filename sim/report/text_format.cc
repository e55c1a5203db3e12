#include "report/text_format.h"

#include <cstdio>

namespace gilsim {

namespace {

// The offset of the byte that starts column `column` of `s` (its size past the end).
std::size_t byte_of_column(std::string_view s, std::size_t column) {
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && column-- == 0) return i;
  return s.size();
}

}  // namespace

std::string ascii_clean(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) {
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(u));
      out += buf;
    }
  }
  return out;
}

std::size_t text_columns(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string pad(std::string s, std::size_t width, Align align) {
  const std::size_t columns = text_columns(s);
  if (columns >= width) return s;
  return align == Align::left ? s.append(width - columns, ' ') : std::string(width - columns, ' ') + s;
}

std::string rtrim(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::string fit(const std::string& s, std::size_t width) {
  if (s.size() <= width) return s;
  if (width == 0) return "";
  return "~" + s.substr(s.size() - (width - 1));
}

std::string text_row(const std::vector<std::string>& cells, const std::vector<std::size_t>& widths,
                     const std::vector<Align>& align) {
  std::string line;
  for (std::size_t k = 0; k < cells.size(); ++k) line += (k ? "  " : "") + pad(cells[k], widths[k], align[k]);
  return rtrim(std::move(line));
}

std::vector<std::string> wrap(std::string_view text, std::size_t width, LongWords long_words) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    std::size_t j = std::min(text.find(' ', i), text.size());
    std::string_view word = text.substr(i, j - i);
    i = j;
    if (!line.empty() && text_columns(line) + 1 + text_columns(word) > width) {
      lines.push_back(std::move(line));
      line.clear();
    }
    if (line.empty() && long_words == LongWords::cut) {
      while (text_columns(word) > width) {
        const std::size_t cut = byte_of_column(word, width);
        lines.emplace_back(word.substr(0, cut));
        word.remove_prefix(cut);
      }
    }
    if (!line.empty()) line += ' ';
    line += word;
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

void write_keyed(std::ostream& out, const std::string& key, std::string_view text, std::size_t key_width,
                 std::size_t width) {
  std::vector<std::string> lines = wrap(text, width - key_width, LongWords::cut);
  if (lines.empty()) lines.emplace_back();
  for (std::size_t i = 0; i < lines.size(); ++i)
    out << rtrim(pad(i == 0 ? key : "", key_width, Align::left) + lines[i]) << '\n';
}

void write_keyed_items(std::ostream& out, const std::string& key, const std::vector<std::string>& items,
                       const std::string& separator, std::size_t key_width, std::size_t width) {
  const std::size_t room = width > key_width ? width - key_width : 1;
  std::vector<std::string> lines(1);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string item = items[i] + (i + 1 < items.size() ? rtrim(separator) : "");
    std::string& line = lines.back();
    const std::size_t gap = separator.size() - rtrim(separator).size();
    if (!line.empty() && text_columns(line) + gap + text_columns(item) > room) {
      lines.emplace_back();
    } else if (!line.empty()) {
      line.append(gap, ' ');
    }
    if (text_columns(item) <= room) {
      lines.back() += item;
      continue;
    }
    for (const std::string& piece : wrap(item, room, LongWords::cut)) {
      if (!lines.back().empty()) lines.emplace_back();
      lines.back() = piece;
    }
  }
  for (std::size_t i = 0; i < lines.size(); ++i)
    out << rtrim(pad(i == 0 ? key : "", key_width, Align::left) + lines[i]) << '\n';
}

}  // namespace gilsim
