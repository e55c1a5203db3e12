// libFuzzer target: any bytes through the scenario loader and, when they load,
// a bounded simulation with every report. A crash, sanitizer report, uncaught
// exception other than InputError, leak, or two runs of the same input that
// differ is a bug. Build with -DGILSIM_FUZZ=ON and clang++; run with tools/fuzz.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <ostream>
#include <sstream>
#include <streambuf>
#include <string>
#include <string_view>

#include "model/roster.h"
#include "model/simulation.h"
#include "report/events_writer.h"
#include "report/json_report.h"
#include "report/recorder.h"
#include "report/text_report.h"
#include "scenario/loader.h"

namespace {

// Counts what is written and keeps nothing: the reports run in full, cheaply.
class NullBuffer : public std::streambuf {
 protected:
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

// Small enough that one input costs milliseconds and megabytes, large enough
// to reach every model path (GIL hand-offs, preemption, deadlocks, limits).
constexpr gilsim::SizeLimits kSizeLimits{.max_threads = 500, .max_script_steps = 20'000};
constexpr std::uint32_t kMaxCores = 64;
constexpr gilsim::RunLimits kRunLimits{.max_events = 5'000, .max_time = 100 * gilsim::kSecond};

std::string events(const gilsim::Roster& roster) {
  std::ostringstream out;
  gilsim::EventsWriter writer(out, roster);
  gilsim::Simulation(roster, writer).run(kRunLimits);
  return out.str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  gilsim::Scenario scenario;
  try {
    scenario = gilsim::load_scenario_text(text, "fuzz.json", kSizeLimits);
  } catch (const gilsim::InputError& e) {
    // Every message names the input and stays on one line.
    std::string_view message = e.what();
    if (message.rfind("fuzz.json", 0) != 0 || message.find('\n') != std::string_view::npos) {
      std::fprintf(stderr, "malformed error message: %s\n", e.what());
      std::abort();
    }
    return 0;
  }
  scenario.cores = std::min(scenario.cores, kMaxCores);
  gilsim::Roster roster(scenario);

  gilsim::Recorder recorder(roster);
  gilsim::Simulation(roster, recorder).run(kRunLimits);
  gilsim::RunResult result = recorder.take();
  NullBuffer null_buffer;
  std::ostream null_stream(&null_buffer);
  gilsim::write_json_report(null_stream, roster, result);
  gilsim::write_text_report(null_stream, roster, result, 80);

  // Same input, same bytes out.
  if (events(roster) != events(roster)) {
    std::fprintf(stderr, "two runs of the same scenario gave different events\n");
    std::abort();
  }
  return 0;
}
