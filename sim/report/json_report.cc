#include "report/json_report.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/deadlock_json.h"
#include "report/deadlock_view.h"
#include "report/outcome_text.h"
#include "report/pool_json.h"
#include "report/settings_json.h"
#include "report/sync_rows.h"

namespace gilsim {

namespace {

using Json = nlohmann::ordered_json;

// Six decimals are plenty for an average and keep the text stable.
double round6(double x) { return std::round(x * 1e6) / 1e6; }

Json level_json(const LevelSummary& level, JsonDetail detail) {
  Json j;
  j["average"] = round6(level.average);
  j["max"] = level.max;
  if (detail == JsonDetail::full) {
    Json curve = Json::array();
    for (const StepPoint& p : level.curve) curve.push_back(Json::array({p.time, p.value}));
    j["curve"] = std::move(curve);
  }
  return j;
}

// A JSON string literal; plain ASCII (the common case for names) is copied
// as is, anything else goes through nlohmann's escaping (invalid UTF-8 replaced).
void append_string(std::string& out, std::string_view text) {
  bool plain = std::all_of(text.begin(), text.end(),
                           [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
  if (plain) {
    out += '"';
    out += text;
    out += '"';
  } else {
    out += Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace);
  }
}

void append_number(std::string& out, std::int64_t value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

void append_time_or_null(std::string& out, Time t) {
  if (t < 0)
    out += "null";
  else
    append_number(out, t);
}

// One thread's object, formatted exactly as write_pretty would at indent 4 but
// written straight into a buffer: a million threads stay fast.
// `intervals`: the thread's states in order, written with JsonDetail::full.
// `stuck`: a deadlock left it blocked for ever, so its last interval never
// ends: its end is null.
void append_thread(std::string& out, const Roster& roster, ThreadIndex i, const ThreadResult& r,
                   const std::vector<StateInterval>* intervals, bool stuck) {
  auto field = [&out](const char* key) {
    out += ",\n      \"";
    out += key;
    out += "\": ";
  };
  auto in = [&r](ThreadState s) { return r.time_in[s]; };
  out += "{\n      \"process\": ";
  append_string(out, roster.process_name(roster.threads()[i].process));
  field("thread");
  append_string(out, roster.thread_name(i));
  field("start_ns");
  append_time_or_null(out, r.start);
  field("finish_ns");
  append_time_or_null(out, r.finish);
  field("running_ns");
  append_number(out, in(ThreadState::running));
  field("ready_ns");
  append_number(out, in(ThreadState::ready));
  field("gil_wait_ns");
  append_number(out, in(ThreadState::gil_wait));
  field("sleep_ns");
  append_number(out, in(ThreadState::sleep));
  field("io_ns");
  append_number(out, in(ThreadState::io));
  field("lock_wait_ns");
  append_number(out, in(ThreadState::lock_wait));
  field("event_wait_ns");
  append_number(out, in(ThreadState::event_wait));
  field("queue_wait_ns");
  append_number(out, in(ThreadState::queue_wait));
  field("device_wait_ns");
  append_number(out, in(ThreadState::device_wait));
  field("blocked_ns");
  append_number(out, r.blocked());
  field("process_wait_ns");
  append_number(out, in(ThreadState::process_wait));
  // Scheduling, as /proc/PID/status and schedstat count it.
  field("dispatches");
  append_number(out, static_cast<std::int64_t>(r.dispatches));
  field("response_total_ns");
  append_number(out, r.response_total);
  field("response_max_ns");
  append_number(out, r.response_max);
  field("preemptions");
  append_number(out, static_cast<std::int64_t>(r.preemptions));
  field("voluntary_switches");
  append_number(out, static_cast<std::int64_t>(r.voluntary));
  field("involuntary_switches");
  append_number(out, static_cast<std::int64_t>(r.preemptions));
  field("migrations");
  append_number(out, static_cast<std::int64_t>(r.migrations));
  if (intervals) {
    field("intervals");
    out += intervals->empty() ? "[" : "[\n";
    bool first = true;
    for (const StateInterval& iv : *intervals) {
      out += first ? "        [" : ",\n        [";
      first = false;
      append_number(out, iv.start);
      out += ", ";
      if (stuck && &iv == &intervals->back())
        out += "null";
      else
        append_number(out, iv.end);
      out += ", \"";
      out += state_name(iv.state);
      out += "\", ";
      if (on_core(iv.state))
        append_number(out, iv.detail);
      else if (iv.state == ThreadState::join || iv.state == ThreadState::start)
        append_string(out, roster.full_name(iv.detail));
      else if (iv.state == ThreadState::process_wait)
        append_string(out, roster.process_name(iv.detail));
      else if (iv.state == ThreadState::device_wait)
        append_string(out, roster.device_name(iv.detail));
      else if (is_sync_wait(iv.state))
        append_string(out, roster.sync_full_name(iv.detail));
      else
        out += "null";
      out += ']';
    }
    out += intervals->empty() ? "]" : "\n      ]";
  }
  out += "\n    }";
}

Json process_json(const Roster& roster, ProcessIndex p, const ProcessResult& r, JsonDetail level) {
  Json j;
  j["name"] = roster.process_name(p);
  j["gil"] = roster.processes()[p].gil;
  j["gil_handoffs"] = r.gil_handoffs;
  j["forced_switches"] = r.forced_switches;
  j["drop_requests"] = r.drop_requests;
  j["gil_wait_ns"] = r.gil_wait;
  j["gil_held_ns"] = r.gil_held;
  if (level == JsonDetail::full) {
    Json holders = Json::array();
    for (const GilInterval& g : r.holders) holders.push_back(Json::array({g.start, g.end, roster.full_name(g.holder)}));
    j["gil_holders"] = std::move(holders);
  }
  return j;
}

// A primitive or device: its use, waits and holds (see SyncResult).
Json sync_json(const Roster& roster, const SyncRow& row, JsonDetail level) {
  const SyncResult& r = *row.result;
  Json j;
  j["name"] = row.name;
  j["kind"] = row.kind;
  j["uses"] = r.uses;
  if (row.kind.rfind("queue", 0) == 0) j["puts"] = r.puts;
  j["waits"] = r.waits;
  j["wait_ns"] = r.wait;
  j["max_wait_ns"] = r.max_wait;
  if (row.holdable) {
    j["held_ns"] = r.held;
    j["max_held_ns"] = r.max_held;
    // Built as a list: the keys (thread names) are unique, and inserting one by
    // one into an ordered object searches it each time (quadratic for a device
    // with 40 000 channels).
    std::vector<std::pair<const std::string, Json>> by;
    for (const auto& [t, held] : r.held_by)
      if (held > 0) by.emplace_back(roster.full_name(t), held);
    j["held_by_ns"] = Json(Json::object_t(by.begin(), by.end()));
  }
  j["peak"] = r.peak;
  j["errors"] = r.errors;
  if (level == JsonDetail::full && row.holdable) {
    Json holds = Json::array();
    for (const HoldInterval& h : r.holds) holds.push_back(Json::array({h.start, h.end, roster.full_name(h.holder)}));
    j["holds"] = std::move(holds);
  }
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

// Writes `"key": [` + one element per call of `element(i)` + `]`, so that a
// million threads never live in one JSON tree at once.
template <class Element>
void write_array(std::ostream& out, const char* key, std::size_t count, Element element) {
  out << ",\n  \"" << key << "\": [";
  for (std::size_t i = 0; i < count; ++i) {
    out << (i == 0 ? "\n    " : ",\n    ");
    write_pretty(out, element(i), 4);
  }
  out << (count == 0 ? "]" : "\n  ]");
}

}  // namespace

void write_json_report(std::ostream& out, const Roster& roster, const RunResult& result, JsonDetail detail) {
  const Scenario& sc = roster.scenario();
  Json head;
  head["scenario"] = Json{{"name", sc.name}, {"description", sc.description}};
  head["cores"] = roster.cores();
  add_settings_json(head, sc, roster.cores());
  head["makespan_ns"] = result.makespan;
  head["outcome"] = !result.program_errors.empty() ? "program error" : result.deadlock.empty() ? "completed" : "deadlock";
  if (!result.program_errors.empty()) {
    Json errors = Json::array();
    for (const ProgramError& e : result.program_errors)
      errors.push_back(Json{{"time_ns", e.at}, {"message", program_error_text(roster, e)}});
    head["program_errors"] = std::move(errors);
  }
  if (!result.deadlock.empty()) {
    head["deadlock"] = deadlock_text(roster, result.deadlock.front());
    head["deadlock_ns"] = result.deadlock.front().at;
    head["deadlock_detail"] = deadlock_json(roster, result.deadlock.front());
  }
  Json tail;
  tail["parallelism"] = level_json(result.parallelism, detail);
  tail["concurrency"] = level_json(result.concurrency, detail);
  tail["cores_busy_ns"] = result.core_busy;
  tail["cores_overhead_ns"] = result.core_overhead;
  if (detail == JsonDetail::full && !result.core_overheads.empty()) {
    Json overheads = Json::array();
    for (const auto& core : result.core_overheads) {
      Json list = Json::array();
      for (const OverheadInterval& o : core) list.push_back(Json::array({o.start, o.end}));
      overheads.push_back(std::move(list));
    }
    tail["cores_overhead_intervals"] = std::move(overheads);
  }
  Json output = Json::array();
  for (const OutputLine& line : result.output) {
    Json o;
    o["time_ns"] = line.time;
    o["process"] = roster.process_name(roster.threads()[line.thread].process);
    o["thread"] = roster.thread_name(line.thread);
    o["text"] = line.text;
    output.push_back(std::move(o));
  }
  tail["output"] = std::move(output);

  // The small parts as trees; threads and processes streamed between them.
  std::ostringstream text;
  write_pretty(text, head, 0);
  std::string head_text = text.str();
  out << std::string_view(head_text).substr(0, head_text.size() - 2);  // without "\n}"
  std::string buffer;
  const DeadlockView deadlock = deadlock_view(roster, result.deadlock);
  out << ",\n  \"threads\": [";
  for (ThreadIndex i = 0; i < result.threads.size(); ++i) {
    buffer.assign(i == 0 ? "\n    " : ",\n    ");
    append_thread(buffer, roster, i, result.threads[i],
                  detail == JsonDetail::full ? &result.intervals_of(i) : nullptr, deadlock.thread_stuck(i));
    out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  }
  out << (result.threads.empty() ? "]" : "\n  ]");
  write_array(out, "processes", result.processes.size(), [&](std::size_t p) {
    return process_json(roster, static_cast<ProcessIndex>(p), result.processes[p], detail);
  });
  std::vector<SyncRow> rows = sync_rows(roster, result);
  write_array(out, "syncs", rows.size(), [&](std::size_t i) { return sync_json(roster, rows[i], detail); });
  if (!result.pools.empty())  // no key at all without executors: older reports stay byte for byte
    write_array(out, "pools", result.pools.size(), [&](std::size_t e) {
      return pool_json(roster, static_cast<std::uint32_t>(e), result.pools[e]);
    });
  text.str("");
  write_pretty(text, tail, 0);
  out << "," << std::string_view(text.str()).substr(1) << '\n';  // without "{"
}

}  // namespace gilsim
