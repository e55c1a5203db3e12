#include "export/python_pools.h"

#include "export/python_steps.h"
#include "export/python_text.h"

namespace gilsim {

namespace {

std::string bytes(std::uint64_t n) { return std::to_string(n) + (n == 1 ? " byte" : " bytes"); }

void add(std::vector<std::string>& lines, std::vector<std::string> more) {
  for (std::string& line : more) lines.push_back(std::move(line));
}

}  // namespace

void write_task_functions(const Scenario& scenario, const std::vector<ProcessPythonNames>& names,
                          std::vector<std::string>& lines) {
  for (std::size_t p = 0; p < scenario.processes.size(); ++p) {
    const ProcessSpec& process = scenario.processes[p];
    const ProcessPythonNames& n = names[p];
    for (std::size_t t = 0; t < process.tasks.size(); ++t) {
      const TaskSpec& task = process.tasks[t];
      lines.push_back("");
      lines.push_back("");
      add(lines, comment_lines("Task \"" + task.name + "\" of process \"" + process.name + "\": " +
                               bytes(task.args_bytes) + " of arguments, a result of " + bytes(task.result_bytes) +
                               " (what a process pool pickles and sends)."));
      lines.push_back(n.task_args[t] + " = b\"x\" * " + std::to_string(task.args_bytes));
      lines.push_back(n.task_results[t] + " = b\"x\" * " + std::to_string(task.result_bytes));
      lines.push_back("");
      lines.push_back("");
      lines.push_back("def " + n.tasks[t] + "(args):");
      lines.push_back("    with running_task() as me:  # me: the worker that runs it");
      write_python_steps(scenario, process, n, task.steps, 2, lines);
      lines.push_back("    return " + n.task_results[t]);
    }
  }
}

void write_executors(const Scenario& scenario, const std::vector<ProcessPythonNames>& names,
                     std::vector<std::string>& lines) {
  for (std::size_t p = 0; p < scenario.processes.size(); ++p) {
    const ProcessSpec& process = scenario.processes[p];
    for (std::size_t e = 0; e < process.executors.size(); ++e) {
      const ExecutorSpec& executor = process.executors[e];
      const std::string workers = std::to_string(executor.workers);
      const std::string first = copy_name(executor.name, executor.workers, 0);
      const std::string last = copy_name(executor.name, executor.workers, executor.workers - 1);
      const std::string variable = names[p].executors[e];
      lines.push_back("");
      if (executor.kind == ExecutorKind::thread) {
        add(lines, comment_lines("Executor \"" + executor.name + "\" of process \"" + process.name +
                                 "\": a thread pool of " + workers + " workers, which CPython names " +
                                 executor.name + "_0 ... and gilsim " + first + " ... " + last +
                                 " (pool_thread_started renames each as it starts)."));
        lines.push_back(variable + " = concurrent.futures.ThreadPoolExecutor(");
        lines.push_back("    max_workers=" + workers + ", thread_name_prefix=" + python_string(executor.name) +
                        ", initializer=pool_thread_started)");
      } else if (executor.kind == ExecutorKind::mp_pool) {
        std::string method = start_method_name(start_method_of(scenario, scenario.processes[executor.workers_spec]));
        add(lines, comment_lines("Executor \"" + executor.name + "\" of process \"" + process.name +
                                 "\": a multiprocessing.Pool of " + workers + " worker processes, started by " +
                                 method + " as the pool is made, which gilsim names " + first + " ... " + last +
                                 " (pool_process_started gives each the next name as it begins). It is made at "
                                 "its first use (MadeAtFirstUse): a Pool made as the module is imported would "
                                 "start its workers in every process that imports it."));
        lines.push_back(variable + " = MadeAtFirstUse(lambda: multiprocessing.get_context(" + python_string(method) +
                        ").Pool(");
        lines.push_back("    processes=" + workers + ", initializer=pool_process_started, initargs=(" +
                        python_string(scenario.processes[executor.workers_spec].name) +
                        (method == "fork" ? ",)))" : ", _pool_context)))"));
      } else {
        std::string method = start_method_name(start_method_of(scenario, scenario.processes[executor.workers_spec]));
        bool forked = method == "fork";
        add(lines, comment_lines("Executor \"" + executor.name + "\" of process \"" + process.name +
                                 "\": a process pool of " + workers + " worker processes, started by " + method +
                                 (forked ? " (all at the first submit, as CPython 3.11 does)"
                                         : " (one per submit while none is idle, as CPython 3.11 does)") +
                                 ", which gilsim names " + first + " ... " + last +
                                 " (pool_process_started gives each the next name as it begins)."));
        lines.push_back(variable + " = concurrent.futures.ProcessPoolExecutor(");
        lines.push_back("    max_workers=" + workers + ", mp_context=multiprocessing.get_context(" +
                        python_string(method) + "),");
        lines.push_back("    initializer=pool_process_started, initargs=(" +
                        python_string(scenario.processes[executor.workers_spec].name) +
                        (forked ? ",))" : ", _pool_context))"));
      }
    }
  }
}

void write_futures_lists(const ProcessSpec& process, const ProcessPythonNames& names, const std::vector<Step>& steps,
                         std::vector<std::string>& lines) {
  for (std::uint32_t e : executors_with_futures(steps))
    lines.push_back("    " + names.futures[e] + " = []  # what this thread submitted to " + process.executors[e].name +
                    " and has not waited for");
}

void write_exit_shutdowns(const ProcessSpec& process, const ProcessPythonNames& names,
                          std::vector<std::string>& lines) {
  if (process.executors.empty()) return;
  lines.push_back("    # The steps are over: CPython's exit handler shuts the executors down and waits.");
  for (std::size_t e = 0; e < process.executors.size(); ++e) {
    const std::string& executor = names.executors[e];
    if (process.executors[e].kind == ExecutorKind::mp_pool)
      lines.push_back("    " + executor + ".close()\n    " + executor + ".join()");
    else
      lines.push_back("    " + executor + ".shutdown(wait=True)");
  }
}

std::vector<std::string> process_pool_names(const Scenario& scenario, const ProcessSpec& process) {
  std::vector<std::string> out;
  for (const ExecutorSpec& executor : process.executors)
    if (has_worker_processes(executor.kind)) out.push_back(scenario.processes[executor.workers_spec].name);
  return out;
}

}  // namespace gilsim
