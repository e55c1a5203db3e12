#pragma once
// A unified diff of two texts, line by line, as `diff -u` shows it: what
// `gilsim check` prints where a report differs from its golden file.

#include <string>

namespace gilsim {

// Empty when the texts are equal. `context` lines around each change; hunks
// that would overlap are joined. Texts of many lines whose differing middle is
// too long to align (more than 4 x 10^6 line pairs) show that middle as
// removed and added whole.
std::string unified_diff(const std::string& before, const std::string& after, const std::string& before_name,
                         const std::string& after_name, std::size_t context = 3);

}  // namespace gilsim
