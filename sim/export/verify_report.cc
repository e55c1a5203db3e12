#include "export/verify_report.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <ostream>

namespace gilsim {

namespace {

std::string percent(const std::optional<double>& value) {
  if (!value) return "n/a";
  char text[32];
  std::snprintf(text, sizeof text, "%+.2f %%", *value);
  return text;
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

std::string time_or_dash(const std::optional<Time>& t) { return t ? format_time_fixed(*t) : "-"; }

std::string quoted_line(const PrintedLine& line) {
  nlohmann::json text = line.text;  // JSON quoting shows control characters and quotes plainly
  return line.process + "/" + line.thread + " " + text.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Columns padded to their widest cell; the first is left-aligned, the others right.
void write_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width;
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (width.size() <= c) width.push_back(0);
      width[c] = std::max(width[c], row[c].size());
    }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::string pad(width[c] - row[c].size(), ' ');
      line += c == 0 ? row[c] + pad : "   " + pad + row[c];
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

std::string order_sentence(const VerifyReport& r) {
  const VerifyComparison& c = r.comparison;
  const std::size_t runs = c.runs_same + c.runs_tied + c.runs_different;
  std::string s = "printed lines: " + std::to_string(c.lines) + " predicted; ";
  if (c.runs_same == runs) s += "in the predicted order in every run";
  else s += "in the predicted order in " + std::to_string(c.runs_same) + " of " + std::to_string(runs) + " runs";
  if (c.runs_tied > 0)
    s += "; tied in " + std::to_string(c.runs_tied) +
         " (lines that the model prints from different threads within " + format_duration(r.tie_window) +
         " of each other, or from copies of one thread, came in another order: ties, whose real order is the "
         "machine's)";
  if (c.runs_different > 0) {
    const OrderComparison& d = c.first_difference;
    s += "; in another order in " + std::to_string(c.runs_different) + ". First difference, run " +
         std::to_string(c.first_different_run) + ", line " + std::to_string(d.index + 1) + ": ";
    s += d.predicted ? "predicted " + quoted_line(*d.predicted) : "predicted no more lines";
    s += d.measured ? ", printed " + quoted_line(*d.measured) : ", printed nothing more";
  }
  if (r.masked_times) s += " (durations in the texts, as {time} prints them, compare equal: real times differ)";
  return s + ".";
}

std::string verdict(const VerifyReport& r) {
  std::string s = r.agrees() ? "verdict: agrees" : "verdict: DISAGREES";
  if (r.deadlock) {
    s += r.deadlock_reproduced ? ": the program deadlocked too (it had not finished when stopped)"
                               : ": the program finished although the model predicts a deadlock";
  } else {
    const VerifyComparison& c = r.comparison;
    std::string tolerance = "within \xC2\xB1" + number(c.tolerance) + " %";
    s += c.timing_ok() ? ": makespan " + percent(c.error) + ", " + tolerance
                       : ": makespan " + percent(c.error) + ", not " + tolerance;
    s += c.order_ok() ? "; printed lines in order" : "; printed lines in another order";
  }
  if (!r.not_reproduced.empty()) s += " (in a program that differs from the scenario: see above)";
  return s;
}

}  // namespace

void write_verify_text(std::ostream& out, const VerifyReport& r) {
  out << "verify: " << r.scenario_file << ": \"" << r.scenario_name << "\"\n";
  out << r.interpreter;
  if (!r.python.empty()) out << ": " << r.python << " (" << r.executable << ")";
  out << ", " << r.cores << (r.cores == 1 ? " core" : " cores");
  if (!r.deadlock) out << ", " << r.comparison.makespans.size() << (r.comparison.makespans.size() == 1 ? " run" : " runs");
  if (!r.time_scale.empty()) out << ", --time-scale " << r.time_scale;
  if (!r.machine.empty()) out << ", --machine " << r.machine;
  if (!r.native.empty()) out << ", native code: " << r.native;
  out << "\n\n";
  if (r.deadlock) {
    out << "the model predicts " << *r.deadlock << "\n";
    if (r.deadlock_reproduced) {
      char waited[64];
      std::snprintf(waited, sizeof waited, "%.1f s", r.waited);
      out << "the program had not finished after " << waited << " either: stopped\n";
    } else {
      out << "the program finished\n";
    }
  } else {
    const VerifyComparison& c = r.comparison;
    std::vector<std::vector<std::string>> rows = {{"finish", "predicted", "measured median", "min", "max", "error"}};
    for (const VerifyComparison::ThreadRow& t : c.threads)
      rows.push_back({t.process + "/" + t.thread, time_or_dash(t.predicted),
                      t.measured ? format_time_fixed(t.measured->median) : "-",
                      t.measured ? format_time_fixed(t.measured->min) : "-",
                      t.measured ? format_time_fixed(t.measured->max) : "-", percent(t.error)});
    rows.push_back({"makespan", format_time_fixed(c.predicted_makespan), format_time_fixed(c.makespan.median),
                    format_time_fixed(c.makespan.min), format_time_fixed(c.makespan.max), percent(c.error)});
    write_table(out, rows);
    if (r.not_compared) out << "not compared: " << *r.not_compared << "\n";
    out << "\n" << order_sentence(r) << "\n";
    if (!c.waits.empty()) {
      Spread w = spread_of(c.waits);
      out << "waiting for a core, summed over the threads: predicted " << format_time_fixed(c.predicted_wait)
          << ", measured " << format_time_fixed(w.median) << " (" << format_time_fixed(w.min) << " to "
          << format_time_fixed(w.max) << ", Linux's run-queue wait)";
      if (w.median > c.predicted_wait + c.predicted_makespan / 20)
        out << ": more than predicted, because the kernel shared the cores otherwise than the model or because "
               "other work on this machine took some";
      out << "\n";
    }
  }
  if (r.program_error) out << "the model's program error (the real program makes it too): " << *r.program_error << "\n";
  if (!r.not_reproduced.empty()) {
    out << "not reproduced on this machine:\n";
    for (const std::string& note : r.not_reproduced) out << "  - " << note << "\n";
  }
  out << verdict(r) << "\n";
}

void write_verify_json(std::ostream& out, const VerifyReport& r) {
  using Json = nlohmann::ordered_json;
  auto time_json = [](const std::optional<Time>& t) { return t ? Json(*t) : Json(nullptr); };
  auto percent_json = [](const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); };
  Json j;
  j["scenario"] = {{"file", r.scenario_file}, {"name", r.scenario_name}};
  j["python"] = {{"interpreter", r.interpreter}, {"version", r.python}, {"executable", r.executable},
                 {"native", r.native.empty() ? Json(nullptr) : Json(r.native)}};
  j["cores"] = r.cores;
  j["time_scale"] = r.time_scale.empty() ? Json(1) : Json(std::stod(r.time_scale));
  if (!r.machine.empty()) j["machine"] = r.machine;  // (absent without one: reports stay as they were)
  j["not_reproduced"] = r.not_reproduced;
  if (r.program_error) j["program_error"] = *r.program_error;
  if (r.deadlock) {
    j["deadlock"] = {{"predicted", *r.deadlock}, {"reproduced", r.deadlock_reproduced}, {"waited_s", r.waited}};
  } else {
    const VerifyComparison& c = r.comparison;
    j["runs"] = c.makespans.size();
    j["tolerance_percent"] = c.tolerance;
    Json threads = Json::array();
    for (const VerifyComparison::ThreadRow& t : c.threads) {
      Json row = {{"process", t.process}, {"thread", t.thread}, {"predicted_finish_ns", time_json(t.predicted)}};
      row["measured_finish_ns"] =
          t.measured ? Json{{"median", t.measured->median}, {"min", t.measured->min}, {"max", t.measured->max}}
                     : Json(nullptr);
      row["error_percent"] = percent_json(t.error);
      threads.push_back(std::move(row));
    }
    j["threads"] = std::move(threads);
    if (r.not_compared) j["not_compared"] = *r.not_compared;  // (absent without: reports stay as they were)
    j["makespan"] = {{"predicted_ns", c.predicted_makespan}, {"median_ns", c.makespan.median},
                     {"min_ns", c.makespan.min},          {"max_ns", c.makespan.max},
                     {"runs_ns", c.makespans},            {"error_percent", percent_json(c.error)}};
    j["core_wait"] = {{"predicted_ns", c.predicted_wait}, {"runs_ns", c.waits}};
    Json order = {{"lines", c.lines},          {"same", c.runs_same},
                {"tied", c.runs_tied},       {"different", c.runs_different},
                {"durations_masked", r.masked_times}, {"tie_window_ns", r.tie_window}};
    if (c.runs_different > 0) {
      const OrderComparison& d = c.first_difference;
      auto line = [](const std::optional<PrintedLine>& l) {
        return l ? Json{{"process", l->process}, {"thread", l->thread}, {"text", l->text}} : Json(nullptr);
      };
      order["first_difference"] = {{"run", c.first_different_run}, {"line", d.index + 1},
                                   {"predicted", line(d.predicted)}, {"measured", line(d.measured)}};
    }
    j["order"] = std::move(order);
  }
  j["verdict"] = r.agrees() ? "agrees" : "disagrees";
  out << j.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

}  // namespace gilsim
