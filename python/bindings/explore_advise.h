#pragma once
// gilsim.explore and gilsim.advise: the scenario explored over seeds or weighed
// every way Python could run it, as `gilsim explore` and `gilsim advise` do,
// run once and rendered on demand in the CLI's formats.

#include <cstdint>
#include <optional>
#include <string>

#include "advise/advice.h"
#include "explore/exploration.h"
#include "explore/render.h"
#include "loaded.h"

namespace gilsim::python {

struct ExploreAsk {
  std::uint64_t seeds = 100;
  std::uint64_t first_seed = 1;
  std::optional<std::uint32_t> cores;
  std::string jitter = "50us";
  std::string gil_jitter = "10us";
  std::uint64_t max_events = 100'000'000;
  std::string max_time = "86400s";
  unsigned jobs = 0;  // 0: the machine's hardware threads
};

class ExploredScenario {
 public:
  ExploredScenario(const Source& scenario, const std::optional<Source>& machine, const ExploreAsk& ask);
  // "text", "json" or "csv", byte for byte as the CLI writes them.
  std::string render(const std::string& format) const;

 private:
  Exploration exploration_;
  ExploreView view_;
};

struct AdviseAsk {
  std::optional<std::uint32_t> cores;
  std::string metric;  // empty: the makespan
  std::uint64_t max_events = 100'000'000;
  std::string max_time = "86400s";
  unsigned jobs = 0;
};

class AdvisedScenario {
 public:
  AdvisedScenario(const Source& scenario, const std::optional<Source>& machine, const AdviseAsk& ask);
  // "text", "json" or "html", byte for byte as the CLI writes them.
  std::string render(const std::string& format) const;

 private:
  Advice advice_;
};

}  // namespace gilsim::python
