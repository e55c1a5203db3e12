#pragma once
// The validated description of a run: plain structs, no JSON. The loader
// (sim/scenario) builds these from a file and has already checked every rule
// below, so the model can trust them.

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/time.h"
#include "model/perturbation.h"
#include "model/costs.h"

namespace gilsim {

enum class StepKind : std::uint8_t {
  compute, sleep, io, start, join, print, repeat,
  spawn, wait,  // start a process (after its start_cost); wait for a process to finish
  // Synchronisation (sync.h): `sync` names a primitive of the thread's process.
  acquire, release, with, event_set, event_clear, event_wait, put, get,
  repeat_until_empty,  // get_nowait in a loop: the body runs once per item taken
  // concurrent.futures (executor.h): `sync` names an executor of the thread's
  // process, `target.thread` a task of it.
  submit,    // Executor.submit `count` times
  map,       // Executor.map over `count` items in chunks of `chunksize`, every result taken
  results,   // wait for every future this thread submitted to the executor (concurrent.futures.wait)
  as_completed,  // for each future this thread submitted, as it finishes: the body (concurrent.futures.as_completed)
  shutdown,  // Executor.shutdown(wait=`wait`)
  // multiprocessing (mp_queue.h): `sync` names one of Scenario::shared_syncs.
  mp_put,  // Queue.put / SimpleQueue.put / Connection.send of an item of `bytes` (and of work `duration`)
  mp_get,  // Queue.get / SimpleQueue.get / Connection.recv: the item's work becomes the thread's $work
  // Shared memory (mp_shared.h): `sync` names a value, array or shared_memory
  // of Scenario::shared_syncs; `count` accesses of `bytes` each.
  shared_read,   // Value.value, bytes(view[0:n]) of an Array or SharedMemory
  shared_write,  // Value.value = x, view[0:n] = data
};

// The primitives a process declares (threading and queue), in one namespace
// per process; and the scenario's multiprocessing queues, which every process
// may use (Lib/multiprocessing/queues.py and connection.py).
// The scenario's "mp_shared" are kinds lock, rlock, semaphore and event too
// (multiprocessing.Lock ...), and the shared memory: multiprocessing.Value,
// Array (each with its RLock, get_lock(), unless made without one) and
// shared_memory.SharedMemory.
enum class SyncKind : std::uint8_t {
  lock, rlock, semaphore, event, queue, mp_queue, mp_simple_queue, mp_pipe, mp_value, mp_array, mp_shared_memory
};

inline bool is_mp_queue(SyncKind kind) {
  return kind == SyncKind::mp_queue || kind == SyncKind::mp_simple_queue || kind == SyncKind::mp_pipe;
}
inline bool is_shared_memory(SyncKind kind) {
  return kind == SyncKind::mp_value || kind == SyncKind::mp_array || kind == SyncKind::mp_shared_memory;
}

// "lock", "rlock", "semaphore", "event", "queue", ...
inline const char* sync_kind_name(SyncKind kind) {
  switch (kind) {
    case SyncKind::lock: return "lock";
    case SyncKind::rlock: return "rlock";
    case SyncKind::semaphore: return "semaphore";
    case SyncKind::event: return "event";
    case SyncKind::queue: return "queue";
    case SyncKind::mp_queue: return "mp_queue";
    case SyncKind::mp_simple_queue: return "simple_queue";
    case SyncKind::mp_pipe: return "pipe";
    case SyncKind::mp_value: return "value";
    case SyncKind::mp_array: return "array";
    case SyncKind::mp_shared_memory: return "shared_memory";
  }
  return "?";
}

// Linux's default pipe buffer (pipe(7)): a multiprocessing queue's, and a
// process pool's call and result pipes.
constexpr std::uint64_t kPipeBuffer = 65536;

struct SyncSpec {
  std::string name;
  SyncKind kind = SyncKind::lock;
  // semaphore: its initial value (and, when bounded, its largest);
  // queue, mp_queue: maxsize, 0 = unbounded, as queue.Queue.
  std::int64_t value = 0;
  // semaphore: threading.BoundedSemaphore (a release above the initial value
  // is a program error) or, when false, threading.Semaphore (no limit).
  bool bounded = true;
  // Made by the loader for an executor (its queues and futures), not declared:
  // a wait on one shows as a wait on it; no step names it.
  bool pool = false;
  // mp_queue, mp_simple_queue, mp_pipe: the OS pipe's capacity in bytes
  // (Linux's default pipe buffer; a write that does not fit waits for a reader).
  // mp_value, mp_array, mp_shared_memory: its size in bytes.
  std::uint64_t capacity = kPipeBuffer;
  // mp_value, mp_array: made with a lock (lock=True, the default: each access
  // takes its RLock); false: RawValue, RawArray.
  bool locked = false;
};

// A lock (an RLock for a Value's or an Array's): what a lock lane shows.
inline bool is_lock(const SyncSpec& spec) {
  return spec.kind == SyncKind::lock || spec.kind == SyncKind::rlock ||
         ((spec.kind == SyncKind::mp_value || spec.kind == SyncKind::mp_array) && spec.locked);
}

// A device (a disk, a network link) that serves `channels` I/O requests at a time.
struct DeviceSpec {
  std::string name;
  std::uint32_t channels = 1;
};

// One piece of a print template: literal text or a value substituted at run time.
struct TextPart {
  enum class Kind : std::uint8_t { literal, thread, process, time, active_count, loop_var };
  Kind kind = Kind::literal;
  std::string text;  // literal text, or the loop variable's name
};

// A thread named by a start or join step: every copy of a thread, or one copy.
struct ThreadTarget {
  std::uint32_t thread = 0;         // index into ProcessSpec::threads
  std::optional<std::uint32_t> copy;  // 0-based copy; empty = all copies
};

struct Step {
  StepKind kind = StepKind::compute;
  Time duration = 0;       // compute, sleep, io; put: the item's work; event_wait: timeout
  bool uses_work = false;  // compute, sleep, io, put: "$work", the work of the last item got (0 before any)
  bool has_timeout = false;  // event_wait
  std::uint32_t sync = 0;    // index into ProcessSpec::syncs (or Scenario::shared_syncs: mp_*, shared_*, shared_sync)
  bool shared_sync = false;  // acquire, release, with, event_*: `sync` is one of Scenario::shared_syncs
  std::optional<std::uint32_t> device;  // io: index into Scenario::devices
  bool holds_gil = true;   // compute: false = native code that releases the GIL
  bool native_holds_gil = false;  // compute ("gil": "hold"): native code that keeps the GIL and ignores drop requests
  ThreadTarget target;     // start, join
  ThreadTarget process;    // spawn, wait: `thread` is the process spec index
  std::vector<TextPart> text;  // print
  // repeat: the loop variable takes from, from + step, ... (count values).
  std::int64_t count = 0;
  std::string var;  // empty = no variable
  std::int64_t from = 0;
  std::int64_t step = 1;
  std::vector<Step> body;  // repeat, with, repeat_until_empty
  std::uint32_t chunksize = 0;  // map; 0: the executor's default (map_chunksize)
  std::uint64_t bytes = 0;      // mp_put: the item's pickled size; shared_*: the bytes each access copies
  bool wait = true;             // shutdown
};

// Where a thread may run and how the OS ranks it. Set on a process, applied
// to its threads unless a thread sets its own.
struct OsSettings {
  std::optional<std::int32_t> priority;  // policy priority: higher runs first
  std::optional<std::int32_t> nice;      // policy cfs: -20 .. 19
  std::vector<std::uint32_t> cpus;       // empty = any core
};

// What a thread is to its program: declared in the file, or made by the
// loader for an executor of its process (executor `executor`).
enum class ThreadRole : std::uint8_t {
  declared,
  pool_worker,   // a ThreadPoolExecutor's worker thread, or a ProcessPoolExecutor worker process's main thread
  pool_manager,  // a ProcessPoolExecutor's executor manager thread: takes results, unpickles them, sets futures
  pool_feeder,   // its call queue's feeder thread: pickles each call and writes it to the pipe
  // A multiprocessing.Queue's feeder thread in a process that puts to it
  // (`executor`: the queue, index into Scenario::shared_syncs): pickles each
  // item and writes it to the queue's pipe.
  queue_feeder,
};

struct ThreadSpec {
  std::string name;
  ThreadRole role = ThreadRole::declared;
  std::uint32_t executor = 0;  // a pool thread's executor: index into its (owning) process's executors
  std::optional<std::uint32_t> count;  // present = copies named name-1 ... name-N
  OsSettings os;
  std::vector<Step> steps;
  // Filled by the loader: true when some start step names this thread (so it
  // does not start with its process at time 0).
  bool started_by_step = false;
};

// A task that executors run: a script of steps, with the size of its
// arguments and of its result (what a process pool pickles and sends).
struct TaskSpec {
  std::string name;
  std::vector<Step> steps;  // compute, sleep, io, print, repeat
  std::uint64_t args_bytes = 0;
  std::uint64_t result_bytes = 0;
};

// How multiprocessing starts a process (Lib/multiprocessing/context.py): fork
// (the parent's copy), forkserver (a fork of a server process started once),
// spawn (a fresh interpreter). Linux's default is fork up to Python 3.13 and
// forkserver from 3.14.
enum class StartMethod : std::uint8_t { fork, forkserver, spawn };
const char* start_method_name(StartMethod method);  // "fork", ...

// concurrent.futures.ThreadPoolExecutor or ProcessPoolExecutor, or
// multiprocessing.Pool (model/pool/executor.h).
enum class ExecutorKind : std::uint8_t { thread, process, mp_pool };
const char* executor_kind_name(ExecutorKind kind);  // "thread", "process", "mp_pool"
// Whether its workers are processes (a ProcessPoolExecutor or a multiprocessing.Pool).
inline bool has_worker_processes(ExecutorKind kind) { return kind != ExecutorKind::thread; }

struct ExecutorSpec {
  std::string name;
  ExecutorKind kind = ExecutorKind::thread;
  std::optional<std::uint32_t> max_workers;  // unset: CPython's default for the run's cores (default_max_workers)
  std::uint32_t workers = 1;  // max_workers resolved (set_cores keeps it current)
  // A process pool's mp_context (get_context(method)); unset: the scenario's start_method.
  std::optional<StartMethod> start_method;
  // Made by the loader: a thread pool's workers are thread spec `workers_spec`
  // of this process (`workers` copies); a process pool's are the processes of
  // Scenario::processes[workers_spec], and `manager` and `feeder` are thread
  // specs of this process.
  std::uint32_t workers_spec = 0;
  std::uint32_t manager = 0;
  std::uint32_t feeder = 0;
  // The owner's primitives that stand for its queues and futures (threads wait
  // on them): pool_sync(stage) is an index into ProcessSpec::syncs.
  std::uint32_t first_sync = 0;
};

// The primitives an executor's waits show (ExecutorSpec::first_sync + stage):
// its work queue (thread pool) or work_ids (process pool), its futures, and a
// process pool's call and result queues.
enum class PoolSync : std::uint8_t { work, futures, calls, results };
std::vector<std::string> pool_sync_names(const ExecutorSpec& executor);  // "pool.work_queue", ...
// A process pool's two threads in its owner: the one that sets the results
// (ProcessPoolExecutor's manager, Pool's result handler) and the one that
// pickles and sends the calls (the call queue's feeder, Pool's task handler).
std::string pool_manager_name(const ExecutorSpec& executor);  // "pool-manager", "pool-result_handler"
std::string pool_feeder_name(const ExecutorSpec& executor);   // "pool-feeder", "pool-task_handler"
// Items per call of a map of `items` over `workers` workers: the step's
// chunksize, else the executor's default: 1 (Executor.map), or
// multiprocessing.Pool.map's ceil(items / (4 workers)).
std::int64_t map_chunksize(ExecutorKind kind, std::uint32_t chunksize, std::int64_t items, std::uint32_t workers);

// CPython's max_workers=None: min(32, os.cpu_count() + 4) threads (3.8+),
// os.cpu_count() processes.
std::uint32_t default_max_workers(ExecutorKind kind, std::uint32_t cores);

struct ProcessSpec {
  std::string name;
  bool gil = true;  // false = free-threaded (no global interpreter lock)
  std::optional<std::uint32_t> count;
  std::vector<ThreadSpec> threads;  // the first one is the main thread
  OsSettings os;
  // The spawner's time in Process.start() (holding its GIL) for each copy it
  // starts; unset: the scenario's costs.process_start (a machine's cost,
  // which --time-scale leaves alone).
  std::optional<Time> start_cost;
  // How its copies are started (multiprocessing.get_context(method).Process);
  // unset: the scenario's start_method. A process pool's workers have their executor's.
  std::optional<StartMethod> start_method;
  // Filled by the loader: true when some spawn step names this process (so it
  // does not start at time 0).
  bool spawned_by_step = false;
  std::vector<SyncSpec> syncs;  // locks, rlocks, semaphores, events, queues; names unique
  std::vector<TaskSpec> tasks;
  std::vector<ExecutorSpec> executors;
  // Made by the loader: the worker processes of a process pool, of executor
  // `pool_executor` of process spec `pool_owner`.
  std::optional<std::uint32_t> pool_owner;
  std::uint32_t pool_executor = 0;
};

enum class SchedulerPolicy : std::uint8_t { round_robin, fifo, priority, cfs };
const char* policy_name(SchedulerPolicy p);  // "round_robin", ...

struct SchedulerSpec {
  SchedulerPolicy policy = SchedulerPolicy::round_robin;
  Time quantum = 10 * kMillisecond;  // round_robin, priority
  Time aging = 0;                    // priority: a waiter gains one level per `aging` waited; 0 = off
  // cfs; unset = the default for the number of cores the run has, which is
  // known only once `run --cores` / `compare --cores` have had their say
  // (cfs_tunables in cpu_scheduler.h). An explicit 0 stays 0.
  std::optional<Time> latency;
  std::optional<Time> min_granularity;
  std::optional<Time> wakeup_granularity;
  Time context_switch = 0;  // every policy: a core's time to switch to another thread
};

// Which interpreter runs the processes that have a GIL (`"gil": true`, the
// default): CPython 3.2+'s lock, CPython 2's lock, or none (free-threaded,
// PEP 703). Scenario-level: a process with `"gil": false` is free-threaded
// under every model. Each model reads only its own parameters and ignores the
// others', so one file can be swept across models with `compare --set`.
enum class GilModel : std::uint8_t { cpython3, cpython2, none };

inline constexpr std::int64_t kOverheadUnit = 1'000'000;  // single_thread_overhead is in millionths

struct GilSpec {
  GilModel model = GilModel::cpython3;
  // cpython3 (gil.h)
  Time switch_interval = 5 * kMillisecond;
  Time handoff_latency = 0;  // from a hand-off to the new holder being runnable (the OS wakes it)
  // cpython2 (old_gil.h)
  Time check_interval = 5 * kMicrosecond;  // Python compute between release-and-re-take (100 ticks)
  Time wakeup_latency = 50 * kMicrosecond;  // from a signal to the woken waiter being runnable
  Time signal_cost = 2 * kMicrosecond;      // holder's time per release while another thread waits
  // Free-threaded processes (model none, or "gil": false): Python compute
  // takes this factor longer, in millionths (1'400'000 = 1.4).
  std::int64_t single_thread_overhead = kOverheadUnit;
};

// `d` times the overhead factor, rounded to the nearest nanosecond (halves
// up), saturating at kTimeMax.
Time apply_overhead(Time d, std::int64_t overhead);

// What starting a process by `method` costs the spawner (Python, holding its
// GIL) and the child before its target runs (its boot).
Time process_start_cost(const CostSpec& costs, StartMethod method);
Time process_boot(const CostSpec& costs, StartMethod method);

// How print() reaches the file: a write() per line (line-buffered, as in a
// terminal), a write() per piece (python -u: the text and the newline), or
// none until a buffer fills (a pipe or a file: block).
enum class StdoutBuffering : std::uint8_t { line, unbuffered, block };
const char* stdout_buffering_name(StdoutBuffering b);  // "line", ...

struct Scenario {
  std::string name;
  std::string description;
  std::uint32_t cores = 1;
  Time timer_slack = 0;  // sleeps last this much longer than asked
  CostSpec costs;
  StdoutBuffering stdout_buffering = StdoutBuffering::line;
  // Threads (and processes) that no step starts begin at time 0, all at once
  // and for nothing, rather than being started one by one by their process's
  // main thread (and the first process), as a real program must.
  bool start_together = false;
  // multiprocessing's start method where a process or process pool sets
  // none: "start_method", or the default of the Python version the scenario
  // names ("python": "3.14" and later: forkserver; before: fork).
  StartMethod start_method = StartMethod::fork;
  std::string python;  // the "python" version named, "3.14"; empty: none named
  SchedulerSpec scheduler;
  GilSpec gil;
  std::vector<DeviceSpec> devices;
  // "mp_queues": multiprocessing queues and pipes, made by the program before
  // it starts any process and usable from every process (kinds mp_queue,
  // mp_simple_queue, mp_pipe); then "mp_shared": multiprocessing's locks,
  // semaphores, events and shared memory (mp_shared.h). The queues come
  // first: a queue's index here is its index among the queues.
  std::vector<SyncSpec> shared_syncs;
  std::vector<ProcessSpec> processes;
  // Seeded jitter of the OS's wake-ups (perturbation.h): set by run --seed
  // and explore, never by the file.
  std::optional<PerturbationSpec> perturbation;
};

// Whether the scenario has multiprocessing queues ("mp_queues") or shared
// memory (a value, array or shared_memory of "mp_shared").
bool has_mp_queues(const Scenario& scenario);
bool has_shared_memory(const Scenario& scenario);

// Sets the run's cores and what depends on them: the size of every executor
// whose max_workers is unset. `run --cores`, compare and verify set cores here.
void set_cores(Scenario& scenario, std::uint32_t cores);

// How a process spec's copies are started: its own method, else the scenario's.
inline StartMethod start_method_of(const Scenario& scenario, const ProcessSpec& process) {
  return process.start_method.value_or(scenario.start_method);
}
// How a process pool's workers are started: its mp_context, else the scenario's.
inline StartMethod start_method_of(const Scenario& scenario, const ExecutorSpec& executor) {
  return executor.start_method.value_or(scenario.start_method);
}

// How many copies a process or thread spec (or the loader's entry for one)
// makes: its count, or one without. Every place that expands copies (the
// Roster, the size check, the compiler's start/join/spawn/wait of all copies,
// the start checks) asks this.
template <class Spec>
  requires std::same_as<decltype(Spec::count), std::optional<std::uint32_t>>
std::uint32_t copy_count(const Spec& spec) {
  return spec.count.value_or(1);
}

// "worker" with count 3 -> "worker-2" for copy 1; without count -> "worker".
inline std::string copy_name(const std::string& name, const std::optional<std::uint32_t>& count,
                             std::uint32_t copy) {
  return count ? name + "-" + std::to_string(copy + 1) : name;
}

}  // namespace gilsim
