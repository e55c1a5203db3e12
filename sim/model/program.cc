#include "model/program.h"

#include <stdexcept>

#include "model/mp_queue_program.h"
#include "model/mp_shared_program.h"
#include "model/pool/pool_program.h"
#include "model/roster.h"
#include "model/saturating.h"
#include "model/script_sinks.h"

namespace gilsim {

namespace {

struct LoopVar {
  std::string name;
  std::uint32_t slot;
  std::int64_t from;
  std::int64_t step;
};

template <class Sink>
class Compiler {
 public:
  Compiler(Sink& sink, const CompileContext& context) : sink_(sink), context_(context) {}

  void compile(const std::vector<Step>& steps) {
    for (const Step& step : steps) compile(step);
  }

  // The loop of a thread the loader made for an executor (ThreadSpec::role).
  void pool_thread(const ThreadSpec& thread) {
    if (thread.role == ThreadRole::queue_feeder) {
      MpQueueCompiler<Compiler>(*this, *context_.owner, *context_.mp_queues, context_.overhead).feeder(thread.executor);
      return;
    }
    PoolCompiler<Compiler>(*this, *context_.owner, context_.overhead).pool_thread(thread.role, thread.executor, sink_.script());
  }
  // The exit handler's Executor.shutdown(wait=True) of every executor of the process.
  void exit_shutdowns(const ProcessSpec& self) {
    for (std::uint32_t e = 0; e < self.executors.size(); ++e)
      PoolCompiler<Compiler>(*this, self, context_.overhead).shutdown(e, true);
  }

  // For PoolCompiler.
  void emit(const Instruction& in) { sink_.emit(in); }
  std::uint32_t position() const { return sink_.position(); }
  void set_jump(std::uint32_t at, std::uint32_t target) { sink_.set_jump(at, target); }
  void set_count(std::uint32_t at, std::int64_t count) { sink_.set_count(at, count); }
  std::uint32_t loop_slot() { return sink_.loop_slot(); }
  const CostSpec& costs() const { return context_.costs; }
  StartMethod start_method() const { return context_.start_method; }
  void start_cost() {
    if (context_.costs.thread_start > 0 || context_.costs.first_thread_start > 0)
      emit({.op = Op::compute, .start_cost = StartCost::thread_start, .duration = context_.costs.thread_start});
  }
  // Thread.start() costs the starter its time in the call first (holding its GIL).
  void start(std::uint32_t spec, std::uint32_t copy) {
    start_cost();
    emit({.op = Op::start, .thread_spec = spec, .copy = copy});
  }

  // Process.start() costs the spawner its start_cost of Python work first
  // (fork, pickling), by the child's start method; a process's first
  // forkserver start also waits for the server to start.
  void spawn_cost(std::uint32_t spec) {
    const ProcessSpec& process = context_.processes->at(spec);
    StartMethod method = process.start_method.value_or(context_.start_method);
    Time cost = process.start_cost.value_or(process_start_cost(context_.costs, method));
    if (cost > 0) emit({.op = Op::compute, .duration = cost});
    if (method == StartMethod::forkserver && context_.costs.forkserver_launch > 0)
      emit({.op = Op::native, .start_cost = StartCost::forkserver_launch});
  }
  void spawn(std::uint32_t spec, std::uint32_t copy) {
    spawn_cost(spec);
    emit({.op = Op::spawn, .thread_spec = spec, .copy = copy});
  }
  // A spawned copy's start-up by its start method, before anything else its
  // main thread does (skipped at run time by a copy that was not spawned).
  void boot(const ProcessSpec& self) {
    Time boot = process_boot(context_.costs, self.start_method.value_or(context_.start_method));
    if (boot > 0) emit({.op = Op::compute, .start_cost = StartCost::boot, .duration = boot});
  }

  // What a main thread does before its own steps: spawn the processes that
  // begin at time 0 (`spawns`: the program's own process only), then start
  // its process's threads that no step starts, each copy in turn, itself
  // (copy 0 of thread spec 0) excepted.
  void implicit_starts(const ProcessSpec& self, std::uint32_t self_spec, bool spawns) {
    const std::vector<ProcessSpec>& processes = *context_.processes;
    for (std::uint32_t spec = 0; spawns && spec < processes.size(); ++spec) {
      if (processes[spec].spawned_by_step) continue;
      std::uint32_t first = spec == self_spec ? 1 : 0;
      sink_.each_copy(copy_count(processes[spec]) - first, [&](std::uint32_t c) { spawn(spec, c + first); });
    }
    for (std::uint32_t spec = 0; spec < self.threads.size(); ++spec) {
      if (self.threads[spec].started_by_step) continue;
      std::uint32_t first = spec == 0 ? 1 : 0;
      sink_.each_copy(context_.thread_counts.at(spec) - first, [&](std::uint32_t c) { start(spec, c + first); });
    }
  }

