#pragma once
// The set of idle cores, answering "lowest idle core" in O(log64 n): a bit per
// core plus summary words (bit i of a summary word set = word i below it has an
// idle core). A million cores cost 128 KB and four word reads per query, where a
// binary heap would cost twenty scattered reads.

#include <bit>
#include <cassert>
#include <cstdint>
#include <vector>

namespace gilsim {

class FreeCores {
 public:
  static constexpr std::uint32_t kNone = UINT32_MAX;

  // All cores free, or (full = false) none.
  explicit FreeCores(std::uint32_t cores, bool full = true) {
    std::size_t bits = cores;
    do {
      std::size_t words = (bits + 63) / 64;
      levels_.emplace_back(words, 0);
      bits = words;
    } while (bits > 1);
    if (full)
      for (std::uint32_t c = 0; c < cores; ++c) insert(c);
  }

  bool empty() const { return levels_.back()[0] == 0; }
  bool contains(std::uint32_t core) const { return (levels_[0][core / 64] >> (core % 64)) & 1; }

  std::uint32_t lowest() const {
    if (empty()) return kNone;
    std::size_t index = 0;
    for (std::size_t level = levels_.size(); level-- > 0;)
      index = index * 64 + static_cast<std::size_t>(std::countr_zero(levels_[level][index]));
    return static_cast<std::uint32_t>(index);
  }

  void insert(std::uint32_t core) {
    std::size_t index = core;
    for (auto& words : levels_) {
      std::uint64_t& word = words[index / 64];
      bool was_empty = word == 0;
      word |= std::uint64_t{1} << (index % 64);
      if (!was_empty) return;  // the levels above already know this word has an idle core
      index /= 64;
    }
  }

  void erase(std::uint32_t core) {
    std::size_t index = core;
    for (auto& words : levels_) {
      std::uint64_t& word = words[index / 64];
      assert(word & (std::uint64_t{1} << (index % 64)));
      word &= ~(std::uint64_t{1} << (index % 64));
      if (word != 0) return;  // still has idle cores: the levels above stay set
      index /= 64;
    }
  }

 private:
  std::vector<std::vector<std::uint64_t>> levels_;  // levels_[0]: one bit per core
};

}  // namespace gilsim
