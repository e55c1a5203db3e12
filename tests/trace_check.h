#pragma once
// Checks a Chrome trace written by write_chrome_trace() against the run it
// came from, the way a viewer would read it: valid JSON, the fields each event
// kind requires, exact microsecond decimals, no overlapping slices on a track,
// every thread's slices covering its life with no gap, core time matching
// running time, every flow arrow with each end at the exact start of a slice
// written before it (so viewers that bind to the enclosing slice, to the next
// one or by timestamp all bind it), metadata with the "__metadata" category,
// and after a deadlock one "stuck" slice per blocked thread. Returns the
// problems found, empty when the trace is good.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/roster.h"
#include "report/deadlock_view.h"
#include "report/result.h"

namespace gilsim::testing {

// What the run says, for the checks that compare the trace with it.
struct TraceFacts {
  std::size_t processes = 0;  // thread t is on tid processes + 2 + t (see chrome_trace.h)
  std::uint32_t cores = 0;
  Time makespan = 0;
  std::vector<std::string> names;              // full thread names
  std::vector<std::pair<Time, Time>> lives;    // [start, end) per thread; start -1 = never started
  std::vector<Time> running;                   // time running, per thread
  std::vector<bool> stuck;                     // per thread: blocked for ever by a deadlock
  std::size_t prints = 0;
};

inline TraceFacts trace_facts(const Roster& roster, const RunResult& result) {
  TraceFacts f;
  f.processes = roster.processes().size();
  f.cores = roster.cores();
  f.makespan = result.makespan;
  for (ThreadIndex t = 0; t < result.threads.size(); ++t) {
    const ThreadResult& r = result.threads[t];
    f.names.push_back(roster.full_name(t));
    f.lives.emplace_back(r.start, r.start < 0 ? -1 : (r.finish < 0 ? result.makespan : r.finish));
    f.running.push_back(r.time_in[ThreadState::running]);
  }
  f.prints = result.output.size();
  const DeadlockView view = deadlock_view(roster, result.deadlock);
  for (ThreadIndex t = 0; t < result.threads.size(); ++t) f.stuck.push_back(view.thread_stuck(t));
  return f;
}

// Every "ts" and "dur" in the text is digits, a point and exactly three digits.
inline void check_time_text(const std::string& text, std::vector<std::string>& problems) {
  for (const std::string key : {"\"ts\":", "\"dur\":"}) {
    for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
      if (at > 0 && text[at - 1] == '\\') continue;  // inside a string
      std::size_t i = at + key.size(), digits = 0;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, ++digits;
      bool ok = digits > 0 && i + 4 < text.size() && text[i] == '.';
      for (std::size_t k = 1; ok && k <= 3; ++k) ok = std::isdigit(static_cast<unsigned char>(text[i + k])) != 0;
      ok = ok && (text[i + 4] == ',' || text[i + 4] == '}');
      if (!ok) {
        problems.push_back("not an exact 3-decimal time: " + text.substr(at, 24));
        return;
      }
    }
  }
}

