#include "scenario/costs.h"

#include <utility>
#include <vector>

#include "scenario/spelling.h"

namespace gilsim {

CostSpec read_costs(const JsonReader& in, const Json& value) {
  // "none": an ideal machine and interpreter, where starting and printing cost nothing.
  if (value.is_string() && value.get<std::string>() == "none") return CostSpec::none();
  if (value.is_string())
    in.fail("/costs", "expected an object of costs (e.g. {\"thread_start\": \"50us\"}) or \"none\", got " +
                          describe(value));
  static const std::pair<const char*, Time CostSpec::*> kCosts[] = {
      {"thread_start", &CostSpec::thread_start},
      {"first_thread_start", &CostSpec::first_thread_start},
      {"thread_start_latency", &CostSpec::thread_start_latency},
      {"process_start", &CostSpec::process_start},
      {"process_start_latency", &CostSpec::process_start_latency},
      {"forkserver_start", &CostSpec::forkserver_start},
      {"forkserver_boot", &CostSpec::forkserver_boot},
      {"forkserver_launch", &CostSpec::forkserver_launch},
      {"spawn_start", &CostSpec::spawn_start},
      {"spawn_boot", &CostSpec::spawn_boot},
      {"print", &CostSpec::print},
      {"io_latency", &CostSpec::io_latency},
      {"wakeup", &CostSpec::wakeup},
      {"submit", &CostSpec::submit},
      {"pickle", &CostSpec::pickle},
      {"pickle_mb", &CostSpec::pickle_mb},
      {"unpickle", &CostSpec::unpickle},
      {"unpickle_mb", &CostSpec::unpickle_mb},
      {"worker_call", &CostSpec::worker_call},
      {"queue_put", &CostSpec::queue_put},
      {"queue_send", &CostSpec::queue_send},
      {"queue_write", &CostSpec::queue_write},
      {"queue_write_mb", &CostSpec::queue_write_mb},
      {"queue_recv", &CostSpec::queue_recv},
      {"queue_read_mb", &CostSpec::queue_read_mb},
      {"manager_result", &CostSpec::manager_result},
      {"manager_wakeup", &CostSpec::manager_wakeup},
      {"feeder_call", &CostSpec::feeder_call},
      {"process_worker_call", &CostSpec::process_worker_call},
      {"map_result", &CostSpec::map_result},
      {"shared_access", &CostSpec::shared_access},
      {"shared_copy_mb", &CostSpec::shared_copy_mb},
      {"shared_touch_mb", &CostSpec::shared_touch_mb},
  };
  std::vector<std::string> keys;
  for (const auto& [key, field] : kCosts) keys.emplace_back(key);
  in.object(value, "/costs", "the costs", keys);
  CostSpec spec;
  for (const auto& [key, field] : kCosts)
    if (const Json* v = JsonReader::find(value, key)) spec.*field = in.duration(*v, json_pointer("/costs", key));
  return spec;
}

}  // namespace gilsim
