#include <algorithm>
#include <ostream>

#include "compare/render.h"
#include "compare/summary.h"
#include "compare/table.h"

namespace gilsim {

namespace {

constexpr std::size_t kTextWidth = 80;

// Characters as a terminal counts them: UTF-8 continuation bytes take no column.
std::size_t columns(const std::string& text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string padded(const std::string& text, std::size_t width, bool right) {
  std::string fill(width > columns(text) ? width - columns(text) : 0, ' ');
  return right ? fill + text : text + fill;
}

}  // namespace

std::string wrap_words(const std::string& text, std::size_t width) {
  std::string out, line;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    std::string word = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? text.size() : end + 1;
    if (word.empty()) continue;
    if (!line.empty() && columns(line) + 1 + columns(word) > width) {
      out += line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  return line.empty() ? out : out + line + "\n";
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
  for (std::size_t i = 0; i < width.size(); ++i) {
    width[i] = columns(table.headers[i]);
    for (const auto& row : table.cells) width[i] = std::max(width[i], columns(row[i]));
  }
  auto write_line = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i)
      line += (i ? "  " : "") + padded(cells[i], width[i], table.numeric[i]);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  };
  write_line(table.headers);
  for (const auto& row : table.cells) write_line(row);
  for (const std::string& note : table.notes) out << wrap_words(note, kTextWidth);
  out << "\n";
  std::string legend;
  for (const std::string& sentence : table.legend) legend += (legend.empty() ? "" : " ") + sentence;
  out << wrap_words(legend, kTextWidth);
  std::string summary = c.shard ? "" : summarize(c);
  if (!summary.empty()) out << "\n" << wrap_words(summary, kTextWidth);
}

}  // namespace gilsim
