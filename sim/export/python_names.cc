#include "export/python_names.h"

#include <map>
#include <set>

#include "export/python_text.h"

namespace gilsim {

namespace {

bool starts_with_letter(const std::string& s) {
  return !s.empty() && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'));
}

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

// Hands out identifiers, each once.
class Namer {
 public:
  // `stem` as it is when it is usable and `alone` (nothing else of its kind
  // has it), else prefixed with `scope`, then numbered until it is free.
  std::string take(const std::string& stem, const std::string& scope, bool alone) {
    std::string name = stem;
    if (!alone || !usable(name)) {
      name = scope + "_" + stem;
      if (!starts_with_letter(name)) name = "thread_" + name;
    }
    std::string base = name;
    for (int n = 2; !usable(name); ++n) name = base + "_" + std::to_string(n);
    taken_.insert(name);
    return name;
  }

 private:
  bool usable(const std::string& s) const { return starts_with_letter(s) && !is_python_reserved(s) && !taken_.count(s); }
  std::set<std::string> taken_;
};

bool is_script(const ThreadSpec& thread) { return thread.role == ThreadRole::declared; }

}  // namespace

std::vector<ProcessPythonNames> python_names(const Scenario& scenario) {
  std::map<std::string, int> uses;  // identifier -> things of one kind that have it
  std::map<std::string, int> task_uses, executor_uses;
  for (const ProcessSpec& process : scenario.processes) {
    for (const ThreadSpec& thread : process.threads)
      if (is_script(thread)) ++uses[python_identifier(thread.name)];
    for (const TaskSpec& task : process.tasks) ++task_uses[python_identifier(task.name)];
    for (const ExecutorSpec& executor : process.executors) ++executor_uses[python_identifier(executor.name)];
  }
  Namer namer;
  std::vector<ProcessPythonNames> names(scenario.processes.size());
  // Threads first: their functions keep the names they had before pools.
  for (std::size_t p = 0; p < scenario.processes.size(); ++p) {
    const ProcessSpec& process = scenario.processes[p];
    const std::string scope = python_identifier(process.name);
    for (const ThreadSpec& thread : process.threads) {
      std::string stem = python_identifier(thread.name);
      names[p].threads.push_back(is_script(thread) ? namer.take(stem, scope, uses[stem] == 1) : "");
    }
  }
  for (std::size_t p = 0; p < scenario.processes.size(); ++p) {
    const ProcessSpec& process = scenario.processes[p];
    const std::string scope = python_identifier(process.name);
    ProcessPythonNames& out = names[p];
    for (const ExecutorSpec& executor : process.executors) {
      std::string stem = python_identifier(executor.name);
      out.executors.push_back(namer.take(stem, scope, executor_uses[stem] == 1));
      out.futures.push_back(namer.take(out.executors.back() + "_futures", scope, true));
    }
    for (const TaskSpec& task : process.tasks) {
      std::string stem = python_identifier(task.name);
      out.tasks.push_back(namer.take(stem, scope, task_uses[stem] == 1));
      out.task_args.push_back(namer.take(upper(out.tasks.back()) + "_ARGS", scope, true));
      out.task_results.push_back(namer.take(upper(out.tasks.back()) + "_RESULT", scope, true));
    }
  }
  return names;
}

}  // namespace gilsim
