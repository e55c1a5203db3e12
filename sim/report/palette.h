#pragma once
// The colours of the HTML report and the compare page, chosen so that every
// pair a reader must tell apart stays apart under the three common colour-
// vision deficiencies (protanopia, deuteranopia, tritanopia) as well as for
// normal vision: tests/unit/test_palette.cc simulates each (Machado et al.
// 2009) and checks the CIE76 distance of every pair. GIL waits carry a second
// cue besides their colour: the page hatches them.

#include <cstddef>

#include "model/thread_state.h"

namespace gilsim {

struct StateStyle {
  ThreadState state;
  const char* colour;  // "#rrggbb"
  const char* words;   // the legend's, and the hover's: "waiting for the GIL"
};

// Every state a thread lane shows, in the legend's order. Python on a core is
// deep blue, native code light cyan, waiting for the GIL orange (hatched),
// waiting for a core pale yellow.
inline constexpr StateStyle kStateStyles[] = {
    {ThreadState::running, "#1f5fa8", "running Python"},
    {ThreadState::native, "#93e3ff", "running native code without the GIL"},
    {ThreadState::ready, "#ffe2a8", "ready, waiting for a core"},
    {ThreadState::gil_wait, "#e8890c", "waiting for the GIL"},
    {ThreadState::sleep, "#b8d7bf", "sleeping"},
    {ThreadState::io, "#7b7373", "in I/O"},
    {ThreadState::join, "#8b6cff", "joining"},
    {ThreadState::start, "#c5a2bc", "waiting for a started thread"},
    {ThreadState::process_wait, "#513955", "waiting for a process to finish"},
    {ThreadState::lock_wait, "#c52500", "waiting for a lock or semaphore"},
    {ThreadState::event_wait, "#cf9687", "waiting for an event"},
    {ThreadState::queue_wait, "#52bb58", "waiting on a queue"},
    {ThreadState::device_wait, "#5b126a", "queued for a device"},
};
inline constexpr std::size_t kStateStyleCount = sizeof kStateStyles / sizeof kStateStyles[0];

// The background of an empty lane: every state colour stands out from it.
inline constexpr const char* kLaneBackground = "#f5f7fa";

// Threads (or groups of threads) on core, GIL and lock lanes, and the series
// of the compare chart: the Okabe-Ito colours, made for colour-blind readers.
inline constexpr const char* kGroupColours[] = {"#0072b2", "#e69f00", "#009e73", "#cc79a7",
                                                "#56b4e9", "#d55e00", "#f0e442", "#000000"};
inline constexpr std::size_t kGroupColourCount = sizeof kGroupColours / sizeof kGroupColours[0];

// The style of `s`; null for the states no lane shows (not started, finished).
inline const StateStyle* state_style(ThreadState s) {
  for (const StateStyle& style : kStateStyles)
    if (style.state == s) return &style;
  return nullptr;
}

}  // namespace gilsim
