#pragma once
// Text for a terminal, as the text report and the compare view lay it out:
// cleaning, padding, shortening and word wrap. Widths count columns, as a
// terminal does (report/display_width.h): a wide character takes two, a
// combining mark none.

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace gilsim {

// Printable text stays, UTF-8 included ("café", "処理"); control characters,
// bidirectional overrides and bytes that are not UTF-8 are escaped ("\n",
// "\t", "\xc3"), so one print stays one line and nothing reorders a table.
std::string terminal_text(std::string_view s);

// Columns a terminal gives `s` (display_width).
std::size_t text_columns(std::string_view s);

enum class Align : std::uint8_t { left, right };

// `s` with spaces after (left) or before (right) up to `width` columns; a
// longer `s` as it is.
std::string pad(std::string s, std::size_t width, Align align);
// Trailing spaces dropped.
std::string rtrim(std::string s);
// `s` in at most `width` columns, still recognisable: a name "process/thread"
// keeps the start of its process and its whole thread name
// ("verylongpr~/worker-17"); where that is too long, its start and its tail,
// which tells copies apart ("app/~er-17" for "app/worker-17" in 10).
std::string abbreviate(const std::string& s, std::size_t width);

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
