#include <algorithm>
#include <ostream>

#include "compare/render.h"
#include "compare/summary.h"
#include "compare/table.h"
#include "report/text_format.h"

namespace gilsim {

namespace {

// Columns [first, last) of the table, after the key columns (those before
// `key_end`) when `first` is past them: one block of a folded table.
void write_block(std::ostream& out, const ComparisonTable& table, const std::vector<std::size_t>& widths,
                 std::size_t key_end, std::size_t first, std::size_t last) {
  std::vector<std::size_t> columns;
  if (first > 0)
    for (std::size_t k = 0; k < key_end; ++k) columns.push_back(k);
  for (std::size_t k = first; k < last; ++k) columns.push_back(k);
  auto row = [&](const std::vector<std::string>& cells) {
    std::vector<std::string> picked;
    std::vector<std::size_t> picked_widths;
    std::vector<Align> align;
    for (std::size_t k : columns) {
      picked.push_back(cells[k]);
      picked_widths.push_back(widths[k]);
      align.push_back(table.numeric[k] ? Align::right : Align::left);
    }
    out << text_row(picked, picked_widths, align) << "\n";
  };
  row(table.headers);
  for (const auto& cells : table.cells) row(cells);
}

}  // namespace

std::string wrap_words(const std::string& text, std::size_t width) {
  std::string out;
  for (const std::string& line : wrap(text, width, LongWords::keep)) out += line + "\n";
  return out;
}

void write_comparison_text(std::ostream& out, const Comparison& c, std::size_t width) {
  width = std::max<std::size_t>(width, 40);
  write_keyed(out, "Comparison", c.scenario_name, 12, width);
  write_keyed(out, "Scenario", c.file, 12, width);
  std::size_t extra = c.simulations > c.rows.size() ? c.simulations - c.rows.size() : 0;
  std::string grid = grid_text(c.grid) + " (cores vary fastest)";
  if (c.shard) grid += "; shard " + std::to_string(c.shard->number) + "/" + std::to_string(c.shard->count);
  write_keyed(out, "Grid", grid, 12, width);
  if (extra > 0)
    write_keyed(out, "", "plus " + std::to_string(extra) + (extra == 1 ? " reference run" : " reference runs") +
                             " for the speedups",
                12, width);
  out << "\n";

  // The table, folded into blocks of columns that fit the width, each block
  // after the first repeating the point's number and settings.
  ComparisonTable table = comparison_table(c);
  std::vector<std::size_t> widths(table.headers.size());
  for (std::size_t i = 0; i < widths.size(); ++i) {
    widths[i] = text_columns(table.headers[i]);
    for (const auto& row : table.cells) widths[i] = std::max(widths[i], text_columns(row[i]));
  }
  std::size_t key_end = 1;  // the point's number, its settings and its cores
  for (std::size_t i = 0; i < table.headers.size(); ++i)
    if (table.headers[i] == "cores") key_end = i + 1;
  std::size_t key_width = 0;
  for (std::size_t i = 0; i < key_end; ++i) key_width += widths[i] + (i ? 2 : 0);
  if (key_width > width / 2) key_end = 1, key_width = widths[0];
  for (std::size_t first = 0; first < widths.size();) {
    std::size_t used = first == 0 ? 0 : key_width;
    std::size_t last = first;
    while (last < widths.size() && (last == first || used + 2 + widths[last] <= width)) used += (used ? 2 : 0) + widths[last++];
    if (first > 0) out << "\n";
    write_block(out, table, widths, key_end, first, last);
    first = last;
  }
  for (const std::string& note : table.notes) out << wrap_words(note, width);
  out << "\n";
  std::string legend;
  for (const std::string& sentence : table.legend) legend += (legend.empty() ? "" : " ") + sentence;
  out << wrap_words(legend, width);
  std::string summary = c.shard ? "" : summarize(c);
  if (!summary.empty()) out << "\n" << wrap_words(summary, width);
}

}  // namespace gilsim
