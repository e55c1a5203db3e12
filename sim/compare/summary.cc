#include "compare/summary.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "compare/table.h"
#include "report/numbers.h"

namespace gilsim {

namespace {

// Below this a "speedup" is noise from start-up and joins, not scaling.
constexpr double kNoGain = 1.05;
// Below this, more cores help a little but the workload is not limited by them.
constexpr double kLittleGain = 1.5;
// Beyond this many series the summary names only the best and the worst.
constexpr std::size_t kMaxSeriesNamed = 6;

struct SeriesScaling {
  std::size_t series = 0;
  const ComparisonRow* best = nullptr;     // the highest speedup over 1 core (the first of equals)
  const ComparisonRow* largest = nullptr;  // the most cores
  const ComparisonRow* any = nullptr;      // a completed row, for a series with only 1 core
};

bool completed(const ComparisonRow& row) {
  return row.measured.stop == RunStop::drained && !row.measured.deadlock && !row.measured.program_error;
}

// The row of a point, or nullptr when this comparison (a shard) lacks it.
const ComparisonRow* row_at(const Comparison& c, std::size_t point) {
  if (c.rows.empty() || point < c.rows.front().point || point - c.rows.front().point >= c.rows.size()) return nullptr;
  return &c.rows[point - c.rows.front().point];
}

std::string settings_of(const Comparison& c, std::size_t variant) {
  std::vector<std::size_t> choice = c.grid.variant_choice(variant);
  std::string text;
  for (std::size_t i = 0; i < choice.size(); ++i)
    text += (i ? ", " : "") + c.grid.sweeps[i].name + "=" + c.grid.sweeps[i].values[choice[i]];
  return text;
}

std::string subject(const Comparison& c, std::size_t series) {
  std::string settings = settings_of(c, series / c.grid.gil.size());
  return c.workloads[series] + (settings.empty() ? "" : " (" + settings + ")");
}

std::string verb(const Comparison& c, std::size_t series, const char* plural, const char* singular) {
  return c.workload_plural[series] ? plural : singular;
}

// What a series does as cores are added: "do not speed up beyond 1 core".
std::string scaling_predicate(const Comparison& c, const SeriesScaling& s) {
  if (s.best == nullptr) {
    std::string on = " on " + std::to_string(s.any->measured.cores) + (s.any->measured.cores == 1 ? " core" : " cores");
    if (c.metrics.empty()) return verb(c, s.series, "take ", "takes ") + format_time_fixed(s.any->measured.makespan) + on;
    const MetricSpec& metric = c.metrics[0];
    std::optional<double> value = s.any->measured.metrics.empty() ? std::nullopt : s.any->measured.metrics[0];
    return verb(c, s.series, "have ", "has ") + metric.name() + " " + metric_text(metric, value) + on;
  }
  double best = *s.best->speedup_vs_1_core;
  std::string cores = std::to_string(s.best->measured.cores) + " cores";
  if (best < kNoGain) {
    // The old GIL's battle: more cores make it slower (never true of the others).
    const std::optional<double>& at_most = s.largest->speedup_vs_1_core;
    if (s.largest->measured.cores > 1 && at_most && *at_most <= 1 / kNoGain)
      return verb(c, s.series, "run", "runs") + " slower on more cores: " + times(*at_most) + " on " +
             std::to_string(s.largest->measured.cores) + " cores";
    return verb(c, s.series, "do", "does") + " not speed up beyond 1 core";
  }
  if (best < kLittleGain)
    return verb(c, s.series, "gain", "gains") + " little from more cores: at most " + times(best) + " (on " + cores +
           ")";
  std::string text = verb(c, s.series, "reach ", "reaches ") + times(best) + " on " + cores;
  if (s.largest->measured.cores > s.best->measured.cores)
    text += " and no more with up to " + std::to_string(s.largest->measured.cores);
  return text;
}

std::string scaling_sentence(const Comparison& c, const SeriesScaling& s) {
  return subject(c, s.series) + " " + scaling_predicate(c, s);
}

// What the GIL costs: each variant's makespan with it on and off, at the most cores.
std::vector<std::string> gil_sentences(const Comparison& c) {
  const Grid& g = c.grid;
  auto on = std::find(g.gil.begin(), g.gil.end(), GilSetting::on);
  auto off = std::find(g.gil.begin(), g.gil.end(), GilSetting::off);
  if (on == g.gil.end() || off == g.gil.end()) return {};
  std::size_t most = static_cast<std::size_t>(std::max_element(g.cores.begin(), g.cores.end()) - g.cores.begin());
  std::vector<std::string> sentences;
  for (std::size_t v = 0; v < g.variant_count() && sentences.size() < kMaxSeriesNamed; ++v) {
    const ComparisonRow* with =
        row_at(c, g.index(v * g.gil.size() + static_cast<std::size_t>(on - g.gil.begin()), most));
    const ComparisonRow* without =
        row_at(c, g.index(v * g.gil.size() + static_cast<std::size_t>(off - g.gil.begin()), most));
    if (with == nullptr || without == nullptr || !completed(*with) || !completed(*without)) continue;
    const ComparisonRow& a = *with;
    const ComparisonRow& b = *without;
    if (b.measured.makespan <= 0) continue;
    double cost = static_cast<double>(a.measured.makespan) / static_cast<double>(b.measured.makespan);
    std::string settings = settings_of(c, v);
    std::string where = " on " + std::to_string(g.cores[most]) + (g.cores[most] == 1 ? " core (" : " cores (") +
                        format_time_fixed(a.measured.makespan) + " with it, " + format_time_fixed(b.measured.makespan) +
                        " without)";
    std::string text = settings.empty() ? "the GIL " : "with " + settings + ", the GIL ";
    if (cost >= kNoGain)
      text += "makes this work " + times(cost) + " slower" + where;
    else if (cost > 1 / kNoGain)
      text += "costs next to nothing" + where;
    else
      text += "makes this work faster" + where;
    sentences.push_back(text);
  }
  return sentences;
}

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i) text += (i ? separator : "") + parts[i];
  return text;
}

