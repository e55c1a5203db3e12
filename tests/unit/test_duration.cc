#include <doctest/doctest.h>

#include <stdexcept>

#include "scenario/duration.h"

using gilsim::parse_duration;

TEST_CASE("parse_duration: whole values in every unit") {
  CHECK(parse_duration("0ns") == 0);
  CHECK(parse_duration("0s") == 0);
  CHECK(parse_duration("250ns") == 250);
  CHECK(parse_duration("50us") == 50'000);
  CHECK(parse_duration("50\xC2\xB5s") == 50'000);  // micro sign
  CHECK(parse_duration("50\xCE\xBCs") == 50'000);  // Greek mu
  CHECK(parse_duration("10ms") == 10'000'000);
  CHECK(parse_duration("2s") == 2'000'000'000);
  CHECK(parse_duration("007ms") == 7'000'000);
}

TEST_CASE("parse_duration: fractions are exact") {
  CHECK(parse_duration("1.5ms") == 1'500'000);
  CHECK(parse_duration("0.25us") == 250);
  CHECK(parse_duration("12.501s") == 12'501'000'000);
  CHECK(parse_duration("0.000000001s") == 1);
  CHECK(parse_duration("1.0ns") == 1);                  // trailing zeros past the last nanosecond are fine
  CHECK(parse_duration("2.5000000000000s") == 2'500'000'000);
}

TEST_CASE("parse_duration: the largest values") {
  CHECK(parse_duration("9223372036854775807ns") == gilsim::kTimeMax);
  CHECK(parse_duration("9223372036.854775807s") == gilsim::kTimeMax);
  CHECK(parse_duration("9223372036854.775807ms") == gilsim::kTimeMax);
  CHECK(parse_duration("00000000000000000000000001ns") == 1);  // leading zeros never overflow
}

TEST_CASE("parse_duration: errors say what would be valid") {
  const char* examples = R"(expected a duration such as "250ns", "50us", "1.5ms" or "2s")";
  CHECK_THROWS_WITH_AS(parse_duration(""), (std::string("empty duration (") + examples + ")").c_str(),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_duration("5"), R"(duration "5" has no unit (write "5ns", "5us", "5ms" or "5s"))",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_duration("1.5"),
                       R"(duration "1.5" has no unit (write "1.5ns", "1.5us", "1.5ms" or "1.5s"))",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_duration("5msec"),
                       R"(unknown unit "msec" in duration "5msec" (did you mean "ms"?; valid units: ns, us, ms, s, min, h))",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_duration("5seconds"),
                       R"(unknown unit "seconds" in duration "5seconds" (did you mean "s"?; valid units: ns, us, ms, s, min, h))",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_duration("5MS"),
                       R"(unknown unit "MS" in duration "5MS" (did you mean "ms"?; valid units: ns, us, ms, s, min, h))",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_duration("5mz"),
                       R"(unknown unit "mz" in duration "5mz" (did you mean "ms"?; valid units: ns, us, ms, s, min, h))",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_duration("5hours"),
                       R"(unknown unit "hours" in duration "5hours" (did you mean "h"?; valid units: ns, us, ms, s, min, h))",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_duration("-5ms"),
                       (std::string(R"(negative duration "-5ms" (durations are zero or more; )") + examples + ")").c_str(),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_duration("1.5ns"),
                       R"(duration "1.5ns" is not a whole number of nanoseconds (decimals allowed: none for ns, 3 for us, 6 for ms, 9 for s, 10 for min, 11 for h))",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_duration("0.0000000001s"),
                       R"(duration "0.0000000001s" is not a whole number of nanoseconds (decimals allowed: none for ns, 3 for us, 6 for ms, 9 for s, 10 for min, 11 for h))",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_duration("99999999999s"),
                       R"(duration "99999999999s" is too large (the largest is 9223372036.854775807s, about 292 years))",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_duration("9223372036854775808ns"),
                       R"(duration "9223372036854775808ns" is too large (the largest is 9223372036.854775807s, about 292 years))",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_duration("9223372036.854775808s"),
                       R"(duration "9223372036.854775808s" is too large (the largest is 9223372036.854775807s, about 292 years))",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_duration("5 ms"),
                       (std::string(R"(invalid duration "5 ms" (no spaces allowed; )") + examples + ")").c_str(),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_duration("1e3ms"),
                       (std::string(R"(invalid duration "1e3ms" (exponents are not allowed; )") + examples + ")").c_str(),
                       std::invalid_argument);
  const std::string bad_number = std::string(" (") + examples + ": digits with an optional .fraction, then a unit ns, us, ms, s, min or h)";
  CHECK_THROWS_WITH_AS(parse_duration("+5ms"), (R"(invalid duration "+5ms")" + bad_number).c_str(), std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_duration(".5ms"), (R"(invalid duration ".5ms")" + bad_number).c_str(), std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_duration("5.ms"), (R"(invalid duration "5.ms")" + bad_number).c_str(), std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_duration("ms"), (R"(invalid duration "ms")" + bad_number).c_str(), std::invalid_argument);
}

TEST_CASE("parse_duration: minutes and hours, exact") {
  CHECK(parse_duration("1h") == 3'600'000'000'000);
  CHECK(parse_duration("1.5h") == 5'400'000'000'000);
  CHECK(parse_duration("0.25min") == 15'000'000'000);
  CHECK(parse_duration("2min") == 120'000'000'000);
  CHECK(parse_duration("0.00000000001h") == 36);  // 11 decimals of an hour are whole nanoseconds
  CHECK(parse_duration("0.0000000001min") == 6);  // 10 of a minute
  CHECK(parse_duration("2562047h") == 2'562'047 * 3'600'000'000'000);
  CHECK_THROWS_AS(parse_duration("2562048h"), std::invalid_argument);  // past 2^63 - 1 ns
  CHECK_THROWS_AS(parse_duration("0.000000000001h"), std::invalid_argument);
}

TEST_CASE("parse_duration: a suggestion is a unit of the same size, or none") {
  const char* valid = "valid units: ns, us, ms, s, min, h)";
  // "h" is an hour now, not a typo of "s" (3600 times off).
  CHECK_THROWS_WITH_AS(parse_duration("1hour"),
                       (std::string(R"(unknown unit "hour" in duration "1hour" (did you mean "h"?; )") + valid).c_str(),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_duration("1minutes"),
                       (std::string(R"(unknown unit "minutes" in duration "1minutes" (did you mean "min"?; )") + valid).c_str(),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_duration("1milisecond"),  // one letter off a spelling of ms
                       (std::string(R"(unknown unit "milisecond" in duration "1milisecond" (did you mean "ms"?; )") + valid).c_str(),
                       std::invalid_argument);
  // Picoseconds and a bare "m" name no unit of ours: nothing is suggested.
  CHECK_THROWS_WITH_AS(parse_duration("5ps"), (std::string(R"(unknown unit "ps" in duration "5ps" ()") + valid).c_str(),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_duration("5m"), (std::string(R"(unknown unit "m" in duration "5m" ()") + valid).c_str(),
                       std::invalid_argument);
}
