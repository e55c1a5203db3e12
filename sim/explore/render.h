#pragma once
// An exploration as text (for a terminal), JSON (every figure, each order's
// lines, every seed) and CSV (one row per seed: shards' files concatenated in
// order are the unsharded file).

#include <iosfwd>
#include <string>

#include "explore/exploration.h"

namespace gilsim {

struct ExploreView {
  std::string scenario;  // how to name it: the path given
  // The command that replays one seed, without --seed: "gilsim run FILE --cores 2".
  std::string replay;
  std::size_t shown_lines = 20;  // text: lines of the most common order shown
};

void write_exploration_text(std::ostream& out, const Exploration& e, const ExploreView& view);
void write_exploration_json(std::ostream& out, const Exploration& e, const ExploreView& view);
void write_exploration_csv(std::ostream& out, const Exploration& e, bool header);

}  // namespace gilsim
