#include "advise/render.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <ostream>

namespace gilsim {

namespace {

using Json = nlohmann::ordered_json;

std::string fixed(double v, int decimals) {
  char text[48];
  std::snprintf(text, sizeof text, "%.*f", decimals, v);
  return text;
}
std::string percent(double share) { return fixed(100 * share, 0) + "%"; }
std::string times(const std::optional<double>& v) { return v ? fixed(*v, 2) + "x" : "-"; }

bool completed(const OptionResult& r) {
  return r.value && r.measured.stop == RunStop::drained && !r.measured.deadlock;
}

double gil_share(const Measurement& m) {
  return m.thread_time > 0 ? static_cast<double>(m.gil_wait) / static_cast<double>(m.thread_time) : 0;
}

// The headline value as the table shows it.
std::string value_text(const Advice& a, const OptionResult& r) {
  if (!r.value) return "-";
  if (!a.metric || a.metric->is_time()) return format_time_fixed(static_cast<Time>(std::llround(*r.value)));
  if (a.metric->is_rate()) return fixed(*r.value, 1) + "/s";
  return percent(*r.value);
}

// The same runtime (and start method) with as many workers as cores, when `r` has more.
const OptionResult* at_cores(const Advice& a, const OptionResult& r) {
  if (!r.option.workers || *r.option.workers <= a.cores) return nullptr;
  for (const OptionResult& other : a.ranked)
    if (other.option.runtime == r.option.runtime && other.option.start == r.option.start && other.option.workers &&
        *other.option.workers == a.cores)
      return &other;
  return nullptr;
}

// The option of `runtime` with as many workers as `r` (without a pool: the one of that runtime).
const OptionResult* same_workers(const Advice& a, const OptionResult& r, Runtime runtime) {
  for (const OptionResult& other : a.ranked)
    if (other.option.runtime == runtime && other.option.workers == r.option.workers) return &other;
  return nullptr;
}

std::string pad(const std::string& text, std::size_t width, bool right) {
  if (text.size() >= width) return text;
  std::string fill(width - text.size(), ' ');
  return right ? fill + text : text + fill;
}

}  // namespace

std::string advise_reason(const Advice& a, const OptionResult& r) {
  const Measurement& m = r.measured;
  if (m.deadlock) return "it deadlocks: " + *m.deadlock;
  if (m.stop != RunStop::drained) return "a limit stopped it before the end";
  if (!r.value) return "the run has no " + (a.metric ? a.metric->name() : std::string("makespan"));
  const double g = gil_share(m);
  const bool many = !r.option.workers || *r.option.workers > 1;
  std::string why;
  switch (r.option.runtime) {
    case Runtime::gil_threads:
      if (!many)
        why = "one worker: the calls run one after another";
      else if (g >= 0.25)
        why = "the threads wait for the GIL " + percent(g) + " of their time: one runs Python at a time";
      else
        why = "the threads wait for the GIL only " + percent(g) + " of their time: their waits (I/O) overlap";
      break;
    case Runtime::free_threaded_313:
    case Runtime::free_threaded_314: {
      const char* slower = r.option.runtime == Runtime::free_threaded_313 ? "40%" : "8%";
      const OptionResult* with_gil = same_workers(a, r, Runtime::gil_threads);
      if (with_gil && many && gil_share(with_gil->measured) < 0.1)
        why = "the GIL was not in the way (with it the threads wait for it " + percent(gil_share(with_gil->measured)) +
              " of their time): free-threading only makes the Python " + slower + " slower";
      else
        why = std::string("no GIL: ") + fixed(m.parallelism_average, 2) + " threads on cores on average, Python " +
              slower + " slower than with the GIL";
      break;
    }
    case Runtime::processes:
    case Runtime::mp_pool: {
      const Time work = a.sequential.measured.core_busy;
      const Time moving = r.pickling + r.pipes;
      const std::uint64_t workers = r.processes - 1;
      why = std::to_string(workers) + (workers == 1 ? " worker process" : " worker processes");
      if (moving > 0 && work > 0) {
        const double ratio = static_cast<double>(moving) / static_cast<double>(work);
        why += ", pickling and pipes " + format_time_fixed(moving) + ", " +
               (ratio >= 1 ? fixed(ratio, 2) + "x" : fixed(100 * ratio, 1) + "% of") + " the calls' own " +
               format_time_fixed(work) + " of CPU";
      }
      if (r.option.start && *r.option.start != StartMethod::fork)
        why += std::string(", each a new interpreter (") + start_method_name(*r.option.start) + ")";
      break;
    }
  }
  if (const OptionResult* fewer = at_cores(a, r); fewer && fewer->value && r.value) {
    bool better = a.metric && a.metric->is_rate() ? *r.value > *fewer->value * 1.01 : *r.value < *fewer->value * 0.99;
    if (!better) why += "; more workers than cores gain nothing over " + std::to_string(a.cores);
  }
  return why;
}

void write_advice_text(std::ostream& out, const Advice& a) {
  const std::string what = a.metric ? a.metric->name() : "makespan";
  out << "Advice      " << a.scenario_name << "\nScenario    " << a.file << "\n";
  out << "Weighed     " << (a.pool.empty() ? "its threads as written" : "pool " + a.pool) << ", on " << a.cores
      << (a.cores == 1 ? " core" : " cores") << ", by " << what << "\n";
  out << "Sequential  " << a.sequential.option.label() << " on 1 core: " << value_text(a, a.sequential) << "\n\n";
  if (!a.ranked.empty() && completed(a.ranked.front())) {
    const OptionResult& best = a.ranked.front();
    out << "Best: " << best.option.label() << ", " << value_text(a, best) << " (" << times(best.speedup)
        << " the sequential run): " << advise_reason(a, best) << ".\n";
    out << "Best of each:";
    bool first = true;
    for (Runtime rt : {Runtime::gil_threads, Runtime::free_threaded_313, Runtime::free_threaded_314,
                       Runtime::processes, Runtime::mp_pool})
      for (const OptionResult& r : a.ranked)
        if (r.option.runtime == rt && completed(r)) {
          out << (first ? " " : "; ") << r.option.label() << " " << value_text(a, r);
          first = false;
          break;
        }
    out << ".\n\n";
  }
  out << "rank  option                              " << pad(what, 12, true)
      << "  speedup         CPU  processes  GIL wait\n";
  for (std::size_t i = 0; i < a.ranked.size(); ++i) {
    const OptionResult& r = a.ranked[i];
    out << pad(std::to_string(i + 1), 4, true) << "  " << pad(r.option.label(), 34, false) << pad(value_text(a, r), 12, true)
        << pad(times(r.speedup), 9, true) << pad(format_time_fixed(r.measured.core_busy), 12, true)
        << pad(std::to_string(r.processes), 11, true) << pad(percent(gil_share(r.measured)), 10, true) << "\n";
  }
  out << "\nWhy\n";
  for (std::size_t i = 0; i < a.ranked.size(); ++i)
    out << pad(std::to_string(i + 1), 4, true) << "  " << a.ranked[i].option.label() << ": "
        << advise_reason(a, a.ranked[i]) << "\n";
  if (a.fit.size() > 1) {
    out << "\nScaling of the best from 1 to " << a.cores << " cores (makespan, speedup over 1 core, serial fraction "
        << "by Karp-Flatt, GIL wait)\n";
    for (const CoreFit& f : a.fit)
      out << pad(std::to_string(f.cores), 6, true) << pad(format_time_fixed(f.makespan), 14, true)
          << pad(times(f.speedup), 9, true)
          << pad(f.serial_fraction ? fixed(*f.serial_fraction, 3) : std::string("-"), 9, true)
          << pad(percent(f.gil_wait_share), 7, true) << "\n";
    const CoreFit& last = a.fit.back();
    const CoreFit& one = a.fit.front();
    if (last.speedup && *last.speedup < 1.1 && one.busy_share < 0.9) {
      out << "More cores do not help: on 1 core it keeps the core busy " << percent(one.busy_share)
          << " of the time; the rest is waiting (I/O, sleeps), which no number of cores shortens.\n";
    } else if (last.serial_fraction) {
      out << "A serial fraction of " << fixed(*last.serial_fraction, 3) << " on " << last.cores
          << " cores caps the speedup near " << (*last.serial_fraction > 0.001 ? fixed(1 / *last.serial_fraction, 1) + "x" : "no limit")
          << " on any number of cores (Amdahl)";
      if (last.gil_wait_share >= 0.25) out << "; its threads wait for the GIL " << percent(last.gil_wait_share) << " of their time";
      out << ".\n";
    }
  }
}

void write_advice_json(std::ostream& out, const Advice& a) {
  auto row = [&](const OptionResult& r) {
    Json j = {{"option", r.option.label()},
              {"runtime", runtime_name(r.option.runtime)},
              {"start_method", r.option.start ? Json(start_method_name(*r.option.start)) : Json(nullptr)},
              {"workers", r.option.workers ? Json(*r.option.workers) : Json(nullptr)},
              {"value", r.value ? Json(*r.value) : Json(nullptr)},
              {"makespan_ns", r.measured.makespan},
              {"speedup", r.speedup ? Json(*r.speedup) : Json(nullptr)},
              {"cpu_ns", r.measured.core_busy},
              {"processes", r.processes},
              {"gil_wait_share", gil_share(r.measured)},
              {"parallelism", r.measured.parallelism_average},
              {"pickling_ns", r.pickling},
              {"pipe_ns", r.pipes},
              {"completed", completed(r)},
              {"reason", advise_reason(a, r)}};
    return j;
  };
  Json j;
  j["scenario"] = a.file;
  j["name"] = a.scenario_name;
  j["pool"] = a.pool.empty() ? Json(nullptr) : Json(a.pool);
  j["cores"] = a.cores;
  j["metric"] = a.metric ? a.metric->name() : "makespan";
  j["sequential"] = row(a.sequential);
  Json ranked = Json::array();
  for (const OptionResult& r : a.ranked) ranked.push_back(row(r));
  j["ranked"] = ranked;
  Json fit = Json::array();
  for (const CoreFit& f : a.fit)
    fit.push_back({{"cores", f.cores},
                   {"makespan_ns", f.makespan},
                   {"speedup", f.speedup ? Json(*f.speedup) : Json(nullptr)},
                   {"serial_fraction", f.serial_fraction ? Json(*f.serial_fraction) : Json(nullptr)},
                   {"gil_wait_share", f.gil_wait_share},
                   {"busy_share", f.busy_share}});
  j["scaling_of_best"] = fit;
  out << j.dump(2) << "\n";
}

}  // namespace gilsim
