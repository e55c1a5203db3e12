#include "export/python_steps.h"

#include <algorithm>
#include <utility>

#include "export/python_text.h"

namespace gilsim {

namespace {

std::string duration_code(const Step& step) { return step.uses_work ? "me.work" : std::to_string(step.duration); }

// "20ms of Python code", or "Python code for $work (...)"; `what` empty: "20ms".
std::string duration_comment(const Step& step, const std::string& what = "") {
  if (step.uses_work) return (what.empty() ? "" : what + " for ") + "$work (the work of the item got last)";
  return format_duration(step.duration) + (what.empty() ? "" : " of " + what);
}

class StepWriter {
 public:
  StepWriter(const Scenario& scenario, const ProcessSpec& process, const ProcessPythonNames& names,
             std::vector<std::string>& lines)
      : scenario_(scenario), process_(process), names_(names), lines_(lines) {}

  void steps(const std::vector<Step>& steps, int indent) {
    if (steps.empty()) line(indent, "pass");
    for (const Step& step : steps) this->step(step, indent);
  }

 private:
  void line(int indent, const std::string& code, const std::string& comment = "") {
    std::string text(static_cast<std::size_t>(indent) * 4, ' ');
    text += code;
    if (!comment.empty()) text += "  # " + comment;
    lines_.push_back(std::move(text));
  }

  std::string sync(const Step& step) const {
    return python_string(step.shared_sync ? scenario_.shared_syncs[step.sync].name : process_.syncs[step.sync].name);
  }

  void step(const Step& step, int indent) {
    switch (step.kind) {

      case StepKind::compute:
        if (step.native_holds_gil)
          line(indent, "me.held_native(" + duration_code(step) + ")",
               duration_comment(step, "native code that keeps the GIL"));
        else if (step.holds_gil)
          line(indent, "me.compute(" + duration_code(step) + ")", duration_comment(step, "Python code"));
        else
          line(indent, "me.native(" + duration_code(step) + ")", duration_comment(step, "native code, without the GIL"));
        break;
      case StepKind::sleep: line(indent, "me.sleep(" + duration_code(step) + ")", duration_comment(step)); break;
      case StepKind::io:
        if (step.device)
          line(indent,
               "me.io(" + duration_code(step) + ", device=" + python_string(scenario_.devices[*step.device].name) + ")",
               duration_comment(step, "I/O on a channel of the device"));
        else
          line(indent, "me.io(" + duration_code(step) + ")", duration_comment(step, "I/O"));
        break;
      case StepKind::start: line(indent, "me.start(" + thread(step) + ")", every_copy(step.target)); break;
      case StepKind::join: line(indent, "me.join(" + thread(step) + ")", every_copy(step.target)); break;
      case StepKind::spawn: {
        const ProcessSpec& target = scenario_.processes[step.process.thread];
        std::string comment;
        Time cost = target.start_cost.value_or(scenario_.costs.process_start);
        if (cost > 0)
          comment = "gilsim charges " + format_duration(cost) +
                    " (start_cost) per copy here; this costs what Process.start() costs";
        line(indent, "me.spawn(" + python_string(target_name(scenario_.processes, step.process)) + ")", comment);
        break;
      }
      case StepKind::wait:
        line(indent, "me.wait_for_process(" + python_string(target_name(scenario_.processes, step.process)) + ")");
        break;
      case StepKind::print: print(step, indent); break;
      case StepKind::repeat: repeat(step, indent); break;
      case StepKind::acquire: line(indent, "me.acquire(" + sync(step) + ")"); break;
      case StepKind::release: line(indent, "me.release(" + sync(step) + ")"); break;
      case StepKind::with:
        line(indent, "with me.holding(" + sync(step) + "):", "acquire, the steps, release");
        steps(step.body, indent + 1);
        break;
      case StepKind::event_set: line(indent, "me.set(" + sync(step) + ")"); break;
      case StepKind::event_clear: line(indent, "me.clear(" + sync(step) + ")"); break;
      case StepKind::event_wait:
        if (step.has_timeout)
          line(indent, "me.wait(" + sync(step) + ", timeout_ns=" + std::to_string(step.duration) + ")",
               "Event.wait(timeout) of " + format_duration(step.duration));
        else
          line(indent, "me.wait(" + sync(step) + ")", "Event.wait()");
        break;
      case StepKind::put:
        line(indent, "me.put(" + sync(step) + ", " + duration_code(step) + ")",
             step.uses_work ? "an item of $work (the work of the item got last)"
                            : "an item of " + format_duration(step.duration) + " of work");
        break;
      case StepKind::get: line(indent, "me.get(" + sync(step) + ")", "me.work = the item's work"); break;
      case StepKind::mp_put:
        line(indent, "me.mp_put(" + mp_queue(step) + ", " + duration_code(step) + ", " + std::to_string(step.bytes) + ")",
             "an item of " + std::to_string(step.bytes) + " bytes and " +
                 (step.uses_work ? "$work (the work of the item got last)" : format_duration(step.duration) + " of work"));
        break;
      case StepKind::mp_get: line(indent, "me.mp_get(" + mp_queue(step) + ")", "me.work = the item's work"); break;
      case StepKind::shared_read:
      case StepKind::shared_write:
        line(indent,
             std::string(step.kind == StepKind::shared_read ? "me.shared_read(" : "me.shared_write(") + mp_queue(step) +
                 ", " + std::to_string(step.bytes) + ", " + std::to_string(step.count) + ")",
             std::to_string(step.count) + (step.count == 1 ? " access" : " accesses") +
                 (step.bytes > 0 ? " of " + std::to_string(step.bytes) + " bytes" : std::string()));
        break;
      case StepKind::repeat_until_empty:
        line(indent, "while me.get_nowait(" + sync(step) + "):",
             "repeat_until_empty: get_nowait() until queue.Empty");
        steps(step.body, indent + 1);
        break;
      case StepKind::submit: submit(step, indent); break;
      case StepKind::map:
        line(indent,
             "list(" + executor(step) + ".map(" + task(step) + ", [" + names_.task_args[step.target.thread] + "] * " +
                 std::to_string(step.count) +
                 (step.chunksize > 0 ? ", chunksize=" + std::to_string(step.chunksize) : std::string()) + "))",
             "map: " + calls(step) + ", every result taken");
        break;
      case StepKind::results:
        if (mp_pool(step))
          line(indent, "for result in " + futures(step) + ": result.wait()",
               "results: every call this thread sent to " + process_.executors[step.sync].name + " is done");
        else
          line(indent, "concurrent.futures.wait(" + futures(step) + ")",
               "results: every call this thread submitted to " + process_.executors[step.sync].name + " is done");
        line(indent, "del " + futures(step) + "[:]");
        break;
      case StepKind::as_completed:
        line(indent, "for future in concurrent.futures.as_completed(" + futures(step) + "):",
             "as_completed: each call this thread submitted to " + process_.executors[step.sync].name +
                 ", as it finishes");
        line(indent + 1, "future.result()");
        steps(step.body, indent + 1);
        line(indent, "del " + futures(step) + "[:]");
        break;
      case StepKind::shutdown:
        if (mp_pool(step)) {
          line(indent, executor(step) + ".close()");
          if (step.wait) line(indent, executor(step) + ".join()");
        } else {
          line(indent, executor(step) + ".shutdown(wait=" + (step.wait ? "True" : "False") + ")");
        }
        break;
    }
  }

