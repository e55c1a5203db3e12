#pragma once
// verify's comparison of a prediction with real runs: printed lines in order
// (with ties), medians and spreads, errors, the verdict. Pure functions of
// plain structs, so that they are tested without an interpreter.
//
// Ties: lines that the simulation prints at the same simulated instant from
// different threads are a tie: the model has no order for them (it breaks
// the tie by its event order), and neither has the real machine. A measured
// run may print the lines of a tie in any order, as long as each thread's
// own lines keep their order; such a run is "tied", not wrong.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/time.h"

namespace gilsim {

struct PrintedLine {
  Time time = 0;
  std::string process;
  std::string thread;
  std::string text;
  bool operator==(const PrintedLine&) const = default;
};

struct ThreadTimes {
  std::string process;
  std::string thread;
  std::optional<Time> start;   // never started: empty
  std::optional<Time> finish;  // never finished: empty
  // Time it was runnable but waited for a core: the model's ready time; a
  // real run's run-queue wait (Linux schedstat), which other work on the
  // machine lengthens. Empty when unknown.
  std::optional<Time> waited;
};

// One run, simulated or real, as verify compares it.
struct RunRecord {
  Time makespan = 0;
  std::vector<ThreadTimes> threads;
  std::vector<PrintedLine> output;
};

enum class OrderMatch : std::uint8_t { same, tied, different };
const char* order_match_name(OrderMatch match);  // "same", "tied", "different"

struct OrderComparison {
  OrderMatch match = OrderMatch::same;
  std::size_t tied_groups = 0;  // ties whose lines came in another order than predicted
  // different: the first position (0-based) where the measured line is not
  // one the prediction allows there, the line predicted there (none: the
  // measured run printed more) and the line printed (none: it printed fewer).
  std::size_t index = 0;
  std::optional<PrintedLine> predicted;
  std::optional<PrintedLine> measured;
};

// How printed lines are compared (docs/verify.md, "The order of printed lines").
struct OrderRules {
  // Durations in the texts ("1.5ms", what {time} prints) compare equal whatever their value.
  bool mask_times = false;
  // Lines predicted within this of the first line of their group are a tie:
  // the machine's timing noise is larger than the model's differences there.
  // 0: only lines of one simulated instant.
  Time tie_window = 0;
  // Copies of one thread or process run the same script, and which of them
  // gets there first is the OS's choice: a copy's name stands for its spec's
  // ("worker-3" -> "worker") in the lines' threads, processes and texts.
  // Threads are keyed "process/thread".
  std::map<std::string, std::string> thread_copies, process_copies;
};

// Compares (process, thread, text) of the lines in order; times only group
// the predicted lines into ties.
OrderComparison compare_order(const std::vector<PrintedLine>& predicted, const std::vector<PrintedLine>& measured,
                              const OrderRules& rules);
inline OrderComparison compare_order(const std::vector<PrintedLine>& predicted,
                                     const std::vector<PrintedLine>& measured, bool mask_times) {
  return compare_order(predicted, measured, OrderRules{.mask_times = mask_times});
}

// Every duration as {time} writes it ("250ns", "1.5ms", "12.501s") replaced by "{time}".
std::string mask_durations(std::string_view text);

struct Spread {
  Time median = 0;  // of an even count: the mean of the middle two, rounded down
  Time min = 0;
  Time max = 0;
};
Spread spread_of(std::vector<Time> values);  // values must not be empty

// (measured - predicted) / predicted, in percent; empty when predicted is 0.
std::optional<double> error_percent(Time predicted, Time measured);

struct VerifyComparison {
  struct ThreadRow {
    std::string process, thread;
    std::optional<Time> predicted;  // its finish
    std::optional<Spread> measured;  // over the runs where it finished
    std::optional<double> error;     // of the median
  };
  std::vector<ThreadRow> threads;
  Time predicted_makespan = 0;
  Spread makespan;
  std::vector<Time> makespans;  // per run
  // Waits for a core summed over the threads: predicted, and per run where known.
  Time predicted_wait = 0;
  std::vector<Time> waits;
  std::optional<double> error;  // of the median makespan
  std::size_t lines = 0;        // predicted printed lines
  std::size_t runs_same = 0, runs_tied = 0, runs_different = 0;
  std::size_t first_different_run = 0;  // 1-based, when runs_different > 0
  OrderComparison first_difference;     // of that run
  double tolerance = 5;                 // percent
  bool timing_ok() const { return !error || (*error <= tolerance && *error >= -tolerance); }
  bool order_ok() const { return runs_different == 0; }
  bool agrees() const { return timing_ok() && order_ok(); }
};

// `measured` must not be empty.
VerifyComparison compare_runs(const RunRecord& predicted, const std::vector<RunRecord>& measured, double tolerance,
                              const OrderRules& rules);
inline VerifyComparison compare_runs(const RunRecord& predicted, const std::vector<RunRecord>& measured,
                                     double tolerance, bool mask_times) {
  return compare_runs(predicted, measured, tolerance, OrderRules{.mask_times = mask_times});
}

}  // namespace gilsim
