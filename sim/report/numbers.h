#pragma once
// How the reports write numbers: times in the unit of the run, fixed
// decimals, percentages. Deterministic: integer arithmetic for times, no locale.

#include <string>

#include "engine/time.h"

namespace gilsim {

struct Unit {
  Time scale;
  const char* name;  // "s", "ms", "us", "ns": ASCII (the HTML page writes "us" as &micro;s)
  int decimals;      // digits after the point in tables: 3, none for ns
};

// The unit of the makespan: every time in one report is shown in it so that
// columns line up and compare at a glance.
Unit unit_for(Time makespan);

// `t` in `unit` rounded half up to `decimals` (at most the unit's own),
// integers only: 1.500, 12, -0.250.
std::string format_in(Time t, const Unit& unit, int decimals);

// Exact value of `t` in `unit`, trailing zeros dropped: 0, 2.5, 10.
std::string format_exact(Time t, const Unit& unit);

// Two decimals, the same on every machine (no locale).
std::string fixed2(double x);

// `fraction` x 100 with `decimals` digits after the point: "28.7%", "97%".
std::string percent(double fraction, int decimals);
// 100 x `part` / `whole` with one decimal, "0.0%" when `whole` is 0: the HTML
// page's arithmetic. Scaling first rounds some ratios the other way from
// percent(part / whole, 1) (23 of 80: "28.8%" against "28.7%"); each report
// keeps the digits it has always printed.
std::string percent_of(double part, double whole);

}  // namespace gilsim
