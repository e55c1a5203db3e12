#include "cli/jitter_options.h"

#include <stdexcept>

#include "cli/cli_support.h"
#include "scenario/duration.h"

namespace po = boost::program_options;

namespace gilsim {

void add_jitter_options(po::options_description& d, JitterOptions& o) {
  d.add_options()
      ("jitter", po::value(&o.wake)->default_value(o.wake),
       "with a seed: each wake-up the OS performs (a sleep's, an I/O's or a timed wait's end, a thread "
       "released by a lock, an event, a queue, a join) comes up to this much later, drawn from the seed; "
       "Linux's default timer slack is 50us")
      ("gil-jitter", po::value(&o.gil)->default_value(o.gil),
       "with a seed: a thread handed the GIL, or told to try for it, wakes up to this much later");
}

namespace {

Time range(const std::string& command, const char* option, const std::string& text) {
  Time value = 0;
  try {
    value = parse_duration(text);
  } catch (const std::invalid_argument& e) {
    throw UsageError(command + ": --" + option + ": " + e.what());
  }
  if (value > kSecond) throw UsageError(command + ": --" + option + " must be from 0ns to 1s");
  return value;
}

}  // namespace

PerturbationSpec jitter_spec(const std::string& command, const JitterOptions& o, std::uint64_t seed) {
  return {.seed = seed, .wake_jitter = range(command, "jitter", o.wake), .gil_jitter = range(command, "gil-jitter", o.gil)};
}

}  // namespace gilsim
