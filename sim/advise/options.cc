#include "advise/options.h"

namespace gilsim {

const char* runtime_name(Runtime r) {
  switch (r) {
    case Runtime::gil_threads: return "threads";
    case Runtime::free_threaded_313: return "threads, 3.13t";
    case Runtime::free_threaded_314: return "threads, 3.14t";
    case Runtime::processes: return "processes";
    case Runtime::mp_pool: return "mp.Pool";
  }
  return "?";
}

std::string AdviseOption::label() const {
  std::string text = runtime_name(runtime);
  if (start) text += std::string(" (") + start_method_name(*start) + ")";
  if (workers) text += ", " + std::to_string(*workers) + (*workers == 1 ? " worker" : " workers");
  return text;
}

std::vector<std::uint32_t> advise_worker_counts(std::uint32_t cores) {
  std::vector<std::uint32_t> counts;
  const std::uint64_t most = 2ULL * cores;
  for (std::uint64_t n = 1; n <= most; n *= 2) {
    if (n > cores && counts.back() < cores) counts.push_back(cores);
    counts.push_back(static_cast<std::uint32_t>(n));
  }
  if (counts.back() < most) {
    if (counts.back() < cores) counts.push_back(cores);
    counts.push_back(static_cast<std::uint32_t>(most));
  }
  return counts;
}

namespace {

// A JSON pointer's reference token (RFC 6901): "~" as "~0", "/" as "~1".
std::string token(const std::string& name) {
  std::string out;
  for (char c : name) out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
  return out;
}

Sweep one(const std::string& pointer, const std::string& value) {
  return Sweep{pointer.substr(1), pointer, {value}};
}

void free_threaded(AdviseOption& option, const char* overhead) {
  option.sets.push_back(one("/gil/model", "none"));
  option.sets.push_back(one("/gil/single_thread_overhead", overhead));
}

}  // namespace

AdvisePlan plan_advice(const Scenario& scenario, std::uint32_t cores) {
  AdvisePlan plan;
  plan.cores = cores;
  std::optional<std::size_t> owner;
  for (std::size_t p = 0; p < scenario.processes.size() && !owner; ++p)
    if (!scenario.processes[p].executors.empty() && !scenario.processes[p].pool_owner) owner = p;

  if (!owner) {  // threads as written, and free-threaded
    plan.sequential = {Runtime::gil_threads, {}, {}, {}};
    plan.options.push_back({Runtime::gil_threads, {}, {}, {}});
    AdviseOption t313{Runtime::free_threaded_313, {}, {}, {}};
    free_threaded(t313, kOverhead313);
    plan.options.push_back(t313);
    AdviseOption t314{Runtime::free_threaded_314, {}, {}, {}};
    free_threaded(t314, kOverhead314);
    plan.options.push_back(t314);
    return plan;
  }

  const ProcessSpec& process = scenario.processes[*owner];
  const ExecutorSpec& executor = process.executors.front();
  plan.pool = process.name + "/" + executor.name;
  const std::string at = "/processes/" + std::to_string(*owner) + "/executors/" + token(executor.name) + "/";
  auto pool = [&](Runtime runtime, const char* kind, std::optional<StartMethod> start, std::uint32_t workers) {
    AdviseOption option{runtime, start, workers, {one(at + "kind", kind), one(at + "max_workers", std::to_string(workers))}};
    if (start) option.sets.push_back(one(at + "start_method", start_method_name(*start)));
    if (runtime == Runtime::free_threaded_313) free_threaded(option, kOverhead313);
    if (runtime == Runtime::free_threaded_314) free_threaded(option, kOverhead314);
    return option;
  };
  plan.sequential = pool(Runtime::gil_threads, "thread", std::nullopt, 1);
  for (std::uint32_t workers : advise_worker_counts(cores)) {
    plan.options.push_back(pool(Runtime::gil_threads, "thread", std::nullopt, workers));
    plan.options.push_back(pool(Runtime::free_threaded_313, "thread", std::nullopt, workers));
    plan.options.push_back(pool(Runtime::free_threaded_314, "thread", std::nullopt, workers));
    for (StartMethod start : {StartMethod::fork, StartMethod::forkserver, StartMethod::spawn})
      plan.options.push_back(pool(Runtime::processes, "process", start, workers));
    plan.options.push_back(pool(Runtime::mp_pool, "mp_pool", StartMethod::fork, workers));
  }
  return plan;
}

}  // namespace gilsim
