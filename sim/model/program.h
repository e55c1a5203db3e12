#pragma once
// A thread's script compiled to a flat list of instructions, shared by every
// copy of the thread (copies differ only in their position and loop counters).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/time.h"
#include "model/scenario.h"

namespace gilsim {

enum class Op : std::uint8_t {
  compute,     // Python code: needs a core and the GIL; `duration`
  native,      // C code that releases the GIL while it runs; `duration` (also a printed line's write())
  held_native,  // C code that keeps the GIL and cannot be interrupted ("gil": "hold"); `duration`
  sleep,       // `duration`
  io,          // `duration`
  start,       // start thread copy (`thread_spec`, `copy`)
  join,        // join thread copy (`thread_spec`, `copy`)
  print,       // prints[`index`]
  loop_begin,  // loop slot `index`, `count` iterations; if zero, jump to `jump`
  loop_end,    // loop slot `index`: next iteration at `jump`, unless `count` done
  spawn,       // start process copy (`thread_spec` = process spec, `copy`); its start cost is a compute before it
  wait,        // wait for process copy (`thread_spec` = process spec, `copy`) to finish
  // Synchronisation (sync.h): `index` is the primitive, local to the process.
  acquire,      // lock, rlock or semaphore
  release,
  event_set,
  event_clear,
  event_wait,   // `duration` = timeout when `timed`
  put,          // an item of work `duration`
  get,          // the item's work becomes the thread's $work
  drain_begin,  // get_nowait: an item, or the queue is empty and the loop ends at `jump`
  drain_end,    // back to the drain_begin at `jump`
  device_io,    // I/O of `duration` on device `device` (queues for a free channel)
  // concurrent.futures (model/pool/): `index` is the executor, local to the
  // process that owns it; `copy` a PoolRole where the op serves several.
  pool_submit,    // a call of task `thread_spec` with `count` items; no worker to start: jump to `jump`
  pool_start,     // start the worker the last pool_submit chose (after its start cost); a process pool's: then, unless it was the first, jump to `jump`
  pool_take,      // take the next call of the role's stage: run it, wait, or exit (jump to the end)
  pool_dispatch,  // a process worker: jump to the entry of its call's task
  pool_task_end,  // the task ran once: again at `jump` for the next item of a chunk; then done
  pool_write,     // $work becomes the pipe's time for what the role sends
  pool_give,      // what the role sends enters the next stage; back to `jump`
  pool_complete,  // the manager sets the future of its call; back to `jump`
  pool_results,   // wait until every call this thread submitted is done
  pool_next,      // as_completed: a finished call not yet seen goes on; none left jumps to `jump`; else wait
  pool_loop,      // as_completed: back to its pool_next at `jump`
  pool_shutdown,  // Executor.shutdown()
  pool_join,      // join thread copy (`thread_spec`, `copy`) if it was started
  pool_wait,      // wait for process copy (`thread_spec`, `copy`) if it was spawned
  // multiprocessing queues (mp_queue_program.h): `index` is the queue, one of
  // the scenario's; a message is `count` bytes of work `duration` (or $work).
  mpq_reserve,  // Queue.put with a maxsize: take a slot of its semaphore, or wait for one
  mpq_put,      // the message to the process's buffer; its feeder runs already: on at `jump`
  mpq_feed,     // a feeder takes its buffer's oldest message ($work: pickling it), waits, or ends
  mpq_send,     // SimpleQueue.put, Connection.send: the message in hand ($work: pickling it)
  mpq_write,    // the message's turn at the pipe ($work: writing it), or wait for it
  mpq_written,  // the message is in the pipe (or with the reader it was written for); on at `jump`
  mpq_get,       // read the next message ($work: reading it), or wait for one
  mpq_unpickle,  // $work: unpickling the message read
  mpq_got,       // $work becomes the item's work
  // Shared memory (mp_shared_program.h): a copy of `count` bytes of shared
  // object `index` (one of the scenario's), C code that keeps the GIL like
  // held_native: `duration`, plus the first touch of pages no access reached before.
  shared_copy,
};

// Who runs a pool_take, pool_write or pool_give (Instruction::copy).
enum class PoolRole : std::uint8_t { thread_worker, process_worker, feeder, manager };

// A cost that depends on what has happened in the process before (Instruction::start_cost).
enum class StartCost : std::uint8_t {
  none,
  thread_start,       // compute: Thread.start(); costs.first_thread_start the first time in its process
  forkserver_launch,  // native: a forkserver start's wait for the server; costs.forkserver_launch the first time in its process, then nothing
  boot,               // compute: a spawned process's start-up (`duration`); nothing in a process that was not spawned (the program)
};

// 40 bytes: the flags and `device` sit in what would otherwise be padding.
// An instruction's primitive with this bit is one of Scenario::shared_syncs
// (multiprocessing's, used by every process): the rest is its index there.
inline constexpr std::uint32_t kSharedSyncBit = 1U << 31;

struct Instruction {
  Op op = Op::compute;
  bool uses_work = false;         // compute, native, sleep, io, device_io, put: the duration is $work
  bool timed = false;             // event_wait
  StartCost start_cost = StartCost::none;
  std::uint32_t index = 0;        // print template, loop slot or primitive (local to the process, or kSharedSyncBit | the scenario's)
  std::uint32_t thread_spec = 0;  // start, join
  std::uint32_t copy = 0;         // start, join
  std::uint32_t jump = 0;         // loop_begin, loop_end, drain_begin, drain_end
  std::uint32_t device = 0;       // device_io
  std::int64_t count = 0;         // loop_begin, loop_end; compute of $work: the overhead (apply_overhead)
  Time duration = 0;              // compute, native, sleep, io, device_io, put, event_wait
};
static_assert(sizeof(Instruction) == 40, "an instruction stays as small as before the primitives");

// A print template with loop variables resolved to (slot, from, step).
struct PrintTemplate {
  struct Part {
    TextPart::Kind kind = TextPart::Kind::literal;
    std::string literal;
    std::uint32_t slot = 0;
    std::int64_t from = 0;
    std::int64_t step = 1;
  };
  std::vector<Part> parts;
};

struct Script {
  std::vector<Instruction> code;  // ends where the thread finishes
  std::vector<PrintTemplate> prints;
  std::uint32_t loop_slots = 0;  // loop counters each running copy needs
  std::vector<std::uint32_t> task_entries;  // a pool worker's: where each task of its executor begins
};

// What a thread's steps compile with: the copy counts of its process's
// threads (to expand start/join of "all copies"), the overhead (in
// millionths, GilSpec::single_thread_overhead) that stretches Python compute
// (not native code) of a free-threaded process (apply_overhead), the
// scenario's processes (counts and start costs for spawn and wait), its costs
// (a thread start, a printed line's write) and whether a write releases the
// GIL (its process has one).
struct CompileContext {
  std::vector<std::uint32_t> thread_counts;
  std::int64_t overhead = kOverheadUnit;
  const std::vector<ProcessSpec>* processes = nullptr;
  CostSpec costs;
  StdoutBuffering stdout_buffering = StdoutBuffering::block;
  bool gil = false;
  // The process whose executors and tasks the steps name: its own, or, for a
  // process pool's worker, the pool's owner.
  const ProcessSpec* owner = nullptr;
  const std::vector<SyncSpec>* mp_queues = nullptr;  // the scenario's (Scenario::shared_syncs)
  StartMethod start_method = StartMethod::fork;  // the scenario's, for a process that sets none
};

// Compiles one thread's steps.
Script compile_script(const std::vector<Step>& steps, const CompileContext& context);

// What compile_script would make of these steps, counted by the same compiler
// without building the script (saturating at UINT64_MAX), so that a scenario
// too large to compile is refused before anything is allocated for it.
struct ScriptSize {
  std::uint64_t instructions = 0;  // Script::code.size()
  std::uint64_t loop_slots = 0;    // Script::loop_slots
  // Of the instructions, those of start, join, spawn and wait of all copies
  // (one or two per copy), for the size check's message.
  std::uint64_t all_copies = 0;
};

// The scripts of one process spec as a run of a scenario has them.
//
// Threads that no step starts begin when their process's main thread (copy 0
// of its first thread) has started them, one by one and in declaration order,
// before its own steps, as a real program's main thread must; processes that
// no spawn step starts are spawned, likewise, by the main thread of the first
// of them (copy 0 of the first such process spec: the program itself) before
// it starts its own threads. Those main threads therefore have scripts of
// their own. With Scenario::start_together, none of this: every such thread
// and process begins at time 0.
template <class S>
struct ProcessScriptsOf {
  std::vector<S> threads;  // per thread spec, shared by every copy
  std::optional<S> main;   // copy 0 of thread spec 0, when it starts others
  std::optional<S> first_main;  // the same in the program's own process, which also spawns
};
using ProcessScripts = ProcessScriptsOf<Script>;
using ProcessScriptSizes = ProcessScriptsOf<ScriptSize>;

// The first process spec that no spawn step starts: its copy 0 is the program.
std::uint32_t program_process(const Scenario& scenario);

ProcessScripts compile_process_scripts(const Scenario& scenario, std::uint32_t process);
ProcessScriptSizes process_script_sizes(const Scenario& scenario, std::uint32_t process);

}  // namespace gilsim
