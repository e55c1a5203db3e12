#include "cli/outcome_messages.h"

#include "cli/cli_support.h"
#include "compare/summary.h"
#include "report/outcome_text.h"
#include "run/pipeline.h"
#include "engine/time.h"

namespace gilsim {

std::string run_outcome_message(const std::string& label, const Roster& roster, const Outcome& outcome, int code,
                                const RunLimits& limits, const std::string& max_time, std::uint64_t max_output) {
  if (code == kExitLimit)
    return label + ": stopped at " + format_time_fixed(outcome.end) + ": " +
           stop_reason(outcome.stop, limits, max_time, max_output);
  if (code == kExitProgramError) return label + ": " + program_error_text(roster, *outcome.program_error);
  if (code == kExitDeadlock) return label + ": " + deadlock_text(roster, *outcome.deadlock);
  return "";
}

std::string comparison_stop_message(const std::string& label, const Comparison& comparison, const RunLimits& limits,
                                    const std::string& max_time) {
  const StoppedRun& s = *comparison.stopped;
  const std::string settings = s.point ? "" : series_settings(comparison, s.series);
  const std::string where = s.point ? describe_point(comparison, *s.point)
                                    : "the 1-core reference run" + (settings.empty() ? "" : " for " + settings);
  return label + ": " + where + ": stopped at " + format_time_fixed(s.measured.makespan) + ": " +
         stop_reason(s.measured.stop, limits, max_time);
}

}  // namespace gilsim
