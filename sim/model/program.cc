#include "model/program.h"

#include <stdexcept>

#include "model/roster.h"

namespace gilsim {

namespace {

struct LoopVar {
  std::string name;
  std::uint32_t slot;
  std::int64_t from;
  std::int64_t step;
};

class Compiler {
 public:
  Compiler(Script& script, const std::vector<std::uint32_t>& thread_counts, std::int64_t overhead,
           const std::vector<ProcessSpec>& processes)
      : script_(script), thread_counts_(thread_counts), overhead_(overhead), processes_(processes) {}

  void compile(const std::vector<Step>& steps) {
    for (const Step& step : steps) compile(step);
  }

 private:
  void emit(Instruction in) { script_.code.push_back(in); }

  void compile(const Step& step) {
    switch (step.kind) {
      case StepKind::compute:
        if (step.holds_gil)  // $work is stretched when it is known: `count` carries the overhead
          emit({.op = Op::compute,
                .uses_work = step.uses_work,
                .count = step.uses_work ? overhead_ : 0,
                .duration = apply_overhead(step.duration, overhead_)});
        else
          emit({.op = Op::native, .uses_work = step.uses_work, .duration = step.duration});
        break;
      case StepKind::sleep:
        emit({.op = Op::sleep, .uses_work = step.uses_work, .duration = step.duration});
        break;
      case StepKind::io:
        emit({.op = step.device ? Op::device_io : Op::io,
              .uses_work = step.uses_work,
              .device = step.device.value_or(0),
              .duration = step.duration});
        break;
      case StepKind::acquire: emit({.op = Op::acquire, .index = step.sync}); break;
      case StepKind::release: emit({.op = Op::release, .index = step.sync}); break;
      case StepKind::with:
        emit({.op = Op::acquire, .index = step.sync});
        compile(step.body);
        emit({.op = Op::release, .index = step.sync});
        break;
      case StepKind::event_set: emit({.op = Op::event_set, .index = step.sync}); break;
      case StepKind::event_clear: emit({.op = Op::event_clear, .index = step.sync}); break;
      case StepKind::event_wait:
        emit({.op = Op::event_wait, .timed = step.has_timeout, .index = step.sync, .duration = step.duration});
        break;
      case StepKind::put:
        emit({.op = Op::put, .uses_work = step.uses_work, .index = step.sync, .duration = step.duration});
        break;
      case StepKind::get: emit({.op = Op::get, .index = step.sync}); break;
      case StepKind::repeat_until_empty: {
        auto begin = static_cast<std::uint32_t>(script_.code.size());
        emit({.op = Op::drain_begin, .index = step.sync});
        compile(step.body);
        emit({.op = Op::drain_end, .index = step.sync, .jump = begin});
        script_.code[begin].jump = static_cast<std::uint32_t>(script_.code.size());
        break;
      }
      case StepKind::start:
      case StepKind::join: {
        Op op = step.kind == StepKind::start ? Op::start : Op::join;
        std::uint32_t spec = step.target.thread;
        if (step.target.copy) {
          emit({.op = op, .thread_spec = spec, .copy = *step.target.copy});
        } else {
          for (std::uint32_t c = 0; c < thread_counts_.at(spec); ++c) emit({.op = op, .thread_spec = spec, .copy = c});
        }
        break;
      }
      case StepKind::spawn:
      case StepKind::wait: {
        std::uint32_t spec = step.process.thread;
        const ProcessSpec& process = processes_.at(spec);
        auto one = [&](std::uint32_t copy) {
          // Spawning costs the spawner its start_cost of Python work first (fork, pickling).
          if (step.kind == StepKind::spawn && process.start_cost > 0)
            emit({.op = Op::compute, .duration = process.start_cost});
          emit({.op = step.kind == StepKind::spawn ? Op::spawn : Op::wait, .thread_spec = spec, .copy = copy});
        };
        if (step.process.copy) {
          one(*step.process.copy);
        } else {
          for (std::uint32_t c = 0; c < copy_count(process); ++c) one(c);
        }
        break;
      }
      case StepKind::print: {
        PrintTemplate tpl;
        for (const TextPart& part : step.text) tpl.parts.push_back(resolve(part));
        emit({.op = Op::print, .index = static_cast<std::uint32_t>(script_.prints.size())});
        script_.prints.push_back(std::move(tpl));
        break;
      }
      case StepKind::repeat: {
        std::uint32_t slot = script_.loop_slots++;
        auto begin = static_cast<std::uint32_t>(script_.code.size());
        emit({.op = Op::loop_begin, .index = slot, .count = step.count});
        if (!step.var.empty()) scope_.push_back({step.var, slot, step.from, step.step});
        compile(step.body);
        if (!step.var.empty()) scope_.pop_back();
        emit({.op = Op::loop_end, .index = slot, .jump = begin + 1, .count = step.count});
        script_.code[begin].jump = static_cast<std::uint32_t>(script_.code.size());
        break;
      }
    }
  }

  PrintTemplate::Part resolve(const TextPart& part) const {
    PrintTemplate::Part out{.kind = part.kind};
    if (part.kind == TextPart::Kind::literal) out.literal = part.text;
    if (part.kind == TextPart::Kind::loop_var) {
      // The innermost loop of that name wins, as in nested Python loops.
      for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
        if (it->name == part.text) {
          out.slot = it->slot;
          out.from = it->from;
          out.step = it->step;
          return out;
        }
      }
      throw std::logic_error("unresolved loop variable {" + part.text + "} (the loader should have caught it)");
    }
    return out;
  }

  Script& script_;
  const std::vector<std::uint32_t>& thread_counts_;
  std::int64_t overhead_;
  const std::vector<ProcessSpec>& processes_;
  std::vector<LoopVar> scope_;
};

}  // namespace

Script compile_script(const std::vector<Step>& steps, const std::vector<std::uint32_t>& thread_counts,
                      std::int64_t overhead, const std::vector<ProcessSpec>& processes) {
  Script script;
  Compiler(script, thread_counts, overhead, processes).compile(steps);
  return script;
}

std::vector<Script> compile_process_scripts(const Scenario& scenario, std::uint32_t process) {
  const ProcessSpec& spec = scenario.processes.at(process);
  std::vector<std::uint32_t> counts = thread_counts(spec);
  // Only a process without a GIL pays the free-threaded interpreter's overhead.
  std::int64_t overhead = has_gil(spec, scenario.gil) ? kOverheadUnit : scenario.gil.single_thread_overhead;
  std::vector<Script> scripts;
  scripts.reserve(spec.threads.size());
  for (const ThreadSpec& thread : spec.threads)
    scripts.push_back(compile_script(thread.steps, counts, overhead, scenario.processes));
  return scripts;
}

}  // namespace gilsim
