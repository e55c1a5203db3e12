#pragma once
// One run, from a roster to its products: which collectors a report format
// needs, the simulation feeding them, the report rendered, and what the
// outcome means as an exit code. `gilsim run`, `gilsim compare`, the tests
// (and anything else that runs a scenario) go through here, so a format's
// needs are decided in one place.

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"
#include "model/roster.h"
#include "model/simulation.h"
#include "report/html_lanes.h"
#include "report/recorder.h"
#include "report/result.h"
#include "report/timeline.h"

namespace gilsim {

// Exit codes, of every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitBadInput = 2;      // bad usage or bad scenario
inline constexpr int kExitDeadlock = 3;      // the simulated program deadlocked
inline constexpr int kExitLimit = 4;         // a limit stopped the run, or the memory ran out
inline constexpr int kExitProgramError = 5;  // the simulated program made a forbidden release (it ran to the end)
inline constexpr int kExitVerifyMismatch = 6;   // verify: the real runs disagree with the prediction
inline constexpr int kExitVerifyRunFailed = 7;  // verify: the Python program failed, timed out or could not run
inline constexpr int kExitCheckMismatch = 8;    // check: a report differs from its golden file (or it is missing)

enum class ReportFormat : std::uint8_t {
  text,     // timeline and tables for a terminal
  json,     // every number, interval and output line
  summary,  // the json totals without per-event data
  events,   // one line per state change, exact nanoseconds, streamed as the run goes
  chrome,   // Chrome trace JSON
  html,     // one self-contained page
};
std::optional<ReportFormat> find_report_format(std::string_view name);
const std::vector<std::string>& report_format_names();  // "text", "json", ...

struct RunRequest {
  ReportFormat format = ReportFormat::summary;
  RunLimits limits;
  int width = 80;  // text: columns of the timeline
  // The printed lines kept for the report (not for events, which streams
  // them): past the budget the run stops with RunStop::output_limit.
  OutputBudget output;
  // events: where the lines go as the run makes them (required for that format).
  std::ostream* events_out = nullptr;
  // Another collector the caller owns, fed beside the format's (not for
  // events): compare's metrics watch a run this way.
  Observer* also = nullptr;
};

struct RunProducts {
  Outcome outcome;
  RunResult result;  // empty for events (nothing is recorded)
  std::unique_ptr<Timeline> text_lanes;      // text only
  std::unique_ptr<HtmlTimeline> html_lanes;  // html only
  // A stopped run (a limit) has no report; a program error outranks a
  // deadlock (it may have caused one).
  int exit_code() const;
};

// Simulates the roster's scenario, feeding the collectors the format needs.
RunProducts simulate(const Roster& roster, const RunRequest& request);
// Writes the report of a run that was not stopped by a limit (events: nothing,
// it was streamed while the run went on).
void write_report(std::ostream& out, const Roster& roster, const RunProducts& products, const RunRequest& request);

}  // namespace gilsim
