#include "report/text_table.h"

#include <algorithm>
#include <string>
#include <vector>

#include "report/text_format.h"

namespace gilsim {

namespace {

constexpr std::size_t kMinName = 10;  // the name column is not shortened further while times can lose decimals

std::vector<std::string> header_cells(const Table& table) {
  std::vector<std::string> cells;
  for (const Column& c : table.columns) cells.push_back(c.short_header.empty() ? c.header : c.short_header);
  return cells;
}

std::string cell_text(const Cell& cell, const Unit& unit, int decimals) {
  switch (cell.kind) {
    case Cell::Kind::text: return terminal_text(cell.text);
    case Cell::Kind::time: return format_in(cell.time, unit, decimals);
    case Cell::Kind::none: return "-";
  }
  return "?";
}

// The table within `width`, shortening the name column down to `min_name`
// columns; false (and nothing written) if that is not enough. With `force`,
// where the names would be cut shorter than that, each goes on a line of its
// own above its numbers: names stay whole (or abbreviated to the full width).
bool write_rows(std::ostream& out, const std::vector<std::string>& headers,
                const std::vector<std::vector<std::string>>& rows, std::size_t width, std::size_t min_name,
                bool force) {
  std::vector<std::size_t> widths;
  for (const std::string& h : headers) widths.push_back(text_columns(h));
  for (const auto& row : rows)
    for (std::size_t k = 0; k < row.size(); ++k) widths[k] = std::max(widths[k], text_columns(row[k]));
  std::size_t rest = 0;
  for (std::size_t k = 1; k < widths.size(); ++k) rest += 2 + widths[k];
  std::size_t name_room = width > rest ? width - rest : 0;
  const bool names_fit = name_room >= std::min(widths[0], min_name);
  if (!names_fit && !force) return false;
  const bool names_apart = !names_fit;
  widths[0] = names_apart ? text_columns(headers[0]) : std::min(widths[0], name_room);
  std::vector<Align> align(widths.size(), Align::right);
  align[0] = Align::left;
  auto line = [&](std::vector<std::string> cells) {
    if (names_apart) {
      out << abbreviate(cells[0], width) << '\n';
      cells[0].clear();
    } else {
      cells[0] = abbreviate(cells[0], widths[0]);
    }
    out << text_row(cells, widths, align) << '\n';
  };
  out << text_row(headers, widths, align) << '\n';
  out << std::string(widths[0] + rest, '-') << '\n';
  for (const auto& row : rows) line(row);
  return true;
}

}  // namespace

void write_text_table(std::ostream& out, const Table& table, const Unit& unit, std::size_t width) {
  const bool times = std::any_of(table.columns.begin(), table.columns.end(),
                                 [](const Column& c) { return c.kind == ColumnKind::time; });
  std::string aside = table.aside;
  if (times) aside += (aside.empty() ? "" : "; ") + std::string("times in ") + unit.name;
  out << table.title << (aside.empty() ? "" : " (" + aside + ")") << '\n';

  const std::vector<std::string> headers = header_cells(table);
  for (int decimals = unit.decimals;; --decimals) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& row : table.rows) {
      std::vector<std::string> cells;
      for (const Cell& cell : row) cells.push_back(cell_text(cell, unit, decimals));
      rows.push_back(std::move(cells));
    }
    if (write_rows(out, headers, rows, width, kMinName, decimals <= 0)) break;
  }

  if (table.unlisted > 0)
    out << "(" << table.unlisted << " more " << (table.unlisted_noun.empty() ? "" : table.unlisted_noun + " ")
        << "not listed; the JSON report has them all)\n";
  if (!table.legend.empty()) write_keyed(out, "", table.legend, 0, width);
  out << '\n';
}

}  // namespace gilsim
