#pragma once
// CostSpec: what the interpreter and the OS charge for what a script does not
// spell out (docs/costs.md), and how a size in bytes is priced.

#include <cstdint>

#include "engine/time.h"

namespace gilsim {

// What the interpreter and the OS charge for what a script does not spell
// out: starting threads and processes, writing a printed line, waking a
// blocked thread. Defaults and how each is measured: docs/costs.md;
// `gilsim calibrate` measures them on another machine.
//
// The interpreter's own work defaults to what CPython 3.11 costs on this
// project's machine with multiprocessing's fork (docs/costs.md: medians of
// five `gilsim calibrate` runs, 2026-12-07); PEP 703 quotes about 100 us for
// a thread start, which these two together come near. The OS's latencies
// default to 0: an ideal machine whose sleeps, I/O and wake-ups take exactly
// what the scenario says (`gilsim calibrate` and --machine give real ones).
struct CostSpec {
  Time thread_start = 60 * kMicrosecond;           // the starter's time in Thread.start(), holding its GIL
  Time first_thread_start = 160 * kMicrosecond;    // the same for the first Thread.start() of each process (docs/costs.md)
  Time thread_start_latency = 20 * kMicrosecond;   // then until the new thread is runnable (the OS creates and wakes it)
  Time process_start = 800 * kMicrosecond;         // the spawner's time in Process.start(), holding its GIL (start_cost)
  Time process_start_latency = 1600 * kMicrosecond;  // then until the child's main thread is runnable (fork)
  Time print = 0;       // a printed line's write(), without the GIL (stdout line or unbuffered)
  Time io_latency = 0;  // an I/O step ends this much after its duration (the OS wakes the thread)
  Time wakeup = 0;      // a thread released by another (lock, event, queue, join) is runnable this much later
  // concurrent.futures and pickling: Python time per submit(); pickle and
  // unpickle per message and per MB (10^6 bytes). Medians measured on this
  // project's machine with CPython 3.11.7 by tools/measure-pool-costs.py
  // (docs/pool-costs.md, 2026-12-07): submit 23 us; a call item pickles in
  // 12 us and a result in 7 us, unpickling 5 and 2.6 us; bytes pickle and
  // unpickle at 144-171 us per MB from 1 to 16 MB. A pool's pipes cost what
  // the multiprocessing queues' do (queue_write, queue_write_mb and, past
  // the pipe's 64 KiB, queue_read_mb: below).
  Time submit = 25 * kMicrosecond;
  Time pickle = 10 * kMicrosecond;
  Time pickle_mb = 150 * kMicrosecond;
  Time unpickle = 4 * kMicrosecond;
  Time unpickle_mb = 150 * kMicrosecond;
  // A pool worker's own Python time per call, besides the task and pickling:
  // taking the call, _WorkItem.run, set_result, the idle semaphore's release
  // (a multiprocessing.Pool's worker and result handler alike; a
  // ProcessPoolExecutor's have process_worker_call and manager_result). The
  // median gap between back-to-back 2 ms tasks of a 1-worker pool, less 2 ms,
  // measured 26-34 us on a quiet machine (tools/measure-pool-costs.py).
  Time worker_call = 30 * kMicrosecond;
  // multiprocessing's Queue, SimpleQueue and Pipe (docs/mp-queues.md):
  // - queue_put: Queue.put's own Python time in the caller (the buffer's
  //   condition, append, notify; its feeder thread pickles and writes);
  // - queue_send: the sender's Python per message (the feeder's, or
  //   SimpleQueue.put's, or Connection.send's): pickling a small item, the
  //   write lock, send_bytes; pickle_mb more per MB;
  // - queue_write, queue_write_mb: its write() to the pipe, without the GIL;
  // - queue_read_mb: the receiver's reading per MB, without the GIL (64 KiB
  //   per read(), each into a fresh buffer of what remains);
  // - queue_recv: the receiver's Python per message (the read lock,
  //   recv_bytes, unpickling a small item); unpickle_mb more per MB.
  // Medians of 3 runs of tools/measure-queue-costs.py (CPython 3.11.7, this
  // project's machine, 2026-12-07), items of 100 B and 1 MB: put 2.4 us in the
  // caller; the sender 10.6-13 us per small item and 560-950 us per MB; the
  // receiver 7.4-9.2 us per small item and 2.87-3.47 ms per MB.
  Time queue_put = 2 * kMicrosecond;
  Time queue_send = 8 * kMicrosecond;
  Time queue_write = 3 * kMicrosecond;
  Time queue_write_mb = 450 * kMicrosecond;
  Time queue_recv = 7 * kMicrosecond;
  Time queue_read_mb = 2750 * kMicrosecond;
  // The other start methods (process_start and process_start_latency are
  // fork's). The spawner's time in Process.start(), holding its GIL, then the
  // child's own start-up before its target runs (`boot`: Python computing on
  // a core, holding the child's GIL; the child is runnable at once). A
  // process's first forkserver start also launches the fork server
  // (`forkserver_launch`: the spawner waits without its GIL while the server,
  // a new interpreter, starts). The child's CPU time until its target's first
  // line equals the wall time (tools/measure-pool-costs.py, CPython 3.11.7,
  // this project's machine, 2026-12-07, medians of 5 x 5 starts; the
  // measuring script is the main module each child imports:
  // docs/pool-costs.md): forkserver 1.83 ms in start(), 22.3 ms of CPU in the
  // child, the first start 109 ms; spawn 1.01 ms in start(), 105 ms in the child.
  Time forkserver_start = 2 * kMillisecond;
  Time forkserver_boot = 22 * kMillisecond;
  Time forkserver_launch = 100 * kMillisecond;
  Time spawn_start = 1 * kMillisecond;
  Time spawn_boot = 100 * kMillisecond;
  // A ProcessPoolExecutor's own Python per call (Lib/concurrent/futures/
  // process.py, 3.11), holding the GIL of the thread's process:
  // - manager_result: the manager thread's loop per result, besides
  //   unpickling it (instead of worker_call): mp.connection.wait() on the
  //   result and wake-up pipes and the workers' sentinels (a selector each
  //   time), recv(), _ThreadWakeup.clear() (another poll), the pending
  //   dict's pop and Future.set_result, the idle semaphore's release, and
  //   add_call_item_to_queue moving the next call to the call queue
  //   (work_ids.get, set_running_or_notify_cancel, _CallItem, Queue.put);
  // - manager_wakeup: per submit's wake-up message the manager reads in
  //   clear() (a poll and a recv_bytes each), in the loop that reads them;
  // - feeder_call: the call queue's feeder thread (Queue._feed) per call
  //   besides pickling it: the buffer's condition, the write lock;
  // - process_worker_call: a worker process's _process_worker loop per call
  //   besides unpickling, pickling and writing (instead of worker_call):
  //   call_queue.get under its read lock, the semaphore's release,
  //   _sendback_result's _ResultItem, SimpleQueue.put under its write lock.
  // - map_result: ProcessPoolExecutor.map's caller per result it takes
  //   (Executor.map's result_iterator: Future.result(), which waits on the
  //   future's condition until the manager's set_result wakes it, then
  //   fut.cancel() and the chained list).
  // CPU time per call of each thread (/proc schedstat) of a pool running
  // 2,000 no-op calls, less the costs above that price the rest
  // (tools/measure-pool-threads.py, CPython 3.11.7, this
  // project's machine, 2026-12-07: docs/pool-costs.md).
  Time manager_result = 100 * kMicrosecond;
  Time manager_wakeup = 10 * kMicrosecond;
  Time feeder_call = 30 * kMicrosecond;
  Time process_worker_call = 45 * kMicrosecond;
  Time map_result = 25 * kMicrosecond;

