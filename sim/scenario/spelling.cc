#include "scenario/spelling.h"

#include <algorithm>
#include <cstdio>

namespace gilsim {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: three rows of the classic table, so that two
  // swapped neighbours ("cpsu" for "cpus") cost one edit, as people make them.
  std::vector<std::size_t> before(b.size() + 1), above(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) above[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t substitute = above[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above[j] + 1, row[j - 1] + 1, substitute});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) row[j] = std::min(row[j], before[j - 2] + 1);
    }
    std::swap(before, above);
    std::swap(above, row);
  }
  return above[b.size()];
}

std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& valid) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const std::string& candidate : valid) {
    std::size_t limit = std::max<std::size_t>(1, candidate.size() / 3);
    std::size_t length_gap = word.size() > candidate.size() ? word.size() - candidate.size() : candidate.size() - word.size();
    if (length_gap > limit) continue;  // cannot be close; also keeps huge inputs cheap
    std::size_t distance = edit_distance(word, candidate);
    if (distance == 0 || distance > limit) continue;
    if (!best || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& valid) {
  std::optional<std::string> match = closest_match(word, valid);
  return match ? "did you mean " + quote(*match) + "?; " : "";
}

std::string printable_utf8(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
    bool whole = length > 0 && i + length <= text.size();
    for (std::size_t k = 1; whole && k < length; ++k) whole = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    char escaped[12];
    if (!whole) {
      std::snprintf(escaped, sizeof escaped, "<0x%02X>", static_cast<unsigned>(lead));
      out += escaped;
      ++i;
    } else if (text.substr(i, length) == "\xEF\xBB\xBF") {
      out += "<U+FEFF>";  // a byte order mark is invisible on a terminal
      i += length;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::string quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (byte < 0x20 || byte == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(byte));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return printable_utf8(out) + "\"";
}

std::string quote_short(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return quote(text);
  std::size_t cut = limit;
  // Back off over UTF-8 continuation bytes so that no character is split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  std::string out = quote(text.substr(0, cut));
  out.insert(out.size() - 1, "...");
  return out;
}

std::string comma_list(const std::vector<std::string>& items, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < limit; ++i) {
    if (i > 0) out += ", ";
    out += items[i];
  }
  if (items.size() > limit) out += ", ... (" + std::to_string(items.size() - limit) + " more)";
  return out;
}

}  // namespace gilsim
