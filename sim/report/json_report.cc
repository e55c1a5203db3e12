#include "report/json_report.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

namespace gilsim {

namespace {

using Json = nlohmann::ordered_json;

const char* policy_name(SchedulerPolicy p) {
  switch (p) {
    case SchedulerPolicy::round_robin: return "round_robin";
  }
  return "?";
}

// Six decimals are plenty for an average and keep the text stable.
double round6(double x) { return std::round(x * 1e6) / 1e6; }

Json time_or_null(Time t) { return t < 0 ? Json(nullptr) : Json(t); }

Json level_json(const LevelSummary& level) {
  Json curve = Json::array();
  for (const StepPoint& p : level.curve) curve.push_back(Json::array({p.time, p.value}));
  Json j;
  j["average"] = round6(level.average);
  j["max"] = level.max;
  j["curve"] = std::move(curve);
  return j;
}

Json thread_json(const Roster& roster, ThreadIndex i, const ThreadResult& r) {
  auto in = [&r](ThreadState s) { return r.time_in[static_cast<int>(s)]; };
  Json intervals = Json::array();
  for (const StateInterval& iv : r.intervals) {
    Json detail = nullptr;
    if (iv.state == ThreadState::running) detail = iv.detail;
    if (iv.state == ThreadState::join || iv.state == ThreadState::start) detail = roster.full_name(iv.detail);
    intervals.push_back(Json::array({iv.start, iv.end, state_name(iv.state), std::move(detail)}));
  }
  Json j;
  j["process"] = roster.process_name(roster.threads()[i].process);
  j["thread"] = roster.thread_name(i);
  j["start_ns"] = time_or_null(r.start);
  j["finish_ns"] = time_or_null(r.finish);
  j["running_ns"] = in(ThreadState::running);
  j["ready_ns"] = in(ThreadState::ready);
  j["gil_wait_ns"] = in(ThreadState::gil_wait);
  j["sleep_ns"] = in(ThreadState::sleep);
  j["io_ns"] = in(ThreadState::io);
  j["blocked_ns"] = r.blocked();
  j["intervals"] = std::move(intervals);
  return j;
}

Json process_json(const Roster& roster, ProcessIndex p, const ProcessResult& r) {
  Json holders = Json::array();
  for (const GilInterval& g : r.holders) holders.push_back(Json::array({g.start, g.end, roster.full_name(g.holder)}));
  Json j;
  j["name"] = roster.process_name(p);
  j["gil"] = roster.processes()[p].gil;
  j["gil_handoffs"] = r.gil_handoffs;
  j["forced_switches"] = r.forced_switches;
  j["drop_requests"] = r.drop_requests;
  j["gil_wait_ns"] = r.gil_wait;
  j["gil_held_ns"] = r.gil_held;
  j["gil_holders"] = std::move(holders);
  return j;
}

std::string scalar_text(const Json& j) {
  // Invalid UTF-8 in user text must not abort the report: replace it.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Like dump(2), except that an array of scalars stays on one line, so an
// interval reads [0, 1000000, "running", 0] instead of taking six lines.
void write_pretty(std::ostream& out, const Json& j, std::size_t indent) {
  const std::string inner(indent + 2, ' ');
  if (j.is_object()) {
    if (j.empty()) {
      out << "{}";
      return;
    }
    out << "{\n";
    bool first = true;
    for (const auto& [key, value] : j.items()) {
      out << (first ? "" : ",\n") << inner << scalar_text(Json(key)) << ": ";
      write_pretty(out, value, indent + 2);
      first = false;
    }
    out << '\n' << std::string(indent, ' ') << '}';
  } else if (j.is_array()) {
    if (j.empty()) {
      out << "[]";
      return;
    }
    bool flat = std::none_of(j.begin(), j.end(), [](const Json& e) { return e.is_structured(); });
    out << (flat ? "[" : "[\n");
    bool first = true;
    for (const Json& e : j) {
      if (flat) {
        out << (first ? "" : ", ") << scalar_text(e);
      } else {
        out << (first ? "" : ",\n") << inner;
        write_pretty(out, e, indent + 2);
      }
      first = false;
    }
    if (flat)
      out << ']';
    else
      out << '\n' << std::string(indent, ' ') << ']';
  } else {
    out << scalar_text(j);
  }
}

}  // namespace

void write_json_report(std::ostream& out, const Roster& roster, const RunResult& result) {
  const Scenario& sc = roster.scenario();
  Json j;
  j["scenario"] = Json{{"name", sc.name}, {"description", sc.description}};
  j["cores"] = roster.cores();
  j["scheduler"] = Json{{"policy", policy_name(sc.scheduler.policy)}, {"quantum_ns", sc.scheduler.quantum}};
  j["gil"] = Json{{"switch_interval_ns", sc.gil.switch_interval}};
  j["makespan_ns"] = result.makespan;
  j["outcome"] = result.deadlock.empty() ? "completed" : "deadlock";
  if (!result.deadlock.empty()) {
    j["deadlock"] = result.deadlock.front().message;
    j["deadlock_ns"] = result.deadlock.front().time;
  }
  Json threads = Json::array();
  for (ThreadIndex i = 0; i < result.threads.size(); ++i) threads.push_back(thread_json(roster, i, result.threads[i]));
  j["threads"] = std::move(threads);
  Json processes = Json::array();
  for (ProcessIndex p = 0; p < result.processes.size(); ++p)
    processes.push_back(process_json(roster, p, result.processes[p]));
  j["processes"] = std::move(processes);
  j["parallelism"] = level_json(result.parallelism);
  j["concurrency"] = level_json(result.concurrency);
  j["cores_busy_ns"] = result.core_busy;
  Json output = Json::array();
  for (const OutputLine& line : result.output) {
    Json o;
    o["time_ns"] = line.time;
    o["process"] = roster.process_name(roster.threads()[line.thread].process);
    o["thread"] = roster.thread_name(line.thread);
    o["text"] = line.text;
    output.push_back(std::move(o));
  }
  j["output"] = std::move(output);
  write_pretty(out, j, 0);
  out << '\n';
}

}  // namespace gilsim
