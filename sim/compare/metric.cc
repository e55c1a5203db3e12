#include "compare/metric.h"

#include <stdexcept>

#include "scenario/names.h"
#include "scenario/spelling.h"

namespace gilsim {

namespace {

enum class Subject : std::uint8_t { none, optional, required };

struct KindInfo {
  const char* name;
  MetricKind kind;
  Subject subject;
};

const KindInfo kKinds[] = {
    {"makespan", MetricKind::makespan, Subject::none},
    {"finish", MetricKind::finish, Subject::required},
    {"response_mean", MetricKind::response_mean, Subject::required},
    {"response_p95", MetricKind::response_p95, Subject::required},
    {"response_max", MetricKind::response_max, Subject::required},
    {"gil_wait", MetricKind::gil_wait, Subject::optional},
    {"print", MetricKind::print, Subject::required},
    {"task_latency_mean", MetricKind::task_latency_mean, Subject::optional},
    {"task_latency_p50", MetricKind::task_latency_p50, Subject::optional},
    {"task_latency_p95", MetricKind::task_latency_p95, Subject::optional},
    {"task_latency_max", MetricKind::task_latency_max, Subject::optional},
    {"throughput", MetricKind::throughput, Subject::optional},
    {"busy_share", MetricKind::busy_share, Subject::optional},
    {"pickling", MetricKind::pickling, Subject::optional},
    {"pipe", MetricKind::pipe, Subject::optional},
};

// Kinds the issue asks for whose constructs gilsim does not model yet: what they need.
struct LaterKind {
  const char* name;
  const char* needs;
};
const LaterKind kLater[] = {
    {"loop_lag", "asyncio event loops"},
};

const KindInfo& info_of(MetricKind kind) {
  for (const KindInfo& info : kKinds)
    if (info.kind == kind) return info;
  return kKinds[0];
}

// Whether `name` names copies of a spec called `spec_name`: every copy
// (`copy` left empty) or one copy (`copy` set).
bool match_copies(std::string_view name, const std::string& spec_name, const std::optional<std::uint32_t>& count,
                  std::optional<std::uint32_t>& copy) {
  copy.reset();
  if (name == spec_name) return true;
  std::optional<CopyName> split = split_copy_name(name);
  if (!split || !count || split->base != spec_name || split->copy >= *count) return false;
  copy = split->copy;
  return true;
}

std::vector<std::string> process_names(const Scenario& s) {
  std::vector<std::string> names;
  for (const ProcessSpec& p : s.processes) names.push_back(p.name);
  return names;
}

std::vector<std::string> thread_names(const ProcessSpec& p) {
  std::vector<std::string> names;
  for (const ThreadSpec& t : p.threads) names.push_back(t.name);
  return names;
}

std::vector<ThreadPick> pick_in_process(const Scenario& s, std::string_view process, std::string_view thread) {
  for (std::uint32_t p = 0; p < s.processes.size(); ++p) {
    const ProcessSpec& spec = s.processes[p];
    std::optional<std::uint32_t> process_copy, copy;
    if (!match_copies(process, spec.name, spec.count, process_copy)) continue;
    if (thread == "*") return {{p, process_copy, std::nullopt, std::nullopt}};
    for (std::uint32_t t = 0; t < spec.threads.size(); ++t)
      if (match_copies(thread, spec.threads[t].name, spec.threads[t].count, copy)) return {{p, process_copy, t, copy}};
    std::vector<std::string> valid = thread_names(spec);
    throw std::invalid_argument("process " + quote(spec.name) + " has no thread " + quote(thread) + " (" +
                                did_you_mean(thread, valid) + "its threads: " + comma_list(valid) + ", or * for all)");
  }
  std::vector<std::string> valid = process_names(s);
  throw std::invalid_argument("no process " + quote(process) + " (" + did_you_mean(process, valid) +
                              "processes: " + comma_list(valid) + ")");
}

}  // namespace

const std::vector<std::string>& metric_kind_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const KindInfo& info : kKinds) out.push_back(info.name);
    return out;
  }();
  return names;
}

std::string MetricSpec::name() const {
  std::string text = info_of(kind).name;
  return subject.empty() ? text : text + ":" + subject;
}

bool MetricSpec::names_executor() const {
  return kind >= MetricKind::task_latency_mean && kind <= MetricKind::pipe;
}

bool MetricSpec::names_threads() const {
  return kind != MetricKind::makespan && kind != MetricKind::print && !names_executor() && !subject.empty();
}