  std::string executor(const Step& step) const { return names_.executors[step.sync]; }
  bool mp_pool(const Step& step) const { return process_.executors[step.sync].kind == ExecutorKind::mp_pool; }
  std::string futures(const Step& step) const { return names_.futures[step.sync]; }
  std::string task(const Step& step) const { return names_.tasks[step.target.thread]; }
  std::string calls(const Step& step) const {
    return std::to_string(step.count) + (step.count == 1 ? " call of " : " calls of ") +
           process_.tasks[step.target.thread].name;
  }

  void submit(const Step& step, int indent) {
    std::string append = futures(step) + ".append(" + executor(step) +
                         (mp_pool(step) ? ".apply_async(" + task(step) + ", (" + names_.task_args[step.target.thread] + ",)))"
                                        : ".submit(" + task(step) + ", " + names_.task_args[step.target.thread] + "))");
    if (step.count == 1) {
      line(indent, append, "submit: " + calls(step));
      return;
    }
    line(indent, "for _ in range(" + std::to_string(step.count) + "):", "submit: " + calls(step));
    line(indent + 1, append);
  }

  std::string mp_queue(const Step& step) const { return python_string(scenario_.shared_syncs[step.sync].name); }
  std::string thread(const Step& step) const { return python_string(target_name(process_.threads, step.target)); }

  std::string every_copy(const ThreadTarget& target) const {
    return process_.threads[target.thread].count && !target.copy ? "every copy, in turn" : "";
  }

  void print(const Step& step, int indent) {
    std::string args;
    for (const TextPart& part : step.text) {
      if (!args.empty()) args += ", ";
      switch (part.kind) {
        case TextPart::Kind::literal: args += python_string(part.text); break;
        case TextPart::Kind::thread: args += "THREAD"; break;
        case TextPart::Kind::process: args += "PROCESS"; break;
        case TextPart::Kind::time: args += "TIME"; break;
        case TextPart::Kind::active_count: args += "ACTIVE_COUNT"; break;
        case TextPart::Kind::loop_var: args += variable(part.text); break;
      }
    }
    line(indent, "me.print_line(" + (args.empty() ? std::string("\"\"") : args) + ")");
  }

