#include "compare/grid.h"

#include <charconv>
#include <stdexcept>

#include "scenario/spelling.h"

namespace gilsim {

namespace {

constexpr std::uint64_t kMaxCores = 1'048'576;

std::vector<std::string_view> split_commas(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(',', start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool parse_unsigned(std::string_view text, std::uint64_t& value) {
  if (text.empty() || text[0] == '+' || text[0] == '-') return false;
  auto [stop, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && stop == text.data() + text.size();
}

// Escaped: an option's raw bytes (a newline, a stray 0xFF) never reach a message.
std::string quoted(std::string_view text) { return quote(text); }

std::uint32_t core_count(std::string_view text, std::string_view item) {
  std::uint64_t value = 0;
  if (!parse_unsigned(text, value) || value < 1 || value > kMaxCores)
    throw std::invalid_argument(quoted(item) +
                                " is not a core count (numbers from 1 to 1048576, or ranges such as 4-8)");
  return static_cast<std::uint32_t>(value);
}

}  // namespace

const char* gil_setting_name(GilSetting setting) {
  switch (setting) {
    case GilSetting::on:
      return "on";
    case GilSetting::off:
      return "off";
    default:
      return "scenario";
  }
}

std::size_t Grid::variant_count() const {
  std::size_t count = 1;
  for (const SweepAxis& axis : sweeps) count *= axis.values.size();
  return count;
}

std::vector<std::size_t> Grid::variant_choice(std::size_t variant) const {
  std::vector<std::size_t> choice(sweeps.size());
  for (std::size_t i = sweeps.size(); i-- > 0;) {
    choice[i] = variant % sweeps[i].values.size();
    variant /= sweeps[i].values.size();
  }
  return choice;
}

Grid::Point Grid::point(std::size_t index) const {
  Point p;
  p.series = index / cores.size();
  p.cores = index % cores.size();
  p.variant = p.series / gil.size();
  p.gil = p.series % gil.size();
  return p;
}

std::vector<std::uint32_t> parse_core_list(std::string_view text) {
  const std::string example = " (e.g. --cores 1,2,4,8 or --cores 1-16)";
  std::vector<std::uint32_t> cores;
  std::vector<bool> seen;  // grows to the largest count named, at most kMaxCores
  for (std::string_view item : split_commas(text)) {
    if (item.empty()) throw std::invalid_argument("empty item in " + quoted(text) + example);
    std::size_t dash = item.find('-');
    std::uint32_t low = core_count(item.substr(0, dash), item);
    std::uint32_t high = dash == std::string_view::npos ? low : core_count(item.substr(dash + 1), item);
    if (high < low)
      throw std::invalid_argument("range " + quoted(item) + " runs backwards (write the smaller number first: " +
                                  std::to_string(high) + "-" + std::to_string(low) + ")");
    if (high - low >= kMaxPoints)
      throw std::invalid_argument("range " + quoted(item) + " has more than " + std::to_string(kMaxPoints) +
                                  " core counts (pick a few, e.g. 1,2,4,8)");
    if (seen.size() <= high) seen.resize(std::size_t{high} + 1, false);
    for (std::uint32_t n = low; n <= high; ++n) {
      if (seen[n]) throw std::invalid_argument(std::to_string(n) + " cores named twice in " + quoted(text));
      seen[n] = true;
      cores.push_back(n);
      if (cores.size() > kMaxPoints)
        throw std::invalid_argument(quoted(text) + " names more than " + std::to_string(kMaxPoints) + " core counts");
    }
  }
  return cores;
}

std::vector<GilSetting> parse_gil_list(std::string_view text) {
  std::vector<GilSetting> settings;
  for (std::string_view item : split_commas(text)) {
    GilSetting setting = GilSetting::scenario;
    if (item == "on")
      setting = GilSetting::on;
    else if (item == "off")
      setting = GilSetting::off;
    else if (item != "scenario")
      throw std::invalid_argument(quoted(item) + " is not a GIL setting (valid: on, off, scenario; e.g. --gil on,off)");
    for (GilSetting earlier : settings)
      if (earlier == setting) throw std::invalid_argument(quoted(item) + " named twice in " + quoted(text));
    settings.push_back(setting);
  }
  return settings;
}

std::vector<std::uint32_t> default_core_list(std::uint64_t threads) {
  std::vector<std::uint32_t> cores;
  for (std::uint64_t n = 1; n <= threads && n <= kMaxCores; n *= 2) cores.push_back(static_cast<std::uint32_t>(n));
  if (cores.empty()) cores.push_back(1);
  return cores;
}

Shard parse_shard(std::string_view text) {
  const std::string valid = " (expected K/N with 1 <= K <= N, e.g. --shard 1/4 ... --shard 4/4)";
  std::size_t slash = text.find('/');
  std::uint64_t number = 0, count = 0;
  if (slash == std::string_view::npos || !parse_unsigned(text.substr(0, slash), number) ||
      !parse_unsigned(text.substr(slash + 1), count) || number < 1 || count < 1 || number > count || count > kMaxPoints)
    throw std::invalid_argument(quoted(text) + " is not a shard" + valid);
  return Shard{static_cast<std::size_t>(number), static_cast<std::size_t>(count)};
}

}  // namespace gilsim
