#pragma once
// The comparison as a table for people (text and HTML): formatted cells, the
// columns that matter for this grid, and a legend that defines each of them.

#include <optional>
#include <string>
#include <vector>

#include "compare/comparison.h"

namespace gilsim {

struct ComparisonTable {
  std::vector<std::string> headers;
  std::vector<bool> numeric;  // per column: right-aligned
  std::vector<std::vector<std::string>> cells;
  std::vector<std::string> legend;  // one sentence per shown column that needs one
  std::vector<std::string> notes;   // rows that did not complete: "point 3 deadlocked: ..."
};

ComparisonTable comparison_table(const Comparison& comparison);

// A metric's value in a cell: "20.550 ms", "37%", "-" when absent.
std::string metric_text(const MetricSpec& metric, const std::optional<double>& value);

// "gil.switch_interval 1ms, 5ms × gil on, off × cores 1, 2, 4 = 12 points".
std::string grid_text(const Grid& grid);

}  // namespace gilsim
