#pragma once
// A scenario loaded once by the library's loader (from a file, or from text:
// a dict or JSON string in Python), then run, exported or verified as many
// times as the notebook asks. Every run goes through the run pipeline
// (run/pipeline.h), exactly as `gilsim run` does.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "model/perturbation.h"
#include "model/scenario.h"
#include "scenario/overrides.h"
#include "scenario/size.h"

namespace gilsim::python {

// Where a scenario (or a machine profile) comes from: a file's path, or text
// named by `label` in messages.
struct Source {
  std::string path_or_text;
  bool is_text = false;
  std::string label;  // the path itself for a file
};

// The report of one run as `gilsim run --format F` writes it, with the exit
// code and the line the CLI prints on stderr for 3, 4 and 5 (without "error: ").
struct RunReport {
  int exit_code = 0;
  std::string report;   // empty when a limit stopped the run
  std::string message;
};

struct RunAsk {
  std::string format = "json";
  std::optional<std::uint32_t> cores;
  std::uint64_t max_events = 100'000'000;
  std::string max_time = "86400s";
  std::uint64_t max_output = 256 << 20;  // bytes of printed lines kept for the report (--max-output)
  int width = 100;
  std::optional<PerturbationSpec> perturbation;  // --seed, --jitter, --gil-jitter
};

struct VerifyAsk {
  std::string python = "python3";
  unsigned runs = 5;
  double tolerance = 5;
  std::optional<std::uint32_t> cores;
  std::string time_scale;  // "" = 1
  std::string tie_window = "500us";
  std::string machine;     // the profile's label, for the report
};

// The verify report as JSON and as text (both empty for exit 4 and 7), the
// exit code, and for 4 and 7 the CLI's message.
struct VerifyText {
  int exit_code = 0;
  std::string json;
  std::string text;
  std::string message;
};

class LoadedScenario {
 public:
  // Throws InputError (the scenario's or the profile's mistakes) as the CLI would.
  LoadedScenario(const Source& scenario, const std::optional<Source>& machine, const SizeLimits& limits);

  const std::string& label() const { return label_; }
  const std::string& name() const { return scenario_.name; }

  RunReport run(const RunAsk& ask) const;
  // export-python's program; `time_scale` "" leaves the durations as they are.
  std::string export_python(std::optional<std::uint32_t> cores, const std::string& time_scale) const;
  VerifyText verify(const VerifyAsk& ask) const;

 private:
  Scenario scenario_;
  std::string label_;
};

// The scenario as `gilsim run` loads it, and the file from which variants are
// loaded as `compare` and `advise` load them.
Scenario load_source(const Source& source, const std::optional<Source>& machine, const SizeLimits& limits = {});
std::unique_ptr<ScenarioFile> open_source(const Source& source, const std::optional<Source>& machine);

// The scenario with `cores` (if any) applied, checked as `--cores N` is.
Scenario with_cores(const Scenario& scenario, const std::string& label, std::optional<std::uint32_t> cores);

}  // namespace gilsim::python