 private:

  // A printed line reaches stdout in write()s that release the GIL: one per
  // line when line-buffered, two (the text, then the newline) unbuffered,
  // none when the buffer holds it.
  void writes_of_print() {
    int writes = context_.stdout_buffering == StdoutBuffering::line         ? 1
                 : context_.stdout_buffering == StdoutBuffering::unbuffered ? 2
                                                                            : 0;
    if (!context_.gil && context_.costs.print == 0) return;  // nothing to release, nothing to spend
    for (int i = 0; i < writes; ++i) emit({.op = Op::native, .duration = context_.costs.print});
  }

  void compile(const Step& step) {
    switch (step.kind) {
      case StepKind::compute:
        if (step.native_holds_gil)
          emit({.op = Op::held_native, .uses_work = step.uses_work, .duration = step.duration});
        else if (step.holds_gil)  // $work is stretched when it is known: `count` carries the overhead
          emit({.op = Op::compute,
                .uses_work = step.uses_work,
                .count = step.uses_work ? context_.overhead : 0,
                .duration = apply_overhead(step.duration, context_.overhead)});
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
      case StepKind::acquire: emit({.op = Op::acquire, .index = primitive(step)}); break;
      case StepKind::release: emit({.op = Op::release, .index = primitive(step)}); break;
      case StepKind::with:
        emit({.op = Op::acquire, .index = primitive(step)});
        compile(step.body);
        emit({.op = Op::release, .index = primitive(step)});
        break;
      case StepKind::event_set: emit({.op = Op::event_set, .index = primitive(step)}); break;
      case StepKind::event_clear: emit({.op = Op::event_clear, .index = primitive(step)}); break;
      case StepKind::event_wait:
        emit({.op = Op::event_wait, .timed = step.has_timeout, .index = primitive(step), .duration = step.duration});
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
        std::uint32_t spec = step.target.thread;
        auto one = [&](std::uint32_t copy) {
          if (step.kind == StepKind::start)
            start(spec, copy);
          else
            emit({.op = Op::join, .thread_spec = spec, .copy = copy});
        };
        if (step.target.copy)
          one(*step.target.copy);
        else
          sink_.each_copy(context_.thread_counts.at(spec), one);
        break;
      }
      case StepKind::spawn:
      case StepKind::wait: {
        std::uint32_t spec = step.process.thread;
        auto one = [&](std::uint32_t copy) {
          if (step.kind == StepKind::spawn)
            spawn(spec, copy);
          else
            emit({.op = Op::wait, .thread_spec = spec, .copy = copy});
        };
        if (step.process.copy)
          one(*step.process.copy);
        else
          sink_.each_copy(copy_count(context_.processes->at(spec)), one);
        break;
      }
      case StepKind::print: {
        std::uint32_t index = sink_.print([&] {
          PrintTemplate tpl;
          for (const TextPart& part : step.text) tpl.parts.push_back(resolve(part));
          return tpl;
        });
        emit({.op = Op::print, .index = index});
        writes_of_print();
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
      case StepKind::submit:
      case StepKind::map:
      case StepKind::results:
      case StepKind::as_completed:
      case StepKind::shutdown:
        PoolCompiler<Compiler>(*this, *context_.owner, context_.overhead).step(step);
        break;
      case StepKind::mp_put:
      case StepKind::mp_get:
        MpQueueCompiler<Compiler>(*this, *context_.owner, *context_.mp_queues, context_.overhead).step(step);
        break;
      case StepKind::shared_read:
      case StepKind::shared_write:
        shared_access(*this, context_.mp_queues->at(step.sync), step, context_.costs, context_.overhead);
        break;
    }
  }

