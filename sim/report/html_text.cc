#include "report/html_text.h"

namespace gilsim {

// Text for HTML: markup characters escaped, invalid UTF-8 and control
// characters (but tab and newline) replaced by U+FFFD.
std::string html_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    bool valid = length > 0 && i + length <= s.size();
    for (std::size_t k = 1; valid && k < length; ++k) valid = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
    if (valid && length == 2) valid = c >= 0xc2;  // no overlong forms
    if (valid && length == 3) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      valid = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0);  // overlong, surrogates
    }
    if (valid && length == 4) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      valid = c <= 0xf4 && !(c == 0xf0 && c1 < 0x90) && !(c == 0xf4 && c1 >= 0x90);
    }
    if (!valid || (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
      out += "\xef\xbf\xbd";
      i += valid ? length : 1;
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.append(s.substr(i, length));
    }
    i += length;
  }
  return out;
}

}  // namespace gilsim
