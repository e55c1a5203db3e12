// Advice as one self-contained page: the answer, the best option's scaling
// drawn against the ideal line and the Amdahl curve of its serial fraction,
// the ranked options and why each ranks where it does.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

#include "advise/render.h"
#include "report/html_text.h"
#include "report/palette.h"

namespace gilsim {

namespace {

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

std::string fixed(double v, int decimals) {
  char text[48];
  std::snprintf(text, sizeof text, "%.*f", decimals, v);
  return text;
}

// Speedup over 1 core against cores: the measured points, the ideal (n cores,
// n times), and Amdahl's 1 / (e + (1 - e) / n) for the last point's e.
void write_scaling_chart(std::ostream& out, const Advice& a) {
  const double left = 60, top = 20, plot_w = 480, plot_h = 300;
  const double x_max = std::max<double>(2, a.fit.back().cores);
  double y_max = x_max;
  for (const CoreFit& f : a.fit)
    if (f.speedup) y_max = std::max(y_max, *f.speedup);
  y_max = std::ceil(y_max);
  auto x = [&](double cores) { return left + (cores - 1) / (x_max - 1) * plot_w; };
  auto y = [&](double speedup) { return top + plot_h - speedup / y_max * plot_h; };
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 800 " << number(top + plot_h + 60)
      << "\" style=\"max-width:800px\" role=\"img\" aria-label=\"speedup of the best option against cores\">\n";
  const double step = y_max <= 10 ? 1 : std::ceil(y_max / 8);
  for (double v = 0; v <= y_max + step / 2; v += step)
    out << "<line class=\"grid\" x1=\"" << number(left) << "\" y1=\"" << number(y(v)) << "\" x2=\""
        << number(left + plot_w) << "\" y2=\"" << number(y(v)) << "\"/><text x=\"" << number(left - 8) << "\" y=\""
        << number(y(v) + 4) << "\" text-anchor=\"end\">" << fixed(v, 0) << "</text>\n";
  for (const CoreFit& f : a.fit)
    out << "<text x=\"" << number(x(f.cores)) << "\" y=\"" << number(top + plot_h + 20) << "\" text-anchor=\"middle\">"
        << f.cores << "</text>\n";
  out << "<line class=\"axis\" x1=\"" << number(left) << "\" y1=\"" << number(top + plot_h) << "\" x2=\""
      << number(left + plot_w) << "\" y2=\"" << number(top + plot_h) << "\"/>\n"
      << "<text x=\"" << number(left + plot_w / 2) << "\" y=\"" << number(top + plot_h + 42)
      << "\" text-anchor=\"middle\">cores</text>\n<text transform=\"translate(16 " << number(top + plot_h / 2)
      << ") rotate(-90)\" text-anchor=\"middle\">speedup over 1 core</text>\n";
  const double legend_x = left + plot_w + 30;
  out << "<line class=\"ideal\" x1=\"" << number(x(1)) << "\" y1=\"" << number(y(1)) << "\" x2=\""
      << number(x(std::min(x_max, y_max))) << "\" y2=\"" << number(y(std::min(x_max, y_max))) << "\"/>\n"
      << "<line class=\"ideal\" x1=\"" << number(legend_x) << "\" y1=\"30\" x2=\"" << number(legend_x + 24)
      << "\" y2=\"30\"/><text x=\"" << number(legend_x + 30) << "\" y=\"34\">ideal (n cores, n\xC3\x97)</text>\n";
  if (const std::optional<double>& e = a.fit.back().serial_fraction; e && *e >= 0) {
    out << "<polyline class=\"amdahl\" fill=\"none\" points=\"";
    for (int i = 0; i <= 60; ++i) {
      double p = 1 + (x_max - 1) * i / 60.0;
      out << (i ? " " : "") << number(x(p)) << "," << number(y(1 / (*e + (1 - *e) / p)));
    }
    out << "\"/>\n<line class=\"amdahl\" x1=\"" << number(legend_x) << "\" y1=\"50\" x2=\"" << number(legend_x + 24)
        << "\" y2=\"50\"/><text x=\"" << number(legend_x + 30) << "\" y=\"54\">Amdahl, serial fraction "
        << fixed(*e, 3) << "</text>\n";
  }
  out << "<polyline fill=\"none\" stroke=\"" << kGroupColours[0] << "\" stroke-width=\"2\" points=\"";
  bool first = true;
  for (const CoreFit& f : a.fit)
    if (f.speedup) {
      out << (first ? "" : " ") << number(x(f.cores)) << "," << number(y(*f.speedup));
      first = false;
    }
  out << "\"/>\n";
  for (const CoreFit& f : a.fit)
    if (f.speedup)
      out << "<circle r=\"4\" cx=\"" << number(x(f.cores)) << "\" cy=\"" << number(y(*f.speedup)) << "\" fill=\""
          << kGroupColours[0] << "\"><title>" << f.cores << (f.cores == 1 ? " core: " : " cores: ")
          << fixed(*f.speedup, 2) << "\xC3\x97</title></circle>\n";
  out << "<line x1=\"" << number(legend_x) << "\" y1=\"70\" x2=\"" << number(legend_x + 24) << "\" y2=\"70\" stroke=\""
      << kGroupColours[0] << "\" stroke-width=\"2\"/><text x=\"" << number(legend_x + 30) << "\" y=\"74\">"
      << html_text(a.ranked.front().option.label()) << "</text>\n</svg>\n";
}

}  // namespace

void write_advice_html(std::ostream& out, const Advice& a) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>gilsim advise: "
      << html_text(a.scenario_name) << "</title>\n<style>\n"
      << "body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }\n"
      << "table { border-collapse: collapse; font-variant-numeric: tabular-nums; }\n"
      << "th, td { padding: 0.2em 0.7em; border-bottom: 1px solid #ddd; }\n"
      << "td.n { text-align: right; white-space: nowrap; } td.o { white-space: nowrap; } tr.best { font-weight: bold; }\n"
      << ".table-wrap { overflow-x: auto; max-width: 100%; }\n"
      << "svg.chart { display: block; width: 100%; height: auto; } svg text { font-size: 12px; fill: #333; }\n"
      << "line.axis { stroke: #333; } line.grid { stroke: #e4e4e4; }\n"
      << "line.ideal { stroke: #999; stroke-width: 1.5; stroke-dasharray: 4 4; }\n"
      << ".amdahl { stroke: #b35806; stroke-width: 1.5; stroke-dasharray: 8 3; fill: none; }\n"
      << ".answer { font-size: 1.1em; max-width: 50em; }\n</style>\n</head>\n<body>\n";
  out << "<h1>" << html_text(a.scenario_name) << "</h1>\n<p>Scenario <code>" << html_text(a.file) << "</code>; "
      << (a.pool.empty() ? std::string("its threads as written") : "pool <code>" + html_text(a.pool) + "</code>")
      << ", on " << a.cores << (a.cores == 1 ? " core" : " cores") << ", ranked by "
      << html_text(a.metric ? a.metric->name() : "makespan") << ".</p>\n";
  if (!a.ranked.empty())
    out << "<p class=\"answer\">Best: <strong>" << html_text(a.ranked.front().option.label()) << "</strong>: "
        << html_text(advise_reason(a, a.ranked.front())) << ".</p>\n";
  if (a.fit.size() > 1) {
    out << "<h2>Scaling of the best option</h2>\n";
    write_scaling_chart(out, a);
  }
  out << "<h2>Every option</h2>\n<div class=\"table-wrap\"><table>\n<tr><th>rank</th><th>option</th><th>"
      << html_text(a.metric ? a.metric->name() : "makespan")
      << "</th><th>speedup</th><th>CPU</th><th>processes</th><th>why</th></tr>\n";
  for (std::size_t i = 0; i < a.ranked.size(); ++i) {
    const OptionResult& r = a.ranked[i];
    std::string value = !r.value ? "-"
                        : (!a.metric || a.metric->is_time()) ? format_time_fixed(static_cast<Time>(std::llround(*r.value)))
                                                             : fixed(*r.value, 3);
    out << (i == 0 ? "<tr class=\"best\">" : "<tr>") << "<td class=\"n\">" << i + 1 << "</td><td class=\"o\">"
        << html_text(r.option.label()) << "</td><td class=\"n\">" << html_text(value) << "</td><td class=\"n\">"
        << (r.speedup ? fixed(*r.speedup, 2) + "\xC3\x97" : std::string("-")) << "</td><td class=\"n\">"
        << html_text(format_time_fixed(r.measured.core_busy)) << "</td><td class=\"n\">" << r.processes << "</td><td>"
        << html_text(advise_reason(a, r)) << "</td></tr>\n";
  }
  out << "</table></div>\n<p>Speedup over the sequential run: " << html_text(a.sequential.option.label())
      << " on 1 core. The serial fraction is Karp and Flatt's e = (1/S &minus; 1/p) / (1 &minus; 1/p).</p>\n"
      << "</body>\n</html>\n";
}

}  // namespace gilsim