inline std::vector<std::string> check_chrome_trace(const std::string& text, const TraceFacts& facts) {
  using Json = nlohmann::json;
  std::vector<std::string> problems;
  Json trace = Json::parse(text, nullptr, false);
  if (trace.is_discarded()) return {"not valid JSON"};
  if (!trace.is_object() || !trace.contains("traceEvents") || !trace["traceEvents"].is_array())
    return {"no traceEvents array"};
  check_time_text(text, problems);

  auto ns = [](const Json& micros) { return static_cast<Time>(std::llround(micros.get<double>() * 1000.0)); };
  using Track = std::pair<std::uint64_t, std::uint64_t>;
  struct Slice {
    Time start, end;
    std::string name;
    std::size_t order;  // its place in the file
  };
  std::map<Track, std::vector<Slice>> slices;
  std::set<Track> named_tracks, used_tracks;
  std::set<std::uint64_t> named_pids, used_pids;
  std::map<std::uint64_t, std::vector<std::tuple<char, Track, Time, std::string, std::size_t>>> flows;  // by id
  std::map<std::uint64_t, std::size_t> stuck_slices;  // per tid
  std::map<std::string, std::vector<std::pair<Time, double>>> counters;
  std::size_t prints = 0;

  std::size_t order = 0;
  for (const Json& e : trace["traceEvents"]) {
    ++order;
    const std::string where = e.dump().substr(0, 120);
    if (!e.is_object() || !e.contains("ph") || !e["ph"].is_string() || !e.contains("name") || !e["name"].is_string() ||
        !e.contains("pid") || !e["pid"].is_number_unsigned()) {
      problems.push_back("event lacks ph, name or pid: " + where);
      continue;
    }
    const std::string ph = e["ph"], name = e["name"];
    const std::uint64_t pid = e["pid"];
    const bool has_tid = e.contains("tid") && e["tid"].is_number_unsigned();
    const Track track{pid, has_tid ? e["tid"].get<std::uint64_t>() : pid};
    used_pids.insert(pid);
    if (ph == "M") {
      if (!e.contains("args") || !e["args"].is_object()) problems.push_back("metadata without args: " + where);
      if (e.value("cat", "") != "__metadata") problems.push_back("metadata without cat __metadata: " + where);
      if (name == "process_name") named_pids.insert(pid);
      if (name == "thread_name") named_tracks.insert(track);
      if ((name == "thread_name" || name == "thread_sort_index") && !has_tid) problems.push_back("no tid: " + where);
      continue;
    }
    if (!e.contains("ts") || !e["ts"].is_number() || e["ts"].get<double>() < 0) {
      problems.push_back("no valid ts: " + where);
      continue;
    }
    const Time ts = ns(e["ts"]);
    const bool thread_scoped = ph == "X" || ph == "s" || ph == "f" || (ph == "i" && e.value("s", "") == "t");
    if (thread_scoped) {
      if (!has_tid) problems.push_back("no tid: " + where);
      used_tracks.insert(track);
    }
    if (ph == "X") {
      if (!e.contains("dur") || !e["dur"].is_number() || e["dur"].get<double>() <= 0) {
        problems.push_back("complete event without a positive dur: " + where);
        continue;
      }
      if (e.value("cat", "") == "deadlock") {  // after the run: checked apart from the thread's life
        if (ts != facts.makespan) problems.push_back("stuck slice not at the deadlock: " + where);
        ++stuck_slices[track.second];
        continue;
      }
      slices[track].push_back({ts, ts + ns(e["dur"]), name, order});
    } else if (ph == "C") {
      if (!e.contains("args") || !e["args"].is_object() || e["args"].size() != 1 ||
          !e["args"].begin()->is_number())
        problems.push_back("counter without one numeric arg: " + where);
      else
        counters[name].emplace_back(ts, e["args"].begin()->get<double>());
    } else if (ph == "i") {
      if (e.value("s", "") != "t" && e.value("s", "") != "g") problems.push_back("instant without scope: " + where);
      if (e.value("cat", "") == "print") ++prints;
    } else if (ph == "s" || ph == "f") {
      if (!e.contains("id") || !e["id"].is_number_unsigned() || !e.contains("cat")) {
        problems.push_back("flow event without id or cat: " + where);
        continue;
      }
      if (ph == "f" && e.value("bp", "") != "e") problems.push_back("flow end not bound to its slice: " + where);
      flows[e["id"].get<std::uint64_t>()].emplace_back(ph[0], track, ts, name + "/" + e["cat"].get<std::string>(),
                                                       order);
    } else {
      problems.push_back("unexpected phase: " + where);
    }
  }

  for (std::uint64_t pid : used_pids)
    if (!named_pids.count(pid)) problems.push_back("process without a name: pid " + std::to_string(pid));
  for (const Track& t : used_tracks)
    if (!named_tracks.count(t)) problems.push_back("track without a name: tid " + std::to_string(t.second));

  // Slices on one track never overlap.
  for (auto& [track, list] : slices) {
    std::sort(list.begin(), list.end(), [](const Slice& a, const Slice& b) { return a.start < b.start; });
    for (std::size_t i = 1; i < list.size(); ++i)
      if (list[i].start < list[i - 1].end)
        problems.push_back("slices overlap on tid " + std::to_string(track.second) + " at " +
                           std::to_string(list[i].start) + " ns");
  }

  // Each thread's slices cover its life, with no gap; its running time adds up,
  // and so does the time it spent on the cores.
  // Core tracks come after the GILs; holds of primitives and devices after the cores.
  std::map<std::string, Time> on_cores;
  const std::uint64_t first_core = facts.processes + 2 + facts.names.size() + facts.processes;
  for (const auto& [track, list] : slices)
    for (const Slice& s : list)
      if (track.second >= first_core && track.second < first_core + facts.cores) on_cores[s.name] += s.end - s.start;
  for (std::size_t t = 0; t < facts.names.size(); ++t) {
    const std::uint64_t tid = facts.processes + 2 + t;
    std::vector<Slice> list;
    for (const auto& [track, l] : slices)
      if (track.second == tid) list.insert(list.end(), l.begin(), l.end());
    const auto [start, end] = facts.lives[t];
    const std::string who = facts.names[t];
    if (start < 0) {
      if (!list.empty()) problems.push_back(who + " never started but has slices");
      continue;
    }
    if (start == end) continue;
    if (list.empty() || list.front().start != start || list.back().end != end) {
      problems.push_back(who + ": slices do not span its life");
      continue;
    }
    Time running = 0;
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (i > 0 && list[i].start != list[i - 1].end)
        problems.push_back(who + ": gap at " + std::to_string(list[i - 1].end) + " ns");
      if (list[i].name == "running" || list[i].name == "native") running += list[i].end - list[i].start;
    }
    if (running != facts.running[t]) problems.push_back(who + ": running slices do not add up to its running time");
    if (on_cores[who] != facts.running[t]) problems.push_back(who + ": core slices do not add up to its running time");
  }

  // A flow arrow has one start and one end, each at the exact start of a
  // slice on its track that the file gives before it (after a deadlock, the
  // stuck slices, which all start at the deadlock).
  for (const auto& [id, ends] : flows) {
    if (ends.size() != 2 || std::get<0>(ends[0]) == std::get<0>(ends[1]) ||
        std::get<3>(ends[0]) != std::get<3>(ends[1])) {
      problems.push_back("flow " + std::to_string(id) + " is not one start and one end");
      continue;
    }
    for (const auto& [phase, track, ts, label, at] : ends) {
      if (label == "waits for/deadlock") {
        if (ts != facts.makespan || !stuck_slices.count(track.second))
          problems.push_back("flow " + std::to_string(id) + " is not on a stuck slice");
        continue;
      }
      const auto& list = slices[track];
      bool bound = std::any_of(list.begin(), list.end(),
                               [ts = ts, at = at](const Slice& s) { return s.start == ts && s.order < at; });
      if (!bound) problems.push_back("flow " + std::to_string(id) + " end not at the start of a slice before it");
    }
  }
  for (std::size_t t = 0; t < facts.names.size(); ++t) {
    const std::uint64_t tid = facts.processes + 2 + t;
    const std::size_t n = stuck_slices.count(tid) ? stuck_slices[tid] : 0;
    if (n != (t < facts.stuck.size() && facts.stuck[t] ? 1u : 0u))
      problems.push_back(facts.names[t] + ": " + std::to_string(n) + " stuck slices");
  }

  for (const auto& [name, points] : counters) {
    for (std::size_t i = 0; i < points.size(); ++i) {
      if (i > 0 && points[i].first < points[i - 1].first) problems.push_back("counter " + name + " goes back in time");
      if (points[i].second < 0 || points[i].second > static_cast<double>(facts.names.size()))
        problems.push_back("counter " + name + " out of range");
      if (name == "parallelism" && points[i].second > facts.cores) problems.push_back("parallelism above the cores");
      if (points[i].first > facts.makespan) problems.push_back("counter " + name + " after the end");
    }
  }
  if (counters.size() != 2) problems.push_back("expected the concurrency and parallelism counters");
  if (prints != facts.prints) problems.push_back("print instants do not match the output");
  return problems;
}

}  // namespace gilsim::testing
