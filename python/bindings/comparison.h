#pragma once
// gilsim.compare: the grid asked as `gilsim compare` takes it (plan_comparison),
// run once on a pool of threads, and rendered on demand in the CLI's formats:
// json for the data, html for a notebook, text for a terminal.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compare/comparison.h"
#include "compare/plan.h"
#include "loaded.h"

namespace gilsim::python {

struct CompareLimits {
  std::uint64_t max_events = 100'000'000;
  std::string max_time = "86400s";
  unsigned jobs = 0;  // 0: the machine's hardware threads
};

class ComparedScenario {
 public:
  ComparedScenario(const Source& scenario, const std::optional<Source>& machine, const ComparisonAsk& ask,
                   const CompareLimits& limits);

  // "text", "csv", "json" or "html", byte for byte as the CLI writes them.
  // `width`: the text table's columns (--width; the CLI writes 80 to a file or a pipe).
  std::string render(const std::string& format, int width = 80) const;
  // As `gilsim compare` would exit (0, 3, 4 or 5), and its stderr line for 3 to 5.
  int exit_code() const { return exit_code_; }
  const std::string& message() const { return message_; }

 private:
  Comparison comparison_;
  int exit_code_ = 0;
  std::string message_;
};

}  // namespace gilsim::python
