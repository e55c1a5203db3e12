#pragma once
// Text for HTML: markup characters escaped (& < > " '), invalid UTF-8 and
// control characters (but tab and newline) replaced by U+FFFD. Every page
// gilsim writes puts names and printed text through it.

#include <string>
#include <string_view>

namespace gilsim {

std::string html_text(std::string_view s);

}  // namespace gilsim
