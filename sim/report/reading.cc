#include "report/reading.h"

#include <cctype>

#include "report/numbers.h"

namespace gilsim {

namespace {

// "The program deadlocked at 1.320 ms: 5 threads wait for ever, all 5 in a
// wait-for cycle. Until then: "
std::string deadlock_words(const Deadlock& d) {
  std::size_t in_cycles = 0;
  for (const auto& cycle : d.cycles) in_cycles += cycle.size();
  const std::size_t stuck = in_cycles + d.stuck.size();
  std::string text = "The program deadlocked at " + format_time_fixed(d.at) + ": " + std::to_string(stuck) +
                     (stuck == 1 ? " thread waits" : " threads wait") + " for ever";
  if (in_cycles > 0)
    text += in_cycles == stuck ? (stuck == 1 ? ", in a wait-for cycle" : ", all in a wait-for cycle")
                               : ", " + std::to_string(in_cycles) + " of them in a wait-for cycle";
  return text + ".";
}

}  // namespace

std::string plain_reading(const RunResult& result, std::uint32_t cores) {
  std::string text;
  const bool stopped = !result.deadlock.empty();
  if (stopped) text = deadlock_words(result.deadlock.front()) + " Until then ";
  auto sentence = [&](std::string s) {
    if (!stopped) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    text += s;
  };
  if (result.concurrency.max >= 2 && result.parallelism.max == 1) {
    sentence(cores >= 2 ? "average parallelism " + fixed2(result.parallelism.average) + " on " + std::to_string(cores) +
                              " cores and never above 1: the threads ran concurrently but not in parallel."
                        : "with one core the threads ran concurrently but never in parallel.");
  } else if (result.parallelism.max >= 2) {
    sentence("up to " + std::to_string(result.parallelism.max) + " threads ran in parallel.");
  } else if (stopped) {
    sentence(result.parallelism.max == 0 ? "no thread ran on a core." : "one thread at a time ran.");
  }
  Time gil_wait = 0;
  for (const ProcessResult& p : result.processes) gil_wait += p.gil_wait;
  if (gil_wait > 0)
    text += std::string(text.empty() ? "" : " ") + "Threads spent " + format_time_fixed(gil_wait) +
            " in total waiting for a GIL.";
  return text;
}

}  // namespace gilsim
