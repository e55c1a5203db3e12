#pragma once
// The facts a report states in words beside its tables: the settings in its
// header, and the levels, utilisation and overhead under its tables. Built
// once for the text report (keyed lines) and the HTML page (<dl> lists); where
// the two write a fact differently, the difference is a parameter below.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "model/roster.h"
#include "report/result.h"
#include "report/settings_text.h"

namespace gilsim {

// "Parallelism": "average 0.96, max 1 (threads on a core)".
struct Fact {
  std::string key;
  std::string text;
  std::optional<Time> exact;  // the time the text rounds, which the page shows in ns on hover
};

// The lines of the scenario's description, as written.
std::vector<std::string> description_lines(const Scenario& scenario);

// Cores, Scheduler, GIL and Makespan. The settings' times are written in
// `style`: the terminal's fixed decimals, the page's durations as a scenario
// file writes them.
std::vector<Fact> setting_facts(const Roster& roster, const RunResult& result, TimeStyle style);

// How a view writes the facts about cores, which have differed since both were written.
struct CoreFactStyle {
  std::size_t cores_listed = 0;  // cores named one by one (the terminal: as many as its timeline draws)
  bool scale_first = false;      // the page's percentages (percent_of in report/numbers.h)
  bool overhead_counts_rest = false;  // the terminal's Overhead line ends with ", N more cores"; the page's not
};

// Parallelism, Concurrency, Utilisation and, when cores spent time switching
// threads, Overhead.
std::vector<Fact> run_facts(const Roster& roster, const RunResult& result, const CoreFactStyle& style);

}  // namespace gilsim