std::string capitalised(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

}  // namespace

std::string times(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f\xC3\x97", ratio);  // U+00D7 multiplication sign
  return text;
}

std::string percent(double share) { return percent(share, 0); }

std::string series_settings(const Comparison& c, std::size_t series) {
  std::string text = settings_of(c, series / c.grid.gil.size());
  if (c.grid.gil_swept) {
    GilSetting gil = c.grid.gil[series % c.grid.gil.size()];
    text += (text.empty() ? "" : ", ") + std::string(gil == GilSetting::scenario ? "GIL as in the scenario"
                                                     : gil == GilSetting::on     ? "GIL on"
                                                                                 : "GIL off");
  }
  return text;
}

std::string series_label(const Comparison& c, std::size_t series) {
  std::string settings = series_settings(c, series);
  return settings.empty() ? c.workloads[series] : settings;
}

std::string describe_point(const Comparison& c, std::size_t point) {
  Grid::Point at = c.grid.point(point);
  std::string settings = series_settings(c, at.series);
  std::uint32_t cores = c.grid.cores[at.cores];
  return "point " + std::to_string(point + 1) + " (" + settings + (settings.empty() ? "" : ", ") +
         std::to_string(cores) + (cores == 1 ? " core)" : " cores)");
}

std::string core_list_text(const std::vector<std::uint32_t>& cores) {
  std::string text;
  for (std::size_t i = 0; i < cores.size();) {
    std::size_t j = i;
    while (j + 1 < cores.size() && cores[j + 1] == cores[j] + 1) ++j;
    text += (i ? ", " : "") + std::to_string(cores[i]);
    if (j >= i + 2) {
      text += "-" + std::to_string(cores[j]);
      i = j + 1;
    } else {
      ++i;
    }
  }
  return text;
}

std::string summarize(const Comparison& c) {
  std::vector<SeriesScaling> scaling;
  for (const ComparisonRow& row : c.rows) {
    if (scaling.empty() || scaling.back().series != row.at.series) scaling.push_back({row.at.series});
    if (!completed(row)) continue;
    SeriesScaling& s = scaling.back();
    if (s.any == nullptr) s.any = &row;
    if (s.largest == nullptr || row.measured.cores > s.largest->measured.cores) s.largest = &row;
    if (row.measured.cores > 1 && row.speedup_vs_1_core &&
        (s.best == nullptr || *row.speedup_vs_1_core > *s.best->speedup_vs_1_core))
      s.best = &row;
  }
  std::erase_if(scaling, [](const SeriesScaling& s) { return s.any == nullptr; });
  if (scaling.empty()) return "";

  std::vector<std::string> parts;
  bool alike = scaling.size() > 1;  // every setting scales the same: say it once
  for (const SeriesScaling& s : scaling)
    alike = alike && c.workloads[s.series] == c.workloads[scaling[0].series] &&
            scaling_predicate(c, s) == scaling_predicate(c, scaling[0]);
  if (alike) {
    parts.push_back(c.workloads[scaling[0].series] + " " + scaling_predicate(c, scaling[0]) + " with each of the " +
                    std::to_string(scaling.size()) + " settings");
  } else if (scaling.size() <= kMaxSeriesNamed) {
    for (const SeriesScaling& s : scaling) parts.push_back(scaling_sentence(c, s));
  } else {
    auto gain = [](const SeriesScaling& s) { return s.best ? *s.best->speedup_vs_1_core : 1.0; };
    auto [low, high] =
        std::minmax_element(scaling.begin(), scaling.end(),
                            [&](const SeriesScaling& a, const SeriesScaling& b) { return gain(a) < gain(b); });
    parts.push_back("of " + std::to_string(scaling.size()) + " settings, the best: " + scaling_sentence(c, *high));
    parts.push_back("the least: " + scaling_sentence(c, *low));
  }
  std::string text = capitalised(join(parts, "; ")) + ".";
  std::vector<std::string> gil = gil_sentences(c);
  if (!gil.empty()) text += " " + capitalised(join(gil, "; ")) + ".";
  return text;
}

}  // namespace gilsim
