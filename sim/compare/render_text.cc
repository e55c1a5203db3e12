#include <algorithm>
#include <ostream>

#include "compare/render.h"
#include "compare/summary.h"
#include "compare/table.h"
#include "report/text_format.h"

namespace gilsim {

namespace {

constexpr std::size_t kTextWidth = 80;

}  // namespace

std::string wrap_words(const std::string& text, std::size_t width) {
  std::string out;
  for (const std::string& line : wrap(text, width, LongWords::keep)) out += line + "\n";
  return out;
}

void write_comparison_text(std::ostream& out, const Comparison& c) {
  out << "Comparison  " << c.scenario_name << "\n";
  out << "Scenario    " << c.file << "\n";
  std::size_t extra = c.simulations > c.rows.size() ? c.simulations - c.rows.size() : 0;
  out << "Grid        " << grid_text(c.grid) << " (cores vary fastest)";
  if (c.shard) out << "; shard " << c.shard->number << "/" << c.shard->count;
  out << "\n";
  if (extra > 0)
    out << "            plus " << extra << (extra == 1 ? " reference run" : " reference runs") << " for the speedups\n";
  out << "\n";

  ComparisonTable table = comparison_table(c);
  std::vector<std::size_t> width(table.headers.size());
  std::vector<Align> align;
  for (std::size_t i = 0; i < width.size(); ++i) {
    width[i] = text_columns(table.headers[i]);
    for (const auto& row : table.cells) width[i] = std::max(width[i], text_columns(row[i]));
    align.push_back(table.numeric[i] ? Align::right : Align::left);
  }
  out << text_row(table.headers, width, align) << "\n";
  for (const auto& row : table.cells) out << text_row(row, width, align) << "\n";
  for (const std::string& note : table.notes) out << wrap_words(note, kTextWidth);
  out << "\n";
  std::string legend;
  for (const std::string& sentence : table.legend) legend += (legend.empty() ? "" : " ") + sentence;
  out << wrap_words(legend, kTextWidth);
  std::string summary = c.shard ? "" : summarize(c);
  if (!summary.empty()) out << "\n" << wrap_words(summary, kTextWidth);
}

}  // namespace gilsim