  // A lock, semaphore or event of the process, or one of the scenario's (mp_shared).
  static std::uint32_t primitive(const Step& step) { return step.shared_sync ? kSharedSyncBit | step.sync : step.sync; }

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
  const CompileContext& context_;
  std::vector<LoopVar> scope_;
};

}  // namespace

Script compile_script(const std::vector<Step>& steps, const CompileContext& context) {
  Script script;
  Emitter emitter(script);
  Compiler<Emitter>(emitter, context).compile(steps);
  return script;
}

std::uint32_t program_process(const Scenario& scenario) {
  for (std::uint32_t p = 0; p < scenario.processes.size(); ++p)
    if (!scenario.processes[p].spawned_by_step) return p;
  throw std::logic_error("no process begins at time 0 (the loader should have refused it)");
}

namespace {

CompileContext context_of(const Scenario& scenario, std::uint32_t process) {
  const ProcessSpec& spec = scenario.processes.at(process);
  bool gil = has_gil(spec, scenario.gil);
  // Only a process without a GIL pays the free-threaded interpreter's overhead.
  const ProcessSpec* owner = spec.pool_owner ? &scenario.processes.at(*spec.pool_owner) : &spec;
  return {thread_counts(spec), gil ? kOverheadUnit : scenario.gil.single_thread_overhead, &scenario.processes,
          scenario.costs,      scenario.stdout_buffering, gil, owner, &scenario.shared_syncs, scenario.start_method};
}

// Whether copy 0 of the main thread starts others: a thread spec of its
// process that no step starts (besides its own copy 0), and, in the program's
// own process, a process that no step spawns (besides itself).
bool starts_threads(const ProcessSpec& process) {
  for (std::size_t t = 0; t < process.threads.size(); ++t)
    if (!process.threads[t].started_by_step && copy_count(process.threads[t]) > (t == 0 ? 1u : 0u)) return true;
  return false;
}
bool spawns_processes(const Scenario& scenario, std::uint32_t self) {
  for (std::size_t p = 0; p < scenario.processes.size(); ++p)
    if (!scenario.processes[p].spawned_by_step && copy_count(scenario.processes[p]) > (p == self ? 1u : 0u)) return true;
  return false;
}

// Builds (Emitter) or counts (Counter) every script of the process spec, by the one Compiler.
template <class Sink, class Out>
ProcessScriptsOf<Out> process_scripts(const Scenario& scenario, std::uint32_t process) {
  const ProcessSpec& spec = scenario.processes.at(process);
  CompileContext context = context_of(scenario, process);
  auto one = [&](bool implicit, bool spawns) {
    Out out;
    Sink sink(out);
    Compiler<Sink> compiler(sink, context);
    compiler.boot(spec);
    if (implicit) compiler.implicit_starts(spec, process, spawns);
    compiler.compile(spec.threads.front().steps);
    compiler.exit_shutdowns(spec);
    return out;
  };
  ProcessScriptsOf<Out> scripts;
  scripts.threads.reserve(spec.threads.size());
  for (std::size_t t = 0; t < spec.threads.size(); ++t) {
    const ThreadSpec& thread = spec.threads[t];
    Out out;
    Sink sink(out);
    Compiler<Sink> compiler(sink, context);
    if (t == 0) compiler.boot(spec);
    if (thread.role != ThreadRole::declared) {
      compiler.pool_thread(thread);
    } else {
      compiler.compile(thread.steps);
      // Copy 0 of the main thread runs this script when it has no main script of its own.
      if (t == 0 && copy_count(thread) == 1) compiler.exit_shutdowns(spec);
    }
    scripts.threads.push_back(std::move(out));
  }
  if (scenario.start_together || spec.spawned_by_step) {
    if (!scenario.start_together && starts_threads(spec)) scripts.main = one(true, false);
    return scripts;
  }
  bool program = process == program_process(scenario);
  if (starts_threads(spec) && (!program || copy_count(spec) > 1)) scripts.main = one(true, false);
  if (program && (starts_threads(spec) || spawns_processes(scenario, process))) scripts.first_main = one(true, true);
  return scripts;
}

}  // namespace

ProcessScripts compile_process_scripts(const Scenario& scenario, std::uint32_t process) {
  return process_scripts<Emitter, Script>(scenario, process);
}

ProcessScriptSizes process_script_sizes(const Scenario& scenario, std::uint32_t process) {
  return process_scripts<Counter, ScriptSize>(scenario, process);
}

}  // namespace gilsim
