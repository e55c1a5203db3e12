#include "scenario/duration.h"

#include <cctype>
#include <stdexcept>
#include <string>
#include <vector>

#include "scenario/spelling.h"

namespace gilsim {

namespace {

const std::string kExamples = R"(expected a duration such as "250ns", "50us", "1.5ms" or "2s")";

struct Unit {
  std::string_view name;
  Time scale;
  std::size_t decimals;  // fraction digits that still give whole nanoseconds
};
constexpr Unit kUnits[] = {
    {"ns", kNanosecond, 0}, {"us", kMicrosecond, 3}, {"\xC2\xB5s", kMicrosecond, 3},  // micro sign
    {"\xCE\xBCs", kMicrosecond, 3},                                                 // Greek small mu
    {"ms", kMillisecond, 6},  {"s", kSecond, 9}, {"min", 60 * kSecond, 10}, {"h", 3600 * kSecond, 11},
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

[[noreturn]] void fail(std::string message) { throw std::invalid_argument(std::move(message)); }

// Spellings people use for our units, so that "5msec" suggests "ms". Only
// these: a unit one letter away from another is another size ("ps" is not
// "ns", "1h" is not "1s"), so edit distance would suggest a wrong magnitude.
std::string unit_suggestion(std::string_view unit) {
  struct Alias {
    std::string_view unit;
    std::vector<std::string_view> spellings;
  };
  static const std::vector<Alias> kAliases = {
      {"ns", {"nsec", "nsecs", "nanosec", "nanosecs", "nanosecond", "nanoseconds"}},
      {"us", {"usec", "usecs", "microsec", "microsecs", "microsecond", "microseconds"}},
      {"ms", {"msec", "msecs", "millisec", "millisecs", "millisecond", "milliseconds"}},
      {"s", {"sec", "secs", "second", "seconds"}},
      {"min", {"mins", "minute", "minutes"}},
      {"h", {"hr", "hrs", "hour", "hours"}},
  };
  std::string lower;
  for (char c : unit) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // A slip of the second letter keeps the magnitude the first one names: "mz" is "ms".
  if (lower.size() == 2 && (lower[0] == 'n' || lower[0] == 'u' || lower[0] == 'm'))
    return "did you mean " + quote(lower.substr(0, 1) + "s") + "?; ";
  for (const Alias& alias : kAliases) {
    if (lower == alias.unit) return "did you mean " + quote(alias.unit) + "?; ";  // "MS": case matters
    for (std::string_view spelling : alias.spellings)
      if (lower == spelling || (spelling.size() > 4 && edit_distance(lower, spelling) == 1))
        return "did you mean " + quote(alias.unit) + "?; ";
  }
  return "";
}

std::string too_large(std::string_view text) {
  return "duration " + quote(text) + " is too large (the largest is " + format_duration(kTimeMax) +
         ", about 292 years)";
}

}  // namespace

Time parse_duration(std::string_view text) {
  if (text.empty()) fail("empty duration (" + kExamples + ")");
  if (text[0] == '-') fail("negative duration " + quote(text) + " (durations are zero or more; " + kExamples + ")");
  for (char c : text)
    if (std::isspace(static_cast<unsigned char>(c)))
      fail("invalid duration " + quote(text) + " (no spaces allowed; " + kExamples + ")");

  std::size_t pos = 0;
  while (pos < text.size() && is_digit(text[pos])) ++pos;
  std::string_view whole = text.substr(0, pos);
  std::string_view fraction;
  bool bad_number = whole.empty();
  if (!bad_number && pos < text.size() && text[pos] == '.') {
    std::size_t start = ++pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    fraction = text.substr(start, pos - start);
    bad_number = fraction.empty();
  }
  if (bad_number)
    fail("invalid duration " + quote(text) + " (" + kExamples +
         ": digits with an optional .fraction, then a unit ns, us, ms, s, min or h)");

  std::string_view unit_text = text.substr(pos);
  if (unit_text.empty()) {
    std::string number(text);
    fail("duration " + quote(text) + " has no unit (write \"" + number + "ns\", \"" + number + "us\", \"" + number +
         "ms\" or \"" + number + "s\")");
  }
  if ((unit_text[0] == 'e' || unit_text[0] == 'E') && unit_text.size() > 1 &&
      (is_digit(unit_text[1]) || unit_text[1] == '+' || unit_text[1] == '-'))
    fail("invalid duration " + quote(text) + " (exponents are not allowed; " + kExamples + ")");
  const Unit* unit = nullptr;
  for (const Unit& u : kUnits)
    if (unit_text == u.name) unit = &u;
  if (unit == nullptr)
    fail("unknown unit " + quote(unit_text) + " in duration " + quote(text) + " (" + unit_suggestion(unit_text) +
         "valid units: ns, us, ms, s, min, h)");

  // Whole part times the unit, then the fraction digit by digit, all checked.
  Time value = 0;
  for (char c : whole) {
    if (__builtin_mul_overflow(value, 10, &value) || __builtin_add_overflow(value, c - '0', &value))
      fail(too_large(text));
  }
  if (__builtin_mul_overflow(value, unit->scale, &value)) fail(too_large(text));
  Time place = unit->scale;
  for (std::size_t i = 0; i < fraction.size(); ++i) {
    int digit = fraction[i] - '0';
    if (i >= unit->decimals) {
      if (digit != 0)
        fail("duration " + quote(text) +
             " is not a whole number of nanoseconds (decimals allowed: none for ns, 3 for us, 6 for ms, 9 for s, 10 for min, 11 for h)");
      continue;
    }
    place /= 10;
    if (__builtin_add_overflow(value, digit * place, &value)) fail(too_large(text));
  }
  return value;
}

}  // namespace gilsim
