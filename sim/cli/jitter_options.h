#pragma once
// The options of `run --seed` and `explore` that perturb the OS's wake-ups
// (model/perturbation.h): how far each kind of wake-up may come late.

#include <boost/program_options.hpp>
#include <string>

#include "model/perturbation.h"

namespace gilsim {

struct JitterOptions {
  std::string wake = "50us";  // --jitter
  std::string gil = "10us";   // --gil-jitter
};

// Adds --jitter and --gil-jitter to `d`.
void add_jitter_options(boost::program_options::options_description& d, JitterOptions& o);
// The perturbation of seed `seed` with the ranges given; a range that is not a
// duration, or longer than a second, is a UsageError naming `command`.
PerturbationSpec jitter_spec(const std::string& command, const JitterOptions& o, std::uint64_t seed);

}  // namespace gilsim
