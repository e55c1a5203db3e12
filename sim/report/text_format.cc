#include "report/text_format.h"

#include <algorithm>
#include <cstdio>

#include "report/display_width.h"

namespace gilsim {

std::string terminal_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const Decoded d = decode_utf8(s, i);
    const char32_t c = d.code_point;
    const bool control = c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f);
    const bool reorders = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    if (d.valid && !control && !reorders) {
      out.append(s.substr(i, d.length));
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      for (std::size_t k = 0; k < d.length; ++k) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(s[i + k])));
        out += buf;
      }
    }
    i += d.length;
  }
  return out;
}

std::size_t text_columns(std::string_view s) { return display_width(s); }

std::string pad(std::string s, std::size_t width, Align align) {
  const std::size_t columns = text_columns(s);
  if (columns >= width) return s;
  return align == Align::left ? s.append(width - columns, ' ') : std::string(width - columns, ' ') + s;
}

std::string rtrim(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::string abbreviate(const std::string& s, std::size_t width) {
  if (text_columns(s) <= width) return s;
  if (width < 3) return s.substr(0, prefix_within(s, width));
  // The thread's name whole, after as much of the process's as fits (at least one character).
  const std::size_t slash = s.rfind('/');
  if (slash != std::string::npos && slash > 0) {
    const std::string tail = s.substr(slash);
    const std::size_t tail_columns = text_columns(tail);
    if (tail_columns + 2 <= width) return s.substr(0, prefix_within(s.substr(0, slash), width - tail_columns - 1)) + "~" + tail;
  }
  // The start and the tail, the tail a little longer: copies differ at the end.
  const std::size_t head = (width - 1) / 2;
  const std::string_view view(s);
  return s.substr(0, prefix_within(view, head)) + "~" + s.substr(suffix_within(view, width - 1 - head));
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
        const std::size_t cut = std::max<std::size_t>(prefix_within(word, width), 1);
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
