#include "model/program.h"

#include <stdexcept>

#include "model/roster.h"
#include "model/saturating.h"

namespace gilsim {

namespace {

struct LoopVar {
  std::string name;
  std::uint32_t slot;
  std::int64_t from;
  std::int64_t step;
};

// Where the compiler's output goes. Both sinks take the same calls from the
// one Compiler, so what each step compiles to is written once, there:
// Emitter builds the Script; Counter only counts it, so that the size check
// can measure (and refuse) a script of 10^12 instructions without building it.
class Emitter {
 public:
  explicit Emitter(Script& script) : script_(script) {}

  std::uint32_t position() const { return static_cast<std::uint32_t>(script_.code.size()); }
  void emit(const Instruction& in) { script_.code.push_back(in); }
  void set_jump(std::uint32_t at, std::uint32_t target) { script_.code[at].jump = target; }
  std::uint32_t loop_slot() { return script_.loop_slots++; }
  // `make` builds the print's template; returns its index.
  template <class Make>
  std::uint32_t print(Make make) {
    script_.prints.push_back(make());
    return static_cast<std::uint32_t>(script_.prints.size() - 1);
  }
  // `one(copy)` emits what one copy of a start, join, spawn or wait of all copies needs.
  template <class One>
  void each_copy(std::uint32_t copies, One one) {
    for (std::uint32_t c = 0; c < copies; ++c) one(c);
  }

 private:
  Script& script_;
};

class Counter {
 public:
  explicit Counter(ScriptSize& size) : size_(size) {}

  std::uint32_t position() const { return 0; }  // jumps are not counted
  void emit(const Instruction&) { size_.instructions = saturating::add(size_.instructions, 1); }
  void set_jump(std::uint32_t, std::uint32_t) {}
  std::uint32_t loop_slot() {
    size_.loop_slots = saturating::add(size_.loop_slots, 1);
    return 0;
  }
  template <class Make>
  std::uint32_t print(Make) {
    return 0;
  }
  // Every copy compiles to as many instructions as the first (only the copy
  // number differs), so one is counted and multiplied: a million copies cost
  // one pass, not a million.
  template <class One>
  void each_copy(std::uint32_t copies, One one) {
    std::uint64_t before = size_.instructions;
    size_.instructions = 0;
    one(0);
    std::uint64_t all = saturating::multiply(size_.instructions, copies);
    size_.instructions = saturating::add(before, all);
    size_.all_copies = saturating::add(size_.all_copies, all);
  }

 private:
  ScriptSize& size_;
};

template <class Sink>
class Compiler {
 public:
  Compiler(Sink& sink, const std::vector<std::uint32_t>& thread_counts, std::int64_t overhead,
           const std::vector<ProcessSpec>& processes)
      : sink_(sink), thread_counts_(thread_counts), overhead_(overhead), processes_(processes) {}

  void compile(const std::vector<Step>& steps) {
    for (const Step& step : steps) compile(step);
  }

 private:
  void emit(const Instruction& in) { sink_.emit(in); }

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
        std::uint32_t begin = sink_.position();
        emit({.op = Op::drain_begin, .index = step.sync});
        compile(step.body);
        emit({.op = Op::drain_end, .index = step.sync, .jump = begin});
        sink_.set_jump(begin, sink_.position());
        break;
      }
      case StepKind::start:
      case StepKind::join: {
        Op op = step.kind == StepKind::start ? Op::start : Op::join;
        std::uint32_t spec = step.target.thread;
        auto one = [&](std::uint32_t copy) { emit({.op = op, .thread_spec = spec, .copy = copy}); };
        if (step.target.copy)
          one(*step.target.copy);
        else
          sink_.each_copy(thread_counts_.at(spec), one);
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
        if (step.process.copy)
          one(*step.process.copy);
        else
          sink_.each_copy(copy_count(process), one);
        break;
      }
      case StepKind::print: {
        std::uint32_t index = sink_.print([&] {
          PrintTemplate tpl;
          for (const TextPart& part : step.text) tpl.parts.push_back(resolve(part));
          return tpl;
        });
        emit({.op = Op::print, .index = index});
        break;
      }
      case StepKind::repeat: {
        std::uint32_t slot = sink_.loop_slot();
        std::uint32_t begin = sink_.position();
        emit({.op = Op::loop_begin, .index = slot, .count = step.count});
        if (!step.var.empty()) scope_.push_back({step.var, slot, step.from, step.step});
        compile(step.body);
        if (!step.var.empty()) scope_.pop_back();
        emit({.op = Op::loop_end, .index = slot, .jump = begin + 1, .count = step.count});
        sink_.set_jump(begin, sink_.position());
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

  Sink& sink_;
  const std::vector<std::uint32_t>& thread_counts_;
  std::int64_t overhead_;
  const std::vector<ProcessSpec>& processes_;
  std::vector<LoopVar> scope_;
};

}  // namespace

Script compile_script(const std::vector<Step>& steps, const std::vector<std::uint32_t>& thread_counts,
                      std::int64_t overhead, const std::vector<ProcessSpec>& processes) {
  Script script;
  Emitter emitter(script);
  Compiler<Emitter>(emitter, thread_counts, overhead, processes).compile(steps);
  return script;
}

ScriptSize script_size(const std::vector<Step>& steps, const std::vector<std::uint32_t>& thread_counts,
                       const std::vector<ProcessSpec>& processes) {
  ScriptSize size;
  Counter counter(size);
  // The overhead changes durations only, never how many instructions there are.
  Compiler<Counter>(counter, thread_counts, kOverheadUnit, processes).compile(steps);
  return size;
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
