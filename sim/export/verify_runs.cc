#include "export/verify_runs.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "model/roster.h"
#include "report/outcome_text.h"
#include "run/pipeline.h"

namespace gilsim {

namespace {

bool steps_print_time(const std::vector<Step>& steps) {
  for (const Step& step : steps) {
    for (const TextPart& part : step.text)
      if (part.kind == TextPart::Kind::time) return true;
    if (steps_print_time(step.body)) return true;
  }
  return false;
}

std::optional<Time> optional_time(const nlohmann::json& value) {
  if (value.is_null()) return std::nullopt;
  return value.get<Time>();
}

std::vector<std::string> strings(const nlohmann::json& value) {
  std::vector<std::string> out;
  for (const nlohmann::json& item : value) out.push_back(item.get<std::string>());
  return out;
}

}  // namespace

Prediction predict(const Scenario& scenario, const RunLimits& limits) {
  Roster roster(scenario);
  RunProducts run = simulate(roster, {.format = ReportFormat::summary, .limits = limits});
  const Outcome& outcome = run.outcome;
  const RunResult& result = run.result;

  Prediction p;
  p.stop = outcome.stop;
  p.end = outcome.end;
  if (outcome.deadlock) p.deadlock = deadlock_text(roster, *outcome.deadlock);
  if (outcome.program_error) p.program_error = program_error_text(roster, *outcome.program_error);
  p.record.makespan = result.makespan;
  for (ThreadIndex t = 0; t < roster.threads().size(); ++t) {
    const ThreadResult& thread = result.threads[t];
    ThreadTimes times{roster.process_name(roster.threads()[t].process), roster.thread_name(t), std::nullopt,
                      std::nullopt};
    if (thread.start >= 0) times.start = thread.start;
    if (thread.finish >= 0) times.finish = thread.finish;
    times.waited = thread.time_in[ThreadState::ready];
    p.record.threads.push_back(std::move(times));
  }
  for (const OutputLine& line : result.output)
    p.record.output.push_back(
        {line.time, roster.process_name(roster.threads()[line.thread].process), roster.thread_name(line.thread), line.text});
  return p;
}

std::optional<std::string> leave_out_unmeasured(const Scenario& scenario, RunRecord& predicted) {
  std::vector<std::pair<std::string, std::string>> unmeasured;  // process, thread
  for (const ProcessSpec& process : scenario.processes)
    for (std::uint32_t pc = 0; pc < copy_count(process); ++pc)
      for (const ThreadSpec& thread : process.threads)
        if (thread.role == ThreadRole::pool_manager || thread.role == ThreadRole::pool_feeder ||
            thread.role == ThreadRole::queue_feeder)
          for (std::uint32_t tc = 0; tc < copy_count(thread); ++tc)
            unmeasured.emplace_back(copy_name(process.name, process.count, pc), copy_name(thread.name, thread.count, tc));
  if (unmeasured.empty()) return std::nullopt;
  std::erase_if(predicted.threads, [&](const ThreadTimes& t) {
    return std::find(unmeasured.begin(), unmeasured.end(), std::pair{t.process, t.thread}) != unmeasured.end();
  });
  std::string names;
  for (const auto& [process, thread] : unmeasured) names += (names.empty() ? "" : ", ") + process + "/" + thread;
  return names + ": a process pool's manager and feeder threads, and a multiprocessing.Queue's feeder threads, "
                 "which CPython starts under names of its own; the program does not time them, and their work "
                 "shows in the other threads' times";
}

bool prints_time(const Scenario& scenario) {
  for (const ProcessSpec& process : scenario.processes) {
    for (const ThreadSpec& thread : process.threads)
      if (steps_print_time(thread.steps)) return true;
    for (const TaskSpec& task : process.tasks)
      if (steps_print_time(task.steps)) return true;
  }
  return false;
}

MeasuredRun parse_measured_run(std::string_view text) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(text.empty() ? "it printed nothing on stdout"
                                          : std::string("its stdout is not JSON: ") + e.what());
  }
  try {
    MeasuredRun run;
    run.record.makespan = json.at("makespan_ns").get<Time>();
    for (const nlohmann::json& t : json.at("threads"))
      run.record.threads.push_back({t.at("process").get<std::string>(), t.at("thread").get<std::string>(),
                                    optional_time(t.at("start_ns")), optional_time(t.at("finish_ns")),
                                    t.contains("runqueue_ns") ? optional_time(t["runqueue_ns"]) : std::nullopt});
    for (const nlohmann::json& line : json.at("output"))
      run.record.output.push_back({line.at("time_ns").get<Time>(), line.at("process").get<std::string>(),
                                   line.at("thread").get<std::string>(), line.at("text").get<std::string>()});
    run.outcome = json.at("outcome").get<std::string>();
    run.not_reproduced = strings(json.at("not_reproduced"));
    run.errors = strings(json.at("errors"));
    const nlohmann::json& python = json.at("python");
    run.python = python.at("implementation").get<std::string>() + " " + python.at("version").get<std::string>();
    run.executable = python.at("executable").get<std::string>();
    if (!python.at("native").is_null()) run.native = python.at("native").get<std::string>();
    return run;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("its report lacks what gilsim export-python writes: ") + e.what());
  }
}

}  // namespace gilsim
