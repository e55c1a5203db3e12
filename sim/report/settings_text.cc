#include "report/settings_text.h"

#include <vector>

#include "model/cpu/scheduler.h"
#include "model/program.h"

namespace gilsim {

namespace {
std::string format_in(TimeStyle style, Time t) {
  return style == TimeStyle::fixed ? format_time_fixed(t) : format_duration(t);
}
}  // namespace

std::string describe_scheduler(const Scenario& scenario, TimeStyle style) {
  auto time = [style](Time t) { return format_in(style, t); };
  SchedulerSpec s = scenario.scheduler;
  std::string text = policy_name(s.policy);
  switch (s.policy) {
    case SchedulerPolicy::fifo: break;
    case SchedulerPolicy::round_robin: text += ", quantum " + time(s.quantum); break;
    case SchedulerPolicy::priority:
      text += ", quantum " + time(s.quantum);
      if (s.aging > 0) text += ", aging " + time(s.aging);
      break;
    case SchedulerPolicy::cfs: {
      CfsTunables c = cfs_tunables(s, scenario.cores);
      text += ", latency " + time(c.latency) + ", min granularity " + time(c.min_granularity) +
              ", wakeup granularity " + time(c.wakeup_granularity);
      break;
    }
  }
  if (s.context_switch > 0) text += ", context switch " + time(s.context_switch);
  if (scenario.timer_slack > 0) text += ", timer slack " + time(scenario.timer_slack);
  return text;
}

std::string describe_gil(const GilSpec& gil, TimeStyle style) {
  auto time = [style](Time t) { return format_in(style, t); };
  std::string text;
  switch (gil.model) {
    case GilModel::cpython3:
      text = "switch interval " + time(gil.switch_interval);
      if (gil.handoff_latency != 0) text += ", hand-off latency " + time(gil.handoff_latency);
      break;
    case GilModel::cpython2:
      text = "cpython2: check interval " + time(gil.check_interval) + ", wake-up latency " +
             time(gil.wakeup_latency) + ", signal cost " + time(gil.signal_cost);
      break;
    case GilModel::none: text = "none (free-threaded)"; break;
  }
  if (gil.single_thread_overhead != kOverheadUnit) {
    // Millionths as a decimal: 1400000 -> "1.4".
    std::string fraction = std::to_string(gil.single_thread_overhead % kOverheadUnit);
    fraction = std::string(6 - fraction.size(), '0') + fraction;
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    text += ", free-threaded compute x" + std::to_string(gil.single_thread_overhead / kOverheadUnit) +
            (fraction.empty() ? "" : "." + fraction);
  }
  return text;
}

std::string describe_costs(const Scenario& scenario, TimeStyle style) {
  auto time = [style](Time t) { return format_in(style, t); };
  const CostSpec& c = scenario.costs;
  std::vector<std::string> parts;
  auto start = [&](const char* call, Time cost, Time latency) {
    if (cost == 0 && latency == 0) return;
    parts.push_back(std::string(call) + " " + time(cost) + " + " + time(latency));
  };
  if (c.first_thread_start != c.thread_start)
    parts.push_back("Thread.start() " + time(c.thread_start) + " (the first " + time(c.first_thread_start) + ") + " +
                    time(c.thread_start_latency));
  else
    start("Thread.start()", c.thread_start, c.thread_start_latency);
  // Each start method some process uses: fork's latency; the others' child boot (and forkserver's launch).
  bool used[3] = {false, false, false};
  for (std::size_t p = 0; p < scenario.processes.size(); ++p)
    if (p != program_process(scenario) || copy_count(scenario.processes[p]) > 1)
      used[static_cast<int>(start_method_of(scenario, scenario.processes[p]))] = true;
  if (used[0] || (!used[1] && !used[2])) start("Process.start()", c.process_start, c.process_start_latency);
  if (used[1])
    parts.push_back("Process.start() forkserver " + time(c.forkserver_start) + " (the first +" +
                    time(c.forkserver_launch) + ") + boot " + time(c.forkserver_boot));
  if (used[2]) parts.push_back("Process.start() spawn " + time(c.spawn_start) + " + boot " + time(c.spawn_boot));
  const char* buffering = scenario.stdout_buffering == StdoutBuffering::line         ? "line-buffered"
                          : scenario.stdout_buffering == StdoutBuffering::unbuffered ? "unbuffered"
                                                                                     : "block-buffered: no write";
  parts.push_back(scenario.stdout_buffering == StdoutBuffering::block
                      ? std::string("print (stdout ") + buffering + ")"
                      : "print " + time(c.print) + " (stdout " + buffering + ")");
  if (c.io_latency > 0) parts.push_back("I/O +" + time(c.io_latency));
  if (c.wakeup > 0) parts.push_back("wake-up +" + time(c.wakeup));
  // What pools cost, when the scenario has them: per call, and pickling and pipes per message + per MB.
  bool threads = false, processes = false, executor = false;
  for (const ProcessSpec& p : scenario.processes)
    for (const ExecutorSpec& e : p.executors) {
      (has_worker_processes(e.kind) ? processes : threads) = true;
      executor = executor || e.kind == ExecutorKind::process;
    }
  if (threads || processes) parts.push_back("submit " + time(c.submit) + ", a worker's call " + time(c.worker_call));
  if (processes) {
    auto per = [&](const char* what, Time fixed, Time per_mb) {
      parts.push_back(std::string(what) + " " + time(fixed) + " + " + time(per_mb) + "/MB");
    };
    per("pickle", c.pickle, c.pickle_mb);
    per("unpickle", c.unpickle, c.unpickle_mb);
    parts.push_back("pipe write " + time(c.queue_write) + " + " + time(c.queue_write_mb) + "/MB, past 64 KiB at least " +
                    time(c.queue_read_mb) + "/MB (the reader's)");
  }
  if (executor)  // a ProcessPoolExecutor's threads' own time per call
    parts.push_back("ProcessPoolExecutor: manager " + time(c.manager_result) + " a result + " +
                    time(c.manager_wakeup) + " a wake-up, feeder " + time(c.feeder_call) + ", worker " +
                    time(c.process_worker_call) + " a call, map's caller " + time(c.map_result) + " a result");
  if (has_mp_queues(scenario)) {  // multiprocessing queues: the sender's, then the receiver's
    parts.push_back("Queue.put " + time(c.queue_put) + ", a queue's send " + time(c.queue_send) + " + " +
                    time(c.pickle_mb) + "/MB, write " + time(c.queue_write) + " + " + time(c.queue_write_mb) +
                    "/MB, read " + time(c.queue_read_mb) + "/MB, receive " + time(c.queue_recv) + " + " +
                    time(c.unpickle_mb) + "/MB");
  }
  if (has_shared_memory(scenario))
    parts.push_back("a shared memory access " + time(c.shared_access) + " + " + time(c.shared_copy_mb) +
                    "/MB (a SharedMemory's first touch " + time(c.shared_touch_mb) + "/MB)");
  if (scenario.start_together) parts.push_back("threads and processes start together");
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : ", ") + part;
  return text;
}

}  // namespace gilsim
