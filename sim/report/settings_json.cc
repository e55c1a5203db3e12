#include "report/settings_json.h"

#include "model/cpu/scheduler.h"
#include "model/gil/registry.h"

namespace gilsim {

namespace {

using Json = nlohmann::ordered_json;

// The settings of gil.model; cpython3 at its defaults keeps the original shape.
Json gil_json(const GilSpec& gil) {
  Json j;
  if (gil.model != GilModel::cpython3) j["model"] = gil_model_name(gil.model);
  if (gil.model == GilModel::cpython3) {
    j["switch_interval_ns"] = gil.switch_interval;
    if (gil.handoff_latency != 0) j["handoff_latency_ns"] = gil.handoff_latency;
  } else if (gil.model == GilModel::cpython2) {
    j["check_interval_ns"] = gil.check_interval;
    j["wakeup_latency_ns"] = gil.wakeup_latency;
    j["signal_cost_ns"] = gil.signal_cost;
  }
  if (gil.single_thread_overhead != kOverheadUnit)
    j["single_thread_overhead"] = static_cast<double>(gil.single_thread_overhead) / static_cast<double>(kOverheadUnit);
  return j;
}

}  // namespace

void add_settings_json(Json& head, const Scenario& sc, std::uint32_t cores) {
  Json scheduler{{"policy", policy_name(sc.scheduler.policy)}};
  SchedulerSpec spec = sc.scheduler;
  switch (spec.policy) {
    case SchedulerPolicy::fifo: break;
    case SchedulerPolicy::round_robin: scheduler["quantum_ns"] = spec.quantum; break;
    case SchedulerPolicy::priority:
      scheduler["quantum_ns"] = spec.quantum;
      scheduler["aging_ns"] = spec.aging;
      break;
    case SchedulerPolicy::cfs: {
      CfsTunables cfs = cfs_tunables(spec, cores);
      scheduler["latency_ns"] = cfs.latency;
      scheduler["min_granularity_ns"] = cfs.min_granularity;
      scheduler["wakeup_granularity_ns"] = cfs.wakeup_granularity;
      break;
    }
  }
  scheduler["context_switch_ns"] = spec.context_switch;
  head["scheduler"] = std::move(scheduler);
  head["timer_slack_ns"] = sc.timer_slack;
  const CostSpec& costs = sc.costs;
  head["costs"] = {{"thread_start_ns", costs.thread_start},
                   {"first_thread_start_ns", costs.first_thread_start},
                   {"thread_start_latency_ns", costs.thread_start_latency},
                   {"process_start_ns", costs.process_start},
                   {"process_start_latency_ns", costs.process_start_latency},
                   {"forkserver_start_ns", costs.forkserver_start},
                   {"forkserver_boot_ns", costs.forkserver_boot},
                   {"forkserver_launch_ns", costs.forkserver_launch},
                   {"spawn_start_ns", costs.spawn_start},
                   {"spawn_boot_ns", costs.spawn_boot},
                   {"print_ns", costs.print},
                   {"io_latency_ns", costs.io_latency},
                   {"wakeup_ns", costs.wakeup}};
  if (has_mp_queues(sc)) {  // the multiprocessing queues' costs, when there are any
    head["costs"]["queue_put_ns"] = costs.queue_put;
    head["costs"]["queue_send_ns"] = costs.queue_send;
    head["costs"]["pickle_mb_ns"] = costs.pickle_mb;
    head["costs"]["queue_write_ns"] = costs.queue_write;
    head["costs"]["queue_write_mb_ns"] = costs.queue_write_mb;
    head["costs"]["queue_read_mb_ns"] = costs.queue_read_mb;
    head["costs"]["queue_recv_ns"] = costs.queue_recv;
    head["costs"]["unpickle_mb_ns"] = costs.unpickle_mb;
  }
  if (has_shared_memory(sc)) {
    head["costs"]["shared_access_ns"] = costs.shared_access;
    head["costs"]["shared_copy_mb_ns"] = costs.shared_copy_mb;
    head["costs"]["shared_touch_mb_ns"] = costs.shared_touch_mb;
  }
  head["start_method"] = start_method_name(sc.start_method);
  if (!sc.python.empty()) head["python"] = sc.python;
  head["stdout"] = stdout_buffering_name(sc.stdout_buffering);
  head["start_together"] = sc.start_together;
  head["gil"] = gil_json(sc.gil);
}

}  // namespace gilsim