  // Shared memory (multiprocessing.Value, Array, shared_memory; docs/mp-shared.md):
  // - shared_access: one access from Python, holding the GIL: a Value's
  //   get or set (its lock taken and released inside), or a slice of an
  //   Array's or a SharedMemory's buffer (an Array's lock taken around it);
  // - shared_copy_mb: the copy into or out of the shared pages per MB,
  //   holding the GIL (memcpy in memoryview's slicing);
  // - shared_touch_mb: a SharedMemory's pages on their first touch (the
  //   kernel allocates and zeroes them), per MB.
  // CPU time per access, medians of 5 runs of tools/measure-shared-costs.py
  // (CPython 3.11.7, this project's machine, 2026-12-08): a Value's get or
  // set 0.37-0.39 us, a SharedMemory's 100 B slice 0.16-0.40 us, an Array's
  // under its lock 0.86-1.19 us; copies 131-209 us per MB; a first touch
  // 1.39 ms per MB (1.13-1.41 ms of wall time in three runs of 16 and 64 MB).
  Time shared_access = 400;
  Time shared_copy_mb = 150 * kMicrosecond;
  Time shared_touch_mb = 1300 * kMicrosecond;

  // Every cost 0 ("costs": "none"): the idealisation of the shipped teaching scenarios' round numbers.
  // Positional: one 0 per field above, in order (a field added at the end needs one more).
  static CostSpec none() { return {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}; }
};

// What handling `bytes` costs: `fixed` plus `per_mb` for each 10^6 bytes, saturating at kTimeMax.
Time priced_by_size(std::uint64_t bytes, Time fixed, Time per_mb);

}  // namespace gilsim
