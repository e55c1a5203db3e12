#pragma once
// The categories a Timeline lane keeps time for, shared by its two halves:
// timeline.cc fills the lanes as the run goes on, timeline_chart.cc draws
// them. For those two files only.

#include <algorithm>
#include <cstdint>

#include "report/timeline.h"

namespace gilsim::timeline_detail {

constexpr std::uint8_t kLevelCategories = 11;  // 0..9 and '+'

inline std::uint8_t thread_category(ThreadIndex i) {
  return static_cast<std::uint8_t>(std::min<ThreadIndex>(i, kUniqueSymbols));
}
// Only alive states are drawn: ready .. process_wait (1 .. 8), lock_wait ..
// device_wait (10 .. 13) and native (14), as categories 0 .. 12.
constexpr std::uint8_t kStateCategories = 13;
inline std::uint8_t state_category(ThreadState s) {
  int i = static_cast<int>(s);
  return static_cast<std::uint8_t>(s >= ThreadState::lock_wait ? i - 2 : i - 1);
}
inline ThreadState category_state(std::uint8_t category) {
  return static_cast<ThreadState>(category >= 8 ? category + 2 : category + 1);
}
static_assert(static_cast<int>(ThreadState::ready) == 1 && static_cast<int>(ThreadState::process_wait) == 8 &&
              static_cast<int>(ThreadState::lock_wait) == 10 && static_cast<int>(ThreadState::native) == 14 &&
              kThreadStateCount == 15);
// Core lanes: a context switch, after the thread symbols.
constexpr std::uint8_t kOverheadCategory = kUniqueSymbols + 1;
inline std::uint8_t level_category(std::uint32_t v) {
  return static_cast<std::uint8_t>(std::min<std::uint32_t>(v, 10));
}

}  // namespace gilsim::timeline_detail
