#include "report/html_report.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "model/cpu_scheduler.h"
#include "report/html_assets.h"
#include "report/html_chart.h"
#include "report/numbers.h"
#include "report/reading.h"
#include "report/settings_text.h"
#include "report/sync_rows.h"

namespace gilsim {

namespace {

constexpr std::size_t kMaxTableRows = kMaxThreadLanes;
constexpr std::size_t kMaxOutputLines = 5000;
constexpr std::size_t kMaxUtilisationCores = 64;

// Text for HTML: markup characters escaped, invalid UTF-8 and control
// characters (but tab and newline) replaced by U+FFFD.
std::string html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    bool valid = length > 0 && i + length <= s.size();
    for (std::size_t k = 1; valid && k < length; ++k) valid = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
    if (valid && length == 2) valid = c >= 0xc2;  // no overlong forms
    if (valid && length == 3) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      valid = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0);  // overlong, surrogates
    }
    if (valid && length == 4) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      valid = c <= 0xf4 && !(c == 0xf0 && c1 < 0x90) && !(c == 0xf4 && c1 >= 0x90);
    }
    if (!valid || (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
      out += "\xef\xbf\xbd";
      i += valid ? length : 1;
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.append(s.substr(i, length));
    }
    i += length;
  }
  return out;
}

// The unit's name in markup: "&micro;s" for "us".
std::string unit_markup(const Unit& unit) { return unit.scale == kMicrosecond ? "&micro;s" : unit.name; }

// A table cell with a time: rounded in the unit, exact nanoseconds on hover.
std::string time_cell(Time t, const Unit& unit) {
  if (t < 0) return "<td>-</td>";
  return "<td title=\"" + std::to_string(t) + " ns\">" + format_in(t, unit, unit.decimals) + "</td>";
}

void write_header(std::ostream& out, const Roster& roster, const RunResult& result) {
  const Scenario& sc = roster.scenario();
  out << "<header>\n<h1>" << html(sc.name) << "</h1>\n";
  std::size_t start = 0;
  while (start < sc.description.size()) {
    std::size_t end = std::min(sc.description.find('\n', start), sc.description.size());
    out << "<p class=\"description\">" << html(std::string_view(sc.description).substr(start, end - start)) << "</p>\n";
    start = end + 1;
  }
  out << "<dl class=\"facts\">\n<dt>Cores</dt><dd>" << roster.cores() << "</dd>\n<dt>Scheduler</dt><dd>"
      << html(describe_scheduler(sc, TimeStyle::duration))
      << "</dd>\n<dt>GIL</dt><dd>" << html(describe_gil(sc.gil, TimeStyle::duration))
      << "</dd>\n<dt>Makespan</dt><dd title=\"" << result.makespan << " ns\">" << html(format_time_fixed(result.makespan))
      << "</dd>\n<dt>Outcome</dt>";
  if (result.deadlock.empty() && result.program_errors.empty()) out << "<dd>completed</dd>\n";
  for (const Deadlock& e : result.program_errors)
    out << "<dd class=\"deadlock\">PROGRAM ERROR: " << html(e.message) << "</dd>\n";
  if (!result.deadlock.empty())
    out << "<dd class=\"deadlock\">DEADLOCK: " << html(result.deadlock.front().message) << "</dd>\n";
  out << "</dl>\n</header>\n";
}


void write_timeline(std::ostream& out, const Roster& roster, const RunResult& result) {
  const ChartLanes lanes = chart_lanes(roster);
  out << "<section id=\"timeline\">\n<h2>Timeline</h2>\n"
         "<div class=\"toolbar\" role=\"toolbar\" aria-label=\"Time axis\">"
         "<button type=\"button\" id=\"zoom-in\" title=\"Zoom in\">+</button>"
         "<button type=\"button\" id=\"zoom-out\" title=\"Zoom out\">&minus;</button>"
         "<button type=\"button\" id=\"pan-left\" title=\"Earlier\">&#9664;</button>"
         "<button type=\"button\" id=\"pan-right\" title=\"Later\">&#9654;</button>"
         "<button type=\"button\" id=\"zoom-reset\" title=\"Show the whole run\">Whole run</button>"
         "<span id=\"view-range\"></span>"
         "<span class=\"hint\">Wheel over the chart: zoom. Drag or Shift+wheel: pan. Hover a bar for details.</span>"
         "</div>\n<div id=\"legend\"></div>\n"
         "<noscript><p>The chart needs JavaScript; the tables below do not.</p></noscript>\n"
      << "<div id=\"chart\" data-lanes=\"" << lanes.total() << "\"></div>\n";
  if (lanes.hidden_cores > 0 || lanes.hidden_threads > 0) {
    out << "<p class=\"note\">Not drawn:";
    if (lanes.hidden_cores > 0) out << ' ' << lanes.hidden_cores << " more cores";
    if (lanes.hidden_cores > 0 && lanes.hidden_threads > 0) out << ',';
    if (lanes.hidden_threads > 0) out << ' ' << lanes.hidden_threads << " more threads (and their GILs)";
    out << ". The JSON report (--format json) has them all.</p>\n";
  }
  std::string text = plain_reading(result, roster.cores());
  if (!text.empty()) out << "<p class=\"reading\">" << html(text) << "</p>\n";
  out << "<div id=\"tooltip\" role=\"tooltip\" hidden></div>\n</section>\n";
}

