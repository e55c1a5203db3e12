#pragma once
// How many columns a terminal gives text: one model for every text table,
// lane label and wrapped line. UTF-8 is decoded; East Asian wide and
// fullwidth characters and emoji take two columns, combining marks and
// zero-width characters none, every other character one (a simplified
// wcwidth over the Unicode 15 tables). Bytes that are not UTF-8 count one
// each (terminal_text escapes them before anything is laid out).

#include <cstddef>
#include <string>
#include <string_view>

namespace gilsim {

int code_point_columns(char32_t c);

// The code point at `s[at]` and how many bytes it takes; a byte that does
// not start valid UTF-8 is returned as itself, one byte long, with `valid` false.
struct Decoded {
  char32_t code_point = 0;
  std::size_t length = 1;
  bool valid = false;
};
Decoded decode_utf8(std::string_view s, std::size_t at);

std::size_t display_width(std::string_view s);

// The longest prefix of `s` that takes at most `columns` columns, as bytes.
std::size_t prefix_within(std::string_view s, std::size_t columns);
// The longest suffix of `s` that takes at most `columns` columns, as its first byte.
std::size_t suffix_within(std::string_view s, std::size_t columns);

}  // namespace gilsim
