// The report's colours under simulated colour-vision deficiencies: every
// pair a reader must tell apart keeps a CIE76 distance (Delta E) above a
// threshold for normal vision, protanopia, deuteranopia and tritanopia,
// simulated at full severity with the matrices of Machado, Oliveira and
// Fernandes (2009) in linear RGB. Issue 19 measured the old "running" green
// against the "waiting for the GIL" red at Delta E 3.4 under deuteranopia.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "report/palette.h"

namespace gilsim {
namespace {

using Matrix = std::array<std::array<double, 3>, 3>;
struct Vision {
  const char* name;
  Matrix m;
};
const Vision kVisions[] = {
    {"normal", {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}}},
    {"protanopia", {{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}}},
    {"deuteranopia", {{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}}},
    {"tritanopia", {{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}}},
};

using Lab = std::array<double, 3>;

// "#rrggbb" as seen with `vision`, in CIELAB (D65).
Lab seen(const std::string& hex, const Vision& vision) {
  REQUIRE(hex.size() == 7);
  std::array<double, 3> linear{};
  for (int i = 0; i < 3; ++i) {
    const double c = std::stoi(hex.substr(1 + 2 * i, 2), nullptr, 16) / 255.0;
    linear[i] = c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
  }
  std::array<double, 3> rgb{};
  for (int i = 0; i < 3; ++i) {
    double v = 0;
    for (int j = 0; j < 3; ++j) v += vision.m[i][j] * linear[j];
    rgb[i] = std::fmin(1.0, std::fmax(0.0, v));
  }
  const double x = (0.4124564 * rgb[0] + 0.3575761 * rgb[1] + 0.1804375 * rgb[2]) / 0.95047;
  const double y = 0.2126729 * rgb[0] + 0.7151522 * rgb[1] + 0.0721750 * rgb[2];
  const double z = (0.0193339 * rgb[0] + 0.1191920 * rgb[1] + 0.9503041 * rgb[2]) / 1.08883;
  auto f = [](double t) { return t > 216.0 / 24389.0 ? std::cbrt(t) : (24389.0 / 27.0 * t + 16.0) / 116.0; };
  return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}

double delta_e(const Lab& a, const Lab& b) {
  return std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
}

// The smallest distance between a and b over the four visions, and under which.
double worst(const std::string& a, const std::string& b, std::string& vision) {
  double least = 1e9;
  for (const Vision& v : kVisions) {
    const double d = delta_e(seen(a, v), seen(b, v));
    if (d < least) {
      least = d;
      vision = v.name;
    }
  }
  return least;
}

const char* colour_of(ThreadState s) { return state_style(s)->colour; }

TEST_CASE("palette: the simulation reproduces the measurement that opened issue 19") {
  std::string vision;
  // The old palette: running #40c057 against waiting for the GIL #ff6b6b.
  CHECK(worst("#40c057", "#ff6b6b", vision) == doctest::Approx(3.4).epsilon(0.02));
  CHECK(vision == "deuteranopia");
}

TEST_CASE("palette: running, native, ready and waiting for the GIL stay far apart for every vision") {
  const ThreadState key[] = {ThreadState::running, ThreadState::native, ThreadState::ready, ThreadState::gil_wait};
  for (ThreadState a : key) {
    for (ThreadState b : key) {
      if (a >= b) continue;
      std::string vision;
      const double d = worst(colour_of(a), colour_of(b), vision);
      CAPTURE(state_name(a));
      CAPTURE(state_name(b));
      CAPTURE(vision);
      CHECK(d >= 40.0);
    }
  }
}

TEST_CASE("palette: every two states, and each state and an empty lane, can be told apart for every vision") {
  for (std::size_t i = 0; i < kStateStyleCount; ++i) {
    std::string vision;
    CAPTURE(kStateStyles[i].words);
    CHECK(worst(kStateStyles[i].colour, kLaneBackground, vision) >= 15.0);
    for (std::size_t j = i + 1; j < kStateStyleCount; ++j) {
      CAPTURE(kStateStyles[j].words);
      const double d = worst(kStateStyles[i].colour, kStateStyles[j].colour, vision);
      CAPTURE(vision);
      CHECK(d >= 15.0);
    }
  }
}

TEST_CASE("palette: thread colours and compare series can be told apart for every vision") {
  for (std::size_t i = 0; i < kGroupColourCount; ++i) {
    for (std::size_t j = i + 1; j < kGroupColourCount; ++j) {
      std::string vision;
      CAPTURE(kGroupColours[i]);
      CAPTURE(kGroupColours[j]);
      const double d = worst(kGroupColours[i], kGroupColours[j], vision);
      CAPTURE(vision);
      CHECK(d >= 15.0);
    }
  }
}

TEST_CASE("palette: every state a thread lane shows has a colour and words") {
  for (int s = 0; s < kThreadStateCount; ++s) {
    const auto state = static_cast<ThreadState>(s);
    CAPTURE(state_name(state));
    CHECK((state_style(state) != nullptr) == is_alive(state));
  }
}

}  // namespace
}  // namespace gilsim