void write_output(std::ostream& out, const Roster& roster, const RunResult& result, const Unit& unit) {
  out << "<section id=\"output\">\n<h2>Output</h2>\n";
  if (result.output.empty()) {
    out << "<p>The program printed nothing.</p>\n</section>\n";
    return;
  }
  out << "<table class=\"output\">\n<thead><tr><th>time (" << unit_markup(unit)
      << ")</th><th>thread</th><th class=\"text\">printed</th></tr></thead>\n<tbody>\n";
  const std::size_t shown = std::min(result.output.size(), kMaxOutputLines);
  for (std::size_t i = 0; i < shown; ++i) {
    const OutputLine& line = result.output[i];
    out << "<tr>" << time_cell(line.time, unit) << "<td class=\"name\">" << html(roster.full_name(line.thread))
        << "</td><td class=\"text\">" << html(line.text) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
  if (result.output.size() > shown)
    out << "<p class=\"note\">" << result.output.size() - shown
        << " more lines not shown; --format text or json has them all.</p>\n";
  out << "</section>\n";
}

// Uses: acquisitions (queue: gets/puts, event: sets, device: requests); peak:
// most holders at once (queue: longest; device: busy channels).
void write_sync_table(std::ostream& out, const Roster& roster, const RunResult& result, const Unit& unit) {
  std::vector<SyncRow> rows = sync_rows(roster, result);
  if (rows.empty()) return;
  out << "<h2>Synchronisation</h2>\n<table class=\"numbers\">\n<thead><tr><th>primitive</th><th>kind</th>"
         "<th>uses</th><th>waits</th><th>wait</th><th>max wait</th><th>held</th><th>peak</th><th>most held by</th>"
         "</tr></thead>\n<tbody>\n";
  const std::size_t shown = std::min(rows.size(), kMaxTableRows);
  for (std::size_t i = 0; i < shown; ++i) {
    const SyncRow& row = rows[i];
    const SyncResult& r = *row.result;
    bool queue = row.kind.rfind("queue", 0) == 0;
    out << "<tr><td class=\"name\">" << html(row.name) << "</td><td>" << html(row.kind) << "</td><td>" << r.uses;
    if (queue) out << "/" << r.puts;
    out << "</td><td>" << r.waits << "</td>" << time_cell(r.wait, unit) << time_cell(r.max_wait, unit);
    out << (row.holdable ? time_cell(r.held, unit) : std::string("<td>-</td>"));
    out << "<td>" << (row.holdable || queue ? std::to_string(r.peak) : "-") << "</td><td class=\"name\">"
        << (row.top_held > 0 ? html(roster.full_name(row.top_holder)) : "-") << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n<p class=\"unit\">uses: acquisitions (queue: gets/puts, event: sets, device: "
         "requests); peak: most holders at once (queue: longest; device: busy channels).</p>\n";
  if (rows.size() > shown)
    out << "<p class=\"note\">" << rows.size() - shown << " more not listed; the JSON report has them all.</p>\n";
}

void write_tables(std::ostream& out, const Roster& roster, const RunResult& result, const Unit& unit) {
  out << "<section id=\"summary\">\n<h2>Threads</h2>\n<table class=\"numbers\">\n<thead><tr><th>thread</th>"
         "<th>start</th><th>finish</th><th>running</th><th>ready</th><th>GIL wait</th><th>sleep</th><th>I/O</th>"
         "<th>blocked</th></tr></thead>\n<tbody>\n";
  const std::size_t shown_threads = std::min(result.threads.size(), kMaxTableRows);
  for (ThreadIndex t = 0; t < shown_threads; ++t) {
    const ThreadResult& r = result.threads[t];
    auto in = [&](ThreadState s) { return time_cell(r.time_in[s], unit); };
    out << "<tr><td class=\"name\">" << html(roster.full_name(t)) << "</td>" << time_cell(r.start, unit)
        << time_cell(r.finish, unit) << in(ThreadState::running) << in(ThreadState::ready) << in(ThreadState::gil_wait)
        << in(ThreadState::sleep) << in(ThreadState::io) << time_cell(r.blocked(), unit) << "</tr>\n";
  }
  out << "</tbody>\n</table>\n<p class=\"unit\">Times in " << unit_markup(unit) << "; hover a number for exact nanoseconds.</p>\n";
  if (result.threads.size() > shown_threads)
    out << "<p class=\"note\">" << result.threads.size() - shown_threads
        << " more threads not listed; the JSON report has them all.</p>\n";

  out << "<h2>Scheduling</h2>\n<table class=\"numbers\">\n<thead><tr><th>thread</th><th>runs</th>"
         "<th>response avg</th><th>response max</th><th>preempted</th><th>voluntary</th><th>migrations</th></tr>"
         "</thead>\n<tbody>\n";
  for (ThreadIndex t = 0; t < shown_threads; ++t) {
    const ThreadResult& r = result.threads[t];
    Time average = r.dispatches > 0 ? r.response_total / static_cast<Time>(r.dispatches) : 0;
    out << "<tr><td class=\"name\">" << html(roster.full_name(t)) << "</td><td>" << r.dispatches << "</td>"
        << time_cell(average, unit) << time_cell(r.response_max, unit) << "<td>" << r.preemptions << "</td><td>"
        << r.voluntary << "</td><td>" << r.migrations << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n<p class=\"unit\">Response: from ready to running. Preempted: the OS took the "
         "core (involuntary switches); voluntary: the thread blocked, GIL waits included.</p>\n";

  out << "<h2>Processes</h2>\n<table class=\"numbers\">\n<thead><tr><th>process</th><th>GIL</th><th>hand-offs</th>"
         "<th>forced</th><th>drop req</th><th>GIL wait</th><th>GIL held</th></tr></thead>\n<tbody>\n";
  const std::size_t shown_processes = std::min(result.processes.size(), kMaxTableRows);
  for (ProcessIndex p = 0; p < shown_processes; ++p) {
    const ProcessResult& r = result.processes[p];
    out << "<tr><td class=\"name\">" << html(roster.process_name(p)) << "</td>";
    if (roster.processes()[p].gil)
      out << "<td>on</td><td>" << r.gil_handoffs << "</td><td>" << r.forced_switches << "</td><td>" << r.drop_requests
          << "</td>" << time_cell(r.gil_wait, unit) << time_cell(r.gil_held, unit) << "</tr>\n";
    else
      out << "<td>off</td><td>-</td><td>-</td><td>-</td><td>-</td><td>-</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
  if (result.processes.size() > shown_processes)
    out << "<p class=\"note\">" << result.processes.size() - shown_processes
        << " more processes not listed; the JSON report has them all.</p>\n";
  write_sync_table(out, roster, result, unit);

  out << "<dl class=\"facts\">\n<dt>Parallelism</dt><dd>average " << fixed2(result.parallelism.average) << ", max "
      << result.parallelism.max << " (threads on a core)</dd>\n<dt>Concurrency</dt><dd>average "
      << fixed2(result.concurrency.average) << ", max " << result.concurrency.max << " (threads alive)</dd>\n"
      << "<dt>Utilisation</dt><dd>";
  if (result.makespan > 0 && roster.cores() > 0) {
    Time total = 0;
    for (Time b : result.core_busy) total += b;
    // cores x makespan can pass 2^63 ns; the percentage only needs a double.
    out << "overall "
        << percent_of(static_cast<double>(total), static_cast<double>(roster.cores()) * static_cast<double>(result.makespan));
    const std::size_t shown_cores = std::min<std::size_t>(roster.cores(), kMaxUtilisationCores);
    for (std::size_t c = 0; c < shown_cores; ++c)
      out << (c == 0 ? "; core " : ", core ") << c << ' '
          << percent_of(static_cast<double>(c < result.core_busy.size() ? result.core_busy[c] : 0),
                        static_cast<double>(result.makespan));
    if (roster.cores() > shown_cores) out << ", " << roster.cores() - shown_cores << " more cores";
  } else {
    out << '-';
  }
  out << "</dd>\n";
  Time overhead = 0;
  for (Time o : result.core_overhead) overhead += o;
  if (overhead > 0) {
    out << "<dt>Overhead</dt><dd>" << html(format_time_fixed(overhead)) << " switching threads";
    const std::size_t shown_cores = std::min<std::size_t>(result.core_overhead.size(), kMaxUtilisationCores);
    for (std::size_t c = 0; c < shown_cores; ++c)
      out << (c == 0 ? "; core " : ", core ") << c << ' ' << html(format_time_fixed(result.core_overhead[c]));
    out << "</dd>\n";
  }
  out << "</dl>\n</section>\n";
}

}  // namespace

void write_html_report(std::ostream& out, const Roster& roster, const RunResult& result, const HtmlTimeline& timeline) {
  const Unit unit = unit_for(result.makespan);
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"gilsim\">\n<title>gilsim: "
      << html(roster.scenario().name) << "</title>\n<script>" << kHtmlErrorTrap << "</script>\n<style>" << kHtmlStyle
      << "</style>\n</head>\n<body>\n";
  write_header(out, roster, result);
  write_timeline(out, roster, result);
  write_output(out, roster, result, unit);
  write_tables(out, roster, result, unit);
  out << "<footer>Made by gilsim, a simulator: every time above is simulated, not measured.</footer>\n"
         "<script type=\"application/json\" id=\"gilsim-data\">";
  write_chart_data(out, roster, result, timeline);
  out << "</script>\n<script>" << kHtmlScript << "</script>\n</body>\n</html>\n";
}

}  // namespace gilsim
