#pragma once
// A summary table (report/tables.h) as the text report draws it.

#include <cstddef>
#include <ostream>

#include "report/numbers.h"
#include "report/tables.h"

namespace gilsim {

// The title with the unit ("Threads (times in ms)"), the header, a rule, the
// rows, how many were not listed, the legend wrapped, and a blank line; no
// line longer than `width`. The first column is the row's name: left-aligned,
// and abbreviated so it stays recognisable (abbreviate; to 10 columns at the
// least) before times lose decimals; every other column, names too, is
// right-aligned and whole. Cells are cleaned for a terminal (terminal_text)
// and measured in display columns. Times are rounded in `unit`, with fewer
// decimals until the table fits; with none it is drawn whatever its width.
void write_text_table(std::ostream& out, const Table& table, const Unit& unit, std::size_t width);

}  // namespace gilsim
