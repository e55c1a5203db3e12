#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

#include "compare/render.h"
#include "compare/summary.h"
#include "compare/table.h"
#include "report/palette.h"

namespace gilsim {

namespace {

// Series: the colours of report/palette.h, which colour-blind readers tell
// apart, and a dash pattern and a marker shape of their own as a second cue.
const char* const* const kColours = kGroupColours;
constexpr std::size_t kColourCount = kGroupColourCount;
const char* const kDashes[] = {"", "8 3", "2 3", "8 3 2 3"};
constexpr std::size_t kDashCount = sizeof kDashes / sizeof kDashes[0];

// A series' marker at (x, y): circle, square, triangle, diamond in turn.
std::string marker(std::size_t series, const std::string& x, const std::string& y, const std::string& colour) {
  const std::string at = " transform=\"translate(" + x + " " + y + ")\" fill=\"" + colour + "\"";
  switch (series % 4) {
    case 0: return "<circle r=\"4\"" + at + ">";
    case 1: return "<rect x=\"-4\" y=\"-4\" width=\"8\" height=\"8\"" + at + ">";
    case 2: return "<path d=\"M0,-5L4.5,3.5H-4.5Z\"" + at + ">";
    default: return "<path d=\"M0,-5L5,0L0,5L-5,0Z\"" + at + ">";
  }
}
const char* marker_end(std::size_t series) {
  switch (series % 4) {
    case 0: return "</circle>";
    case 1: return "</rect>";
    default: return "</path>";
  }
}

std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

std::string tick_label(double value) {
  char text[32];
  std::snprintf(text, sizeof text, value == std::floor(value) ? "%.0f" : "%.2g", value);
  return text;
}

// A step of 1, 2 or 5 times a power of ten giving at most 8 ticks over `range`.
double tick_step(double range) {
  for (double base = 0.1;; base *= 10)
    for (double m : {1.0, 2.0, 5.0})
      if (base * m * 8 >= range) return base * m;
}

// The chart: speedup over 1 core against cores, one polyline per series.
void write_chart(std::ostream& out, const Comparison& c) {
  struct Dot {
    std::uint32_t cores;
    double speedup;
    std::size_t point;
  };
  std::vector<std::vector<Dot>> series(c.grid.series_count());
  double top_speedup = 1;
  for (const ComparisonRow& row : c.rows) {
    if (!row.speedup_vs_1_core || row.measured.stop != RunStop::drained || row.measured.deadlock ||
        row.measured.program_error)
      continue;
    series[row.at.series].push_back({row.measured.cores, *row.speedup_vs_1_core, row.point});
    top_speedup = std::max(top_speedup, *row.speedup_vs_1_core);
  }
  std::uint32_t top_cores = std::max<std::uint32_t>(2, *std::max_element(c.grid.cores.begin(), c.grid.cores.end()));
  double x_max = top_cores;
  double y_step = tick_step(std::max(x_max, top_speedup));
  double y_max = std::ceil(std::max(x_max, top_speedup) / y_step) * y_step;

  std::size_t shown = 0;
  for (const auto& dots : series) shown += dots.empty() ? 0 : 1;
  const double left = 60, top = 20, plot_w = 480, plot_h = 320, legend_x = left + plot_w + 30;
  double height = std::max(top + plot_h + 60, top + 30 + 20 * static_cast<double>(shown + 1));
  auto x = [&](double cores) { return left + cores / x_max * plot_w; };
  auto y = [&](double speedup) { return top + plot_h - speedup / y_max * plot_h; };

  // As wide as the page allows, never wider than drawn: it scales down on a narrow window.
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 " << number(legend_x + 260) << " "
      << number(height) << "\" style=\"max-width:" << number(legend_x + 260)
      << "px\" role=\"img\" aria-label=\"speedup against cores\">\n";
  // Axes, grid lines and ticks.
  for (double v = 0; v <= y_max + y_step / 2; v += y_step)
    out << "<line class=\"grid\" x1=\"" << number(left) << "\" y1=\"" << number(y(v)) << "\" x2=\""
        << number(left + plot_w) << "\" y2=\"" << number(y(v)) << "\"/><text x=\"" << number(left - 8) << "\" y=\""
        << number(y(v) + 4) << "\" text-anchor=\"end\">" << tick_label(v) << "</text>\n";
  std::vector<std::uint32_t> x_ticks = c.grid.cores;
  if (x_ticks.size() > 12) {
    x_ticks.clear();
    double step = tick_step(x_max);
    for (double v = step; v <= x_max + step / 2; v += step) x_ticks.push_back(static_cast<std::uint32_t>(v));
  }
  for (std::uint32_t t : x_ticks)
    out << "<line class=\"axis\" x1=\"" << number(x(t)) << "\" y1=\"" << number(top + plot_h) << "\" x2=\""
        << number(x(t)) << "\" y2=\"" << number(top + plot_h + 5) << "\"/><text x=\"" << number(x(t)) << "\" y=\""
        << number(top + plot_h + 20) << "\" text-anchor=\"middle\">" << t << "</text>\n";
  out << "<line class=\"axis\" x1=\"" << number(left) << "\" y1=\"" << number(top + plot_h) << "\" x2=\""
      << number(left + plot_w) << "\" y2=\"" << number(top + plot_h) << "\"/>\n"
      << "<line class=\"axis\" x1=\"" << number(left) << "\" y1=\"" << number(top) << "\" x2=\"" << number(left)
      << "\" y2=\"" << number(top + plot_h) << "\"/>\n"
      << "<text x=\"" << number(left + plot_w / 2) << "\" y=\"" << number(top + plot_h + 42)
      << "\" text-anchor=\"middle\">cores</text>\n"
      << "<text transform=\"translate(16 " << number(top + plot_h / 2)
      << ") rotate(-90)\" text-anchor=\"middle\">speedup over 1 core"
      << (c.metrics.empty() ? "" : " (" + escaped(c.metrics[0].name()) + ")") << "</text>\n";
  // The ideal: n cores, n times faster.
  double ideal_end = std::min(x_max, y_max);
  out << "<line class=\"ideal\" x1=\"" << number(x(1)) << "\" y1=\"" << number(y(1)) << "\" x2=\""
      << number(x(ideal_end)) << "\" y2=\"" << number(y(ideal_end)) << "\"/>\n";
  double legend_y = top + 10;
  out << "<line class=\"ideal\" x1=\"" << number(legend_x) << "\" y1=\"" << number(legend_y) << "\" x2=\""
      << number(legend_x + 24) << "\" y2=\"" << number(legend_y) << "\"/><text x=\"" << number(legend_x + 30)
      << "\" y=\"" << number(legend_y + 4) << "\">ideal (n cores, n\xC3\x97)</text>\n";

  std::size_t drawn = 0;
  for (std::size_t s = 0; s < series.size(); ++s) {
    std::vector<Dot>& dots = series[s];
    if (dots.empty()) continue;
    std::stable_sort(dots.begin(), dots.end(), [](const Dot& a, const Dot& b) { return a.cores < b.cores; });
    std::string colour = kColours[drawn % kColourCount];
    const char* pattern = kDashes[(drawn + drawn / kColourCount) % kDashCount];
    std::string dash = *pattern ? std::string(" stroke-dasharray=\"") + pattern + "\"" : "";
    out << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"2\"" << dash << " points=\"";
    for (std::size_t i = 0; i < dots.size(); ++i)
      out << (i ? " " : "") << number(x(dots[i].cores)) << "," << number(y(dots[i].speedup));
    out << "\"/>\n";
    std::string label = escaped(series_label(c, s));
    for (const Dot& d : dots)
      out << marker(drawn, number(x(d.cores)), number(y(d.speedup)), colour) << "<title>point " << d.point + 1 << ": "
          << label << ", " << d.cores << (d.cores == 1 ? " core, " : " cores, ") << times(d.speedup) << "</title>"
          << marker_end(drawn) << "\n";
    legend_y += 20;
    out << "<line x1=\"" << number(legend_x) << "\" y1=\"" << number(legend_y) << "\" x2=\"" << number(legend_x + 24)
        << "\" y2=\"" << number(legend_y) << "\" stroke=\"" << colour << "\" stroke-width=\"2\"" << dash << "/>"
        << marker(drawn, number(legend_x + 12), number(legend_y), colour) << marker_end(drawn) << "<text x=\""
        << number(legend_x + 30) << "\" y=\"" << number(legend_y + 4) << "\">" << label << "</text>\n";
    ++drawn;
  }
  out << "</svg>\n";
}

}  // namespace

void write_comparison_html(std::ostream& out, const Comparison& c) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>gilsim compare: "
      << escaped(c.scenario_name) << "</title>\n<style>\n"
      << "body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }\n"
      << "table { border-collapse: collapse; font-variant-numeric: tabular-nums; }\n"
      << "th, td { padding: 0.2em 0.7em; border-bottom: 1px solid #ddd; white-space: nowrap; }\n"
      << ".table-wrap { overflow-x: auto; max-width: 100%; }\n"
      << "svg.chart { display: block; width: 100%; height: auto; }\n"
      << "td.n { text-align: right; }\n"
      << "svg text { font-size: 12px; fill: #333; }\n"
      << "line.axis { stroke: #333; } line.grid { stroke: #e4e4e4; }\n"
      << "line.ideal { stroke: #999; stroke-width: 1.5; stroke-dasharray: 4 4; }\n"
      << ".summary { font-size: 1.1em; max-width: 50em; } .legend { color: #555; max-width: 50em; }\n"
      << "</style>\n</head>\n<body>\n";
  out << "<h1>" << escaped(c.scenario_name) << "</h1>\n<p>Scenario <code>" << escaped(c.file) << "</code>; "
      << escaped(grid_text(c.grid)) << " (cores vary fastest)"
      << (c.shard ? "; shard " + std::to_string(c.shard->number) + "/" + std::to_string(c.shard->count) : "")
      << ".</p>\n";
  std::string summary = c.shard ? "" : summarize(c);
  if (!summary.empty()) out << "<p class=\"summary\">" << escaped(summary) << "</p>\n";
  write_chart(out, c);

  ComparisonTable table = comparison_table(c);
  // A wide table scrolls within the page instead of running off its edge.
  out << "<div class=\"table-wrap\"><table>\n<tr>";
  for (const std::string& header : table.headers) out << "<th>" << escaped(header) << "</th>";
  out << "</tr>\n";
  for (const auto& row : table.cells) {
    out << "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i)
      out << (table.numeric[i] ? "<td class=\"n\">" : "<td>") << escaped(row[i]) << "</td>";
    out << "</tr>\n";
  }
  out << "</table></div>\n";
  for (const std::string& note : table.notes) out << "<p>" << escaped(note) << "</p>\n";
  out << "<p class=\"legend\">";
  for (std::size_t i = 0; i < table.legend.size(); ++i) out << (i ? " " : "") << escaped(table.legend[i]);
  out << "</p>\n</body>\n</html>\n";
}

}  // namespace gilsim
