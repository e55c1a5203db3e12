#include "export/machine_calibration.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace gilsim {

namespace {

using Json = nlohmann::ordered_json;

// Where each setting comes from, under the program's "measurements"; each
// start method's figures set its own costs (process_start is fork's).
struct Source {
  const char* section;  // "" for the top level
  const char* key;
  const char* measurement;
  bool optional = false;  // an interpreter may lack it (Python 2.7 has only fork): left out, with a note
};
constexpr Source kSources[] = {
    {"", "timer_slack", "timer_slack"},
    {"gil", "handoff_latency", "handoff_latency"},
    {"costs", "thread_start", "thread_start"},
    {"costs", "first_thread_start", "first_thread_start"},
    {"costs", "thread_start_latency", "thread_start_latency"},
    {"costs", "process_start", "process_start/fork/parent"},
    {"costs", "process_start_latency", "process_start/fork/child_latency"},
    // The child of forkserver or spawn computes until its first line (docs/pools.md): its boot.
    {"costs", "forkserver_start", "process_start/forkserver/parent", true},
    {"costs", "forkserver_boot", "process_start/forkserver/child_latency", true},
    {"costs", "spawn_start", "process_start/spawn/parent", true},
    {"costs", "spawn_boot", "process_start/spawn/child_latency", true},
    {"costs", "print", "print"},
    {"costs", "io_latency", "io_latency"},
    {"costs", "wakeup", "wakeup"},
};

// A time rounded to the step, keeping its sign.
Time rounded(Time t, Time step) {
  Time half = step / 2;
  return t >= 0 ? (t + half) / step * step : -((-t + half) / step * step);
}

// A figure as notes show it: to 0.1 us below 10 us, else to 1 us.
std::string shown(Time t) {
  Time magnitude = t < 0 ? -t : t;
  return format_duration(rounded(t, magnitude < 10 * kMicrosecond ? 100 : kMicrosecond));
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = path.find('/', start);
    parts.push_back(path.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

// What the program could not measure, and why.
struct NotMeasured {
  std::string what;  // "process_start/forkserver"
  std::string why;
};

// measurements/PATH; NotMeasured when a part of it has an "error".
const Json& measured(const Json& measurements, const std::string& path) {
  const Json* node = &measurements;
  std::string at;
  for (const std::string& part : split_path(path)) {
    at += (at.empty() ? "" : "/") + part;
    if (!node->is_object() || !node->contains(part)) throw std::runtime_error("its report lacks measurements/" + at);
    node = &(*node)[part];
    if (node->is_object() && node->contains("error"))
      throw NotMeasured{at,
                        (*node)["error"].is_string() ? (*node)["error"].get<std::string>() : (*node)["error"].dump()};
  }
  return *node;
}

Time integer(const Json& figure, const char* key, const std::string& path) {
  if (!figure.is_object() || !figure.contains(key) || !figure[key].is_number_integer())
    throw std::runtime_error("its report lacks an integer measurements/" + path + "/" + key);
  return figure[key].get<Time>();
}

CalibratedSetting setting(const Json& measurements, const std::string& path, const std::string& source) {
  const Json& figure = measured(measurements, source);
  CalibratedSetting s{path, source};
  s.median = integer(figure, "median_ns", source);
  s.min = integer(figure, "min_ns", source);
  s.max = integer(figure, "max_ns", source);
  s.samples = integer(figure, "n", source);
  s.value = profile_duration(s.median);
  return s;
}

std::string ratio(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

// What the settings leave out, in sentences, for the profile's reader.
std::vector<std::string> notes(const Json& m, const std::vector<CalibratedSetting>& settings,
                               const std::string& method) {
  std::vector<std::string> out;
  for (const CalibratedSetting& s : settings)
    if (s.median < 0)
      out.push_back(s.path + ": the median was " + shown(s.median) +
                    "; a duration cannot be negative, so the profile has 0");
  auto later = std::find_if(settings.begin(), settings.end(),
                            [](const CalibratedSetting& s) { return s.path == "costs.thread_start"; });
  if (later != settings.end() && m.contains("first_thread_start") && m["first_thread_start"].contains("median_ns") &&
      later->median > 0) {
    Time first = m["first_thread_start"]["median_ns"].get<Time>();
    double times = static_cast<double>(first) / static_cast<double>(later->median);
    out.push_back(
        "thread_start is a later start's: the first Thread.start() in a fresh interpreter costs its starter " +
        shown(first) + " of CPU (median of " + m["first_thread_start"]["n"].dump() + " interpreters), " + ratio(times) +
        " times a later one's " + shown(later->median) + " (costs.first_thread_start)");
  }
  std::string methods;
  for (const auto& [name, figures] : m["process_start"].items()) {
    if (name == "default_method") continue;
    methods += methods.empty() ? "" : "; ";
    if (figures.contains("error")) {
      methods += name + " could not be measured (" + figures["error"].get<std::string>() + ")";
    } else {
      methods += name + ": the parent " + shown(figures["parent"]["median_ns"].get<Time>()) +
                 " in start(), the child " + shown(figures["child_latency"]["median_ns"].get<Time>()) + " later";
    }
  }
  out.push_back("costs.process_start and process_start_latency are fork's, forkserver_* and spawn_* the other "
                "start methods' (a child's time until its first line is its boot); " + method +
                " is this interpreter's default (medians: " + methods + ")");
  if (m.contains("compute_slowdown") && m["compute_slowdown"].contains("by_busy_cores")) {
    std::string factors;
    for (const Json& row : m["compute_slowdown"]["by_busy_cores"])
      factors +=
          (factors.empty() ? "" : ", ") + row["busy_cores"].dump() + " busy: " + ratio(row["factor"].get<double>());
    out.push_back(
        "not a setting yet: Python compute takes this many times its CPU time alone when that many cores "
        "compute at once: " +
        factors);
  }
  if (m.contains("runqueue_wait") && m["runqueue_wait"].is_object()) {
    Time wait = 0, wall = 0, worst = -1;
    std::string worst_step;
    for (const auto& [step, figures] : m["runqueue_wait"].items()) {
      if (!figures.is_object()) continue;  // "how"
      wait += figures["wait_ns"].get<Time>();
      wall += figures["wall_ns"].get<Time>();
      if (figures["wait_ns"].get<Time>() > worst) worst = figures["wait_ns"].get<Time>(), worst_step = step;
    }
    // Above 2 %, other work took the cores often enough to lengthen the latencies measured.
    if (wall > 0 && wait * 50 > wall)
      out.push_back("the machine was busy: the measuring program's main thread waited " + shown(wait) +
                    " for a core in " + shown(wall) + " (" +
                    ratio(100.0 * static_cast<double>(wait) / static_cast<double>(wall)) + " %; most in \"" +
                    worst_step +
                    "\"), and the latencies include such waits: calibrate again "
                    "when the machine is quiet for figures of the machine alone");
  }
  for (const auto& [key, where] :
       {std::pair{"forced_switch", "on one core"}, std::pair{"forced_switch_any_core", "on any core"}}) {
    if (!m.contains(key) || !m[key].contains("beyond_interval_ns")) continue;
    const Json& f = m[key];
    out.push_back(std::string("not a setting yet: two CPU-bound threads ") + where + " passed the GIL every " +
                  shown(f["period"]["median_ns"].get<Time>()) + " (median of " + f["period"]["n"].dump() + "), " +
                  shown(f["beyond_interval_ns"].get<Time>()) + " beyond the switch interval of " +
                  shown(f["switch_interval_ns"].get<Time>()));
  }
  return out;
}

}  // namespace

Time profile_duration(Time median) {
  if (median <= 0) return 0;
  return rounded(median, median < 10 * kMicrosecond ? 100 : kMicrosecond);
}

MachineCalibration make_machine_profile(std::string_view program_output) {
  Json report;
  try {
    report = Json::parse(program_output);
  } catch (const Json::exception& e) {
    throw std::runtime_error(program_output.empty() ? "it printed nothing on stdout"
                                                    : std::string("its stdout is not JSON: ") + e.what());
  }
  if (!report.is_object() || !report.contains("gilsim_calibrate") || !report.contains("measurements") ||
      !report["measurements"].is_object() || !report.contains("machine") || !report["machine"].is_object())
    throw std::runtime_error(
        "its report lacks what gilsim's calibration program prints (gilsim_calibrate, "
        "machine, measurements)");
  Json& m = report["measurements"];
  if (!m.contains("process_start") || !m["process_start"].is_object() ||
      !m["process_start"].contains("default_method") || !m["process_start"]["default_method"].is_string())
    throw std::runtime_error("its report lacks measurements/process_start/default_method");
  const Json& method = m["process_start"]["default_method"];

  MachineCalibration c;
  const Json& machine = report["machine"];
  if (machine.contains("python") && machine["python"].is_string()) c.python = machine["python"].get<std::string>();
  if (machine.contains("executable") && machine["executable"].is_string())
    c.executable = machine["executable"].get<std::string>();
  Json profile = {{"gilsim_machine_profile", 1}, {"machine", machine}};
  if (report.contains("samples")) profile["machine"]["samples"] = report["samples"];
  std::vector<std::string> unmeasured;
  for (const Source& source : kSources) {
    std::string section = source.section, from = source.measurement;
    std::string path = section.empty() ? source.key : section + "." + source.key;
    if (source.optional && !m["process_start"].contains(split_path(from)[1])) {
      unmeasured.push_back(path + " is not in the profile: this interpreter has no " + split_path(from)[1] +
                           " start method");
      continue;
    }
    try {
      c.settings.push_back(setting(m, path, from));
    } catch (const NotMeasured& missing) {  // left out: the scenario's own value or the default stays
      unmeasured.push_back(path + " is not in the profile: " + missing.what + " could not be measured (" + missing.why +
                           ")");
      continue;
    }
    Json value = format_duration(c.settings.back().value);
    if (section.empty())
      profile[source.key] = value;
    else
      profile[section][source.key] = value;
  }
  try {
    c.notes = unmeasured;
    for (std::string& note : notes(m, c.settings, method.get<std::string>())) c.notes.push_back(std::move(note));
  } catch (const Json::exception& e) {  // a figure of another type than the program writes
    throw std::runtime_error(std::string("its report is not what gilsim's calibration program prints: ") + e.what());
  }
  m["notes"] = c.notes;
  profile["measurements"] = m;
  if (c.settings.empty()) throw std::runtime_error("it could measure none of the settings: " + unmeasured.front());
  c.profile = profile.dump(2) + "\n";
  return c;
}

std::string describe_calibration(const MachineCalibration& c) {
  std::string text = "machine profile for " + c.python + " (" + c.executable + "): each setting is a median\n";
  for (const CalibratedSetting& s : c.settings) {
    char line[256];
    std::snprintf(line, sizeof line, "  %-28s %-9s (%s to %s, %lld samples)\n", s.path.c_str(),
                  format_duration(s.value).c_str(), shown(s.min).c_str(), shown(s.max).c_str(),
                  static_cast<long long>(s.samples));
    text += line;
  }
  for (const std::string& note : c.notes) text += "note: " + note + "\n";
  return text;
}

}  // namespace gilsim
