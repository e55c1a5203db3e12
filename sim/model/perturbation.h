#pragma once
// Seeded perturbations of what the OS decides (gilsim explore, run --seed):
// a deterministic run shows one interleaving, real threads show many. With a
// seed, each wake-up the OS performs comes a little later than the model's:
// - a sleep's, an I/O's, a device's or a timed wait's end, and a thread
//   released by another (a lock, an event, a queue, a join, a start), by up
//   to `wake_jitter` (Linux lets a timer fire anywhere in its timer slack,
//   50 us by default, and wakes a thread when a core gets to it);
// - a thread handed the GIL, or signalled to try for it, by up to
//   `gil_jitter` (the condition variable's wake-up).
// Two wake-ups that would tie are ordered by their draws; other events of
// one instant and kind (two computations ending together) are taken in an
// order drawn from the seed (tie_salt(), the event queue's scramble_ties).
// With both ranges 0 nothing is perturbed. The draws come from one
// SplitMix64 stream in the order the simulation asks, which is itself
// deterministic: the same seed gives the same run, to the byte.
// Without a spec nothing is drawn and every delay is the model's own.

#include <cstdint>
#include <optional>

#include "engine/time.h"

namespace gilsim {

struct PerturbationSpec {
  std::uint64_t seed = 0;
  Time wake_jitter = 0;
  Time gil_jitter = 0;
};

class Perturbation {
 public:
  explicit Perturbation(const std::optional<PerturbationSpec>& spec)
      : on_(spec.has_value()), seed_(spec ? spec->seed : 0), state_(seed_), wake_(spec ? spec->wake_jitter : 0),
        gil_(spec ? spec->gil_jitter : 0) {}

  bool on() const { return on_; }
  // Whether anything is perturbed: a seed and a range above 0.
  bool perturbs() const { return on_ && (wake_ > 0 || gil_ > 0); }
  // The event queue's salt for this seed (drawn apart from the wake-ups' stream).
  std::uint64_t tie_salt() const {
    std::uint64_t z = seed_ ^ 0x5851f42d4c957f2dULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // `delay`, and a uniform draw from [0, jitter] ns more (saturating).
  Time wake(Time delay) { return on_ ? later(delay, wake_) : delay; }
  Time gil(Time delay) { return on_ ? later(delay, gil_) : delay; }

 private:
  Time later(Time delay, Time jitter) {
    if (jitter <= 0) return delay;
    Time extra = draw(jitter);
    return delay > kTimeMax - extra ? kTimeMax : delay + extra;
  }
  // Uniform in [0, max]: the high half of a 64x64-bit product (Lemire's
  // multiply-shift; the bias is below 2^-33 for any max under a day).
  Time draw(Time max) {
    __extension__ typedef unsigned __int128 Wide;
    Wide product = static_cast<Wide>(next()) * (static_cast<std::uint64_t>(max) + 1);
    return static_cast<Time>(product >> 64);
  }
  // SplitMix64 (Steele, Lea and Flood 2014; the constants of java.util.SplittableRandom).
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  bool on_;
  std::uint64_t seed_;
  std::uint64_t state_;
  Time wake_;
  Time gil_;
};

}  // namespace gilsim
