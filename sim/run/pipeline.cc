#include "run/pipeline.h"

#include "report/chrome_trace.h"
#include "report/events_writer.h"
#include "report/html_report.h"
#include "report/json_report.h"
#include "report/observer_tee.h"
#include "report/recorder.h"
#include "report/text_report.h"

namespace gilsim {

namespace {

struct FormatInfo {
  ReportFormat format;
  const char* name;
  bool every_interval;  // the recorder keeps every interval (json, chrome): memory grows with the run
};

const FormatInfo kFormats[] = {
    {ReportFormat::text, "text", false},       {ReportFormat::json, "json", true},
    {ReportFormat::summary, "summary", false}, {ReportFormat::events, "events", false},
    {ReportFormat::chrome, "chrome", true},    {ReportFormat::html, "html", false},
};

const FormatInfo& info_of(ReportFormat format) {
  for (const FormatInfo& f : kFormats)
    if (f.format == format) return f;
  return kFormats[0];
}

}  // namespace

std::optional<ReportFormat> find_report_format(std::string_view name) {
  for (const FormatInfo& f : kFormats)
    if (name == f.name) return f.format;
  return std::nullopt;
}

const std::vector<std::string>& report_format_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const FormatInfo& f : kFormats) out.push_back(f.name);
    return out;
  }();
  return names;
}

int RunProducts::exit_code() const {
  if (outcome.stop != RunStop::drained) return kExitLimit;
  if (outcome.program_error) return kExitProgramError;
  if (outcome.deadlock) return kExitDeadlock;
  return kExitOk;
}

RunProducts simulate(const Roster& roster, const RunRequest& request) {
  RunProducts products;
  auto simulate_into = [&](Observer& observer) {
    products.outcome = Simulation(roster, observer).run(request.limits);
  };
  if (request.format == ReportFormat::events) {
    EventsWriter writer(*request.events_out, roster);
    simulate_into(writer);
    return products;
  }
  auto run = [&](Observer& observer) {
    if (request.also == nullptr) return simulate_into(observer);
    ObserverTee with_also(observer, *request.also);
    simulate_into(with_also);
  };
  // Text and HTML draw their lanes while the run goes on; the tables come from the totals.
  Recorder recorder(roster, info_of(request.format).every_interval ? RecorderDetail::full : RecorderDetail::totals,
                    request.output);
  try {
    if (request.format == ReportFormat::text) {
      products.text_lanes = std::make_unique<Timeline>(roster, text_timeline_options(request.width));
      ObserverTee both(recorder, *products.text_lanes);
      run(both);
    } else if (request.format == ReportFormat::html) {
      products.html_lanes = std::make_unique<HtmlTimeline>(roster);
      ObserverTee both(recorder, *products.html_lanes);
      run(both);
    } else {
      run(recorder);
    }
  } catch (const OutputLimitReached& reached) {
    // A stopped run has no report: what was recorded is dropped with the simulation.
    products.outcome = Outcome{};
    products.outcome.stop = RunStop::output_limit;
    products.outcome.end = reached.at;
    return products;
  }
  products.result = recorder.take();
  return products;
}

void write_report(std::ostream& out, const Roster& roster, const RunProducts& products, const RunRequest& request) {
  switch (request.format) {
    case ReportFormat::text: write_text_report(out, roster, products.result, *products.text_lanes, request.width); break;
    case ReportFormat::json: write_json_report(out, roster, products.result, JsonDetail::full); break;
    case ReportFormat::summary: write_json_report(out, roster, products.result, JsonDetail::summary); break;
    case ReportFormat::chrome: write_chrome_trace(out, roster, products.result); break;
    case ReportFormat::html: write_html_report(out, roster, products.result, *products.html_lanes); break;
    case ReportFormat::events: break;
  }
}

}  // namespace gilsim
