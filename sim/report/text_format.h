#pragma once
// Text for a terminal, as the text report and the compare view lay it out:
// cleaning, padding, shortening and word wrap. Widths count columns, as a
// terminal does: a UTF-8 character takes one.

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace gilsim {

// Printable ASCII stays; everything else is escaped ("\n", "\t", "\xc3") so a
// report stays ASCII and one print stays one line.
std::string ascii_clean(std::string_view s);

// Columns a terminal gives `s`: UTF-8 continuation bytes take none.
std::size_t text_columns(std::string_view s);

enum class Align : std::uint8_t { left, right };

// `s` with spaces after (left) or before (right) up to `width` columns; a
// longer `s` as it is.
std::string pad(std::string s, std::size_t width, Align align);
// Trailing spaces dropped.
std::string rtrim(std::string s);
// `s` in at most `width` bytes, keeping the tail, which tells copies apart:
// "~er-17" for "app/worker-17" in 6. For ASCII text.
std::string fit(const std::string& s, std::size_t width);

// Cells padded to their columns' widths, two spaces apart, trailing spaces dropped.
std::string text_row(const std::vector<std::string>& cells, const std::vector<std::size_t>& widths,
                     const std::vector<Align>& align);

// What wrap() does with a word wider than the line.
enum class LongWords : std::uint8_t {
  cut,   // cut it into lines of the width: no line is ever wider
  keep,  // leave it whole, alone on its line
};

// `text` in lines of at most `width` (>= 1) columns, broken at spaces (runs of
// spaces count as one). None for a text of spaces only.
std::vector<std::string> wrap(std::string_view text, std::size_t width, LongWords long_words);

// `key` in a column of `key_width`, `text` wrapped beside it (long words cut)
// in the rest of `width`; at least one line, the key's.
void write_keyed(std::ostream& out, const std::string& key, std::string_view text, std::size_t key_width,
                 std::size_t width);

// `items` after `key` as write_keyed does, `separator` between them, an item
// broken only if it is wider than a line: "# running, - ready, (blank) not alive".
void write_keyed_items(std::ostream& out, const std::string& key, const std::vector<std::string>& items,
                       const std::string& separator, std::size_t key_width, std::size_t width);

}  // namespace gilsim