  // The Python name of an enclosing loop's variable.
  std::string variable(const std::string& name) const {
    for (auto it = vars_.rbegin(); it != vars_.rend(); ++it)
      if (it->first == name) return it->second;
    return python_identifier(name);  // (the loader allows only enclosing loops' variables)
  }

  void repeat(const Step& step, int indent) {
    std::string count = std::to_string(step.count);
    if (step.var.empty()) {
      line(indent, "for _ in range(" + count + "):");
      steps(step.body, indent + 1);
      return;
    }
    std::string name = step.var;
    auto taken = [&](const std::string& candidate) {
      return is_python_reserved(candidate) || candidate == "_" || is_pool_name(candidate) ||
             std::any_of(vars_.begin(), vars_.end(), [&](const auto& v) { return v.second == candidate; });
    };
    while (taken(name)) name += "_";
    std::string comment;
    if (step.from != 0 || step.step != 1)
      comment = "repeat " + count + ", " + step.var + " from " + std::to_string(step.from) + " step " +
                std::to_string(step.step);
    else if (name != step.var)
      comment = "repeat " + count + ", " + step.var;
    std::string from = std::to_string(step.from), by = std::to_string(step.step);
    std::int64_t span = 0, end = 0;
    std::string values;
    if (step.step == 0) {
      values = "itertools.repeat(" + from + ", " + count + ")";
    } else if (step.from == 0 && step.step == 1) {
      values = "range(" + count + ")";
    } else if (!__builtin_mul_overflow(step.count, step.step, &span) && !__builtin_add_overflow(step.from, span, &end)) {
      values = "range(" + from + ", " + std::to_string(end) + ", " + by + ")";
    } else {
      values = "range(" + from + ", " + from + " + " + count + " * " + by + ", " + by + ")";
    }
    line(indent, "for " + name + " in " + values + ":", comment);
    vars_.emplace_back(step.var, name);
    steps(step.body, indent + 1);
    vars_.pop_back();
  }

  // Whether a loop variable of that name would hide a name that steps use:
  // an executor, its futures, a task or its arguments.
  bool is_pool_name(const std::string& name) const {
    for (const auto* list : {&names_.executors, &names_.futures, &names_.tasks, &names_.task_args})
      if (std::find(list->begin(), list->end(), name) != list->end()) return true;
    return false;
  }

  const Scenario& scenario_;
  const ProcessSpec& process_;
  const ProcessPythonNames& names_;
  std::vector<std::string>& lines_;
  std::vector<std::pair<std::string, std::string>> vars_;  // enclosing loops: scenario name, Python name
};

}  // namespace

std::string target_name(const std::vector<ThreadSpec>& threads, const ThreadTarget& target) {
  const ThreadSpec& spec = threads[target.thread];
  return target.copy ? copy_name(spec.name, spec.count, *target.copy) : spec.name;
}

std::string target_name(const std::vector<ProcessSpec>& processes, const ThreadTarget& target) {
  const ProcessSpec& spec = processes[target.thread];
  return target.copy ? copy_name(spec.name, spec.count, *target.copy) : spec.name;
}

void write_python_steps(const Scenario& scenario, const ProcessSpec& process, const ProcessPythonNames& names,
                        const std::vector<Step>& steps, int indent, std::vector<std::string>& lines) {
  StepWriter(scenario, process, names, lines).steps(steps, indent);
}

void write_python_steps(const Scenario& scenario, const ProcessSpec& process, const std::vector<Step>& steps,
                        int indent, std::vector<std::string>& lines) {
  std::vector<ProcessPythonNames> names = python_names(scenario);
  const auto p = static_cast<std::size_t>(&process - scenario.processes.data());
  write_python_steps(scenario, process, names.at(p), steps, indent, lines);
}

namespace {

void collect_futures(const std::vector<Step>& steps, std::vector<std::uint32_t>& out) {
  for (const Step& step : steps) {
    if ((step.kind == StepKind::submit || step.kind == StepKind::results || step.kind == StepKind::as_completed) &&
        std::find(out.begin(), out.end(), step.sync) == out.end())
      out.push_back(step.sync);
    collect_futures(step.body, out);
  }
}

}  // namespace

std::vector<std::uint32_t> executors_with_futures(const std::vector<Step>& steps) {
  std::vector<std::uint32_t> out;
  collect_futures(steps, out);
  return out;
}

}  // namespace gilsim