MetricSpec parse_metric(std::string_view text) {
  std::size_t colon = text.find(':');
  std::string_view kind = text.substr(0, colon);
  std::string subject = colon == std::string_view::npos ? "" : std::string(text.substr(colon + 1));
  if (kind == "response") kind = "response_mean";
  if (kind == "task_latency") kind = "task_latency_mean";
  for (const LaterKind& later : kLater)
    if (kind == later.name)
      throw std::invalid_argument(quote(kind) + " is not available yet: it needs " + later.needs +
                                  ", which gilsim does not model yet (available: " +
                                  comma_list(metric_kind_names()) + ")");
  for (const KindInfo& info : kKinds) {
    if (kind != info.name) continue;
    if (info.subject == Subject::none && colon != std::string_view::npos)
      throw std::invalid_argument(std::string(info.name) + " takes nothing after it (write " + info.name + ")");
    if (info.subject == Subject::required && subject.empty())
      throw std::invalid_argument(std::string(info.name) + " needs " +
                                  (info.kind == MetricKind::print ? "a text: print:TEXT" : "a name: " +
                                                                                               std::string(info.name) +
                                                                                               ":THREAD"));
    if (info.subject == Subject::optional && colon != std::string_view::npos && subject.empty())
      throw std::invalid_argument(std::string(info.name) + " needs a name after the colon, or no colon");
    return {info.kind, subject};
  }
  std::vector<std::string> valid = metric_kind_names();
  throw std::invalid_argument("unknown metric " + quote_short(kind) + " (" + did_you_mean(kind, valid) +
                              "valid: " + comma_list(valid, valid.size()) +
                              "; response and task_latency are short for response_mean and task_latency_mean)");
}

std::vector<ThreadPick> pick_threads(const Scenario& s, std::string_view name) {
  std::size_t slash = name.find('/');
  if (slash != std::string_view::npos) return pick_in_process(s, name.substr(0, slash), name.substr(slash + 1));
  std::vector<ThreadPick> picks;
  std::optional<std::uint32_t> copy;
  for (std::uint32_t p = 0; p < s.processes.size(); ++p)
    for (std::uint32_t t = 0; t < s.processes[p].threads.size(); ++t)
      if (match_copies(name, s.processes[p].threads[t].name, s.processes[p].threads[t].count, copy))
        picks.push_back({p, std::nullopt, t, copy});
  if (!picks.empty()) return picks;
  for (std::uint32_t p = 0; p < s.processes.size(); ++p)
    if (match_copies(name, s.processes[p].name, s.processes[p].count, copy))
      return {{p, copy, std::nullopt, std::nullopt}};
  std::vector<std::string> threads;
  for (const ProcessSpec& p : s.processes)
    for (const std::string& t : thread_names(p)) threads.push_back(t);
  std::vector<std::string> both = threads;
  for (const std::string& p : process_names(s)) both.push_back(p);
  throw std::invalid_argument("no thread or process named " + quote_short(name) + " (" + did_you_mean(name, both) +
                              "threads: " + comma_list(threads) + "; processes: " + comma_list(process_names(s)) +
                              "; or PROCESS/THREAD)");
}

namespace {

// Each executor as "PROCESS/NAME" with its name, in declaration order (pool worker processes have none).
std::vector<std::pair<std::string, std::string>> executor_names(const Scenario& s) {
  std::vector<std::pair<std::string, std::string>> names;
  for (const ProcessSpec& p : s.processes)
    for (const ExecutorSpec& e : p.executors) names.push_back({p.name + "/" + e.name, e.name});
  return names;
}

}  // namespace

void check_executor_name(const Scenario& s, std::string_view name) {
  auto names = executor_names(s);
  std::vector<std::string> full;
  for (const auto& [whole, own] : names) full.push_back(whole);
  if (name.empty()) {
    if (names.size() == 1) return;
    throw std::invalid_argument(names.empty() ? "the scenario has no executor"
                                              : "the scenario has " + std::to_string(names.size()) +
                                                    " executors: name one (" + comma_list(full) + ")");
  }
  std::size_t matches = 0;
  for (const auto& [whole, own] : names) matches += name == whole || name == own;
  if (matches == 1) return;
  if (matches > 1)
    throw std::invalid_argument(quote_short(name) + " names executors of several processes (write PROCESS/NAME: " +
                                comma_list(full) + ")");
  throw std::invalid_argument("no executor " + quote_short(name) + " (" + did_you_mean(name, full) +
                              (full.empty() ? std::string("the scenario has none") : "executors: " + comma_list(full)) +
                              ")");
}

std::optional<std::uint32_t> find_executor(const Roster& roster, std::string_view name) {
  for (std::uint32_t e = 0; e < roster.executors().size(); ++e) {
    const ExecutorSpec& spec = roster.executor_spec(e);
    const ProcessSpec& process = roster.scenario().processes[roster.processes()[roster.executors()[e].process].spec];
    if (name.empty() || name == spec.name || name == process.name + "/" + spec.name) return e;
  }
  return std::nullopt;
}

std::vector<bool> picked_threads(const Roster& roster, const std::vector<ThreadPick>& picks) {
  std::vector<bool> picked(roster.threads().size(), false);
  for (ThreadIndex t = 0; t < roster.threads().size(); ++t) {
    const ThreadInfo& thread = roster.threads()[t];
    const ProcessInfo& process = roster.processes()[thread.process];
    for (const ThreadPick& pick : picks) {
      if (pick.process != process.spec || (pick.process_copy && *pick.process_copy != process.copy)) continue;
      if (pick.thread && (*pick.thread != thread.spec || (pick.thread_copy && *pick.thread_copy != thread.copy)))
        continue;
      picked[t] = true;
      break;
    }
  }
  return picked;
}

}  // namespace gilsim
