#pragma once
// The renderers of a comparison. All output is a function of the comparison
// alone: no wall clock, addresses, hash order or locale.

#include <cstddef>
#include <iosfwd>
#include <string>

#include "compare/comparison.h"

namespace gilsim {

// A header, the table, a legend and the plain-words summary, for a terminal
// `width` columns wide (at least 40): a wider table is folded into blocks of
// columns, each after the first repeating the point's number and settings.
void write_comparison_text(std::ostream& out, const Comparison& comparison, std::size_t width);

// RFC 4180 (CRLF line ends, quotes doubled), one row per point. `header`
// false leaves out the header row: later shards, so that concatenated shards
// make exactly the unsharded file.
void write_comparison_csv(std::ostream& out, const Comparison& comparison, bool header);

// The grid, the rows and the summary; exact nanoseconds and ratios to 6 decimals.
void write_comparison_json(std::ostream& out, const Comparison& comparison);

// A self-contained page (no scripts, no network): the table and a chart of
// speedup against cores, one series per setting, with the ideal line.
void write_comparison_html(std::ostream& out, const Comparison& comparison);

// `text` broken into lines of at most `width` characters (UTF-8 aware) at spaces.
std::string wrap_words(const std::string& text, std::size_t width);

}  // namespace gilsim
