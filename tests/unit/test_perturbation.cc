// The seeded jitter of the OS's wake-ups (model/perturbation.h) alone, then
// in a run: off, it changes nothing; on, each draw stays in its range, the
// same seed draws the same, and two sleeps that tie are ordered by their draws.
#include <doctest/doctest.h>

#include <set>

#include "model/perturbation.h"
#include "model_fixture.h"

namespace gilsim {

namespace {

// The lines a run of `s` prints: "TIME THREAD: TEXT".
std::vector<std::string> printed(const Scenario& s) {
  Roster roster(s);
  testing::Watcher watcher(roster);
  Simulation(roster, watcher).run();
  return watcher.output;
}

}  // namespace

TEST_CASE("perturbation: without a spec every delay is the model's own") {
  Perturbation off(std::nullopt);
  CHECK(!off.on());
  CHECK(off.wake(0) == 0);
  CHECK(off.wake(123) == 123);
  CHECK(off.gil(kTimeMax) == kTimeMax);
}

TEST_CASE("perturbation: draws stay in [0, jitter], cover it, and repeat with the seed") {
  Perturbation a(PerturbationSpec{42, 1000, 10});
  Perturbation b(PerturbationSpec{42, 1000, 10});
  Perturbation c(PerturbationSpec{43, 1000, 10});
  Time low = kTimeMax, high = 0;
  bool other_seed_differs = false;
  for (int i = 0; i < 10000; ++i) {
    Time x = a.wake(5000);
    CHECK(x == b.wake(5000));
    other_seed_differs = other_seed_differs || x != c.wake(5000);
    CHECK(x >= 5000);
    CHECK(x <= 6000);
    low = std::min(low, x);
    high = std::max(high, x);
    Time g = a.gil(0);
    b.gil(0);
    c.gil(0);
    CHECK(g >= 0);
    CHECK(g <= 10);
  }
  CHECK(low < 5010);   // 10,000 uniform draws from 1,001 values reach both ends
  CHECK(high > 5990);
  CHECK(other_seed_differs);
}

TEST_CASE("perturbation: a jitter of 0 draws nothing and a delay near the end of time saturates") {
  Perturbation p(PerturbationSpec{1, 0, 0});
  CHECK(p.on());
  CHECK(p.wake(7) == 7);
  Perturbation q(PerturbationSpec{1, kSecond, kSecond});
  CHECK(q.wake(kTimeMax - 1) == kTimeMax);
}

TEST_CASE("perturbation in a run: two sleeps that tie wake in either order, as their seeds draw") {
  // Two threads start together on 2 cores, each sleeps 1 ms and prints:
  // without jitter they tie and print in declaration order at 1 ms; with up
  // to 50 us of jitter each prints in [1 ms, 1.05 ms] and the order follows
  // the draws: over 40 seeds both orders occur.
  using namespace testing;
  Scenario plain = scenario(2, {process("p", true, {thread("a", {sleep_for(kMillisecond), print({lit("a")})}),
                                                    thread("b", {sleep_for(kMillisecond), print({lit("b")})})})});
  CHECK(printed(plain) == std::vector<std::string>{"1000000 a: a", "1000000 b: b"});
  std::set<std::string> firsts;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    Scenario s = plain;
    s.perturbation = PerturbationSpec{seed, 50 * kMicrosecond, 0};
    std::vector<std::string> lines = printed(s);
    REQUIRE(lines.size() == 2);
    for (const std::string& line : lines) {
      Time at = std::stoll(line);
      CHECK(at >= kMillisecond);
      CHECK(at <= kMillisecond + 50 * kMicrosecond);
    }
    firsts.insert(lines[0].substr(lines[0].size() - 1));
  }
  CHECK(firsts == std::set<std::string>{"a", "b"});
}

TEST_CASE("perturbation in a run: two computations that end together print in either order") {
  // Free-threaded, two cores, two threads compute 1 ms and print: both lines
  // at 1 ms in every run (no wake-up to jitter), in declaration order without
  // a seed, in either order over 40 seeds (the ties' order drawn from each).
  using namespace testing;
  Scenario plain = scenario(2, {process("p", false, {thread("a", {compute(kMillisecond), print({lit("a")})}),
                                                     thread("b", {compute(kMillisecond), print({lit("b")})})})});
  CHECK(printed(plain) == std::vector<std::string>{"1000000 a: a", "1000000 b: b"});
  std::set<std::string> firsts;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    Scenario s = plain;
    s.perturbation = PerturbationSpec{seed, 50 * kMicrosecond, 10 * kMicrosecond};
    std::vector<std::string> lines = printed(s);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].rfind("1000000 ", 0) == 0);
    CHECK(lines[1].rfind("1000000 ", 0) == 0);
    firsts.insert(lines[0].substr(lines[0].size() - 1));
  }
  CHECK(firsts == std::set<std::string>{"a", "b"});
}

}  // namespace gilsim
