#include "report/reading.h"

#include "report/numbers.h"

namespace gilsim {

std::string plain_reading(const RunResult& result, std::uint32_t cores) {
  std::string text;
  if (result.concurrency.max >= 2 && result.parallelism.max <= 1) {
    text = cores >= 2 ? "Average parallelism " + fixed2(result.parallelism.average) + " on " + std::to_string(cores) +
                            " cores and never above 1: the threads ran concurrently but not in parallel."
                      : "With one core the threads ran concurrently but never in parallel.";
  } else if (result.parallelism.max >= 2) {
    text = "Up to " + std::to_string(result.parallelism.max) + " threads ran in parallel.";
  }
  Time gil_wait = 0;
  for (const ProcessResult& p : result.processes) gil_wait += p.gil_wait;
  if (gil_wait > 0)
    text += std::string(text.empty() ? "" : " ") + "Threads spent " + format_time_fixed(gil_wait) +
            " in total waiting for a GIL.";
  return text;
}

}  // namespace gilsim
