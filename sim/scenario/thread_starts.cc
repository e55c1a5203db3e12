#include "scenario/thread_starts.h"

#include <deque>
#include <limits>

#include "scenario/spelling.h"

namespace gilsim {

namespace {
const std::string kOnlyOnce = "a thread can be started only once";
}

ThreadStarts::ThreadStarts(const JsonReader& in, const ThreadDirectory& threads, std::size_t thread_count)
    : in_(in), threads_(threads), starts_(thread_count), starts_by_(thread_count) {}

void ThreadStarts::add(const std::string& path, std::uint32_t starter, std::int64_t starter_copies,
                       const ThreadTarget& target, std::int64_t runs) {
  std::string name = threads_.display(target);
  if (target.thread == 0)
    in_.fail(path, "cannot start " + quote(name) + ": it is the main thread of process " +
                       quote(threads_.process()) + " and starts with the process (the first thread is the main thread)");
  if (target.thread == starter) {
    const std::string& own = threads_.thread(starter).name;
    in_.fail(path, "a thread cannot start itself (" +
                       (target.copy ? quote(name) + " is a copy of thread " + quote(own) + ", which runs this step"
                                    : "thread " + quote(own) + " runs this step") +
                       ")");
  }
  Starts& starts = starts_[target.thread];
  starts.named = true;
  if (runs == 0) return;  // inside a repeat of 0: it names the thread but starts nothing
  if (runs > 1) {
    std::string starter_name = quote(threads_.thread(starter).name);
    std::string times = runs == std::numeric_limits<std::int64_t>::max() ? "at least " + std::to_string(runs)
                                                                          : std::to_string(runs);
    std::string why = starter_copies == runs ? "this step runs once in each of the " + std::to_string(runs) +
                                                   " copies of thread " + starter_name
                      : starter_copies == 1 ? "this step runs " + times + " times because of the repeats around it"
                                            : "this step runs " + times + " times: " + std::to_string(starter_copies) +
                                                  " copies of thread " + starter_name + " times the repeats around it";
    in_.fail(path, "thread " + quote(name) + " is started more than once (" + why + "; " + kOnlyOnce + ")");
  }

  const StartStep* earlier = starts.all ? &*starts.all : nullptr;
  std::string clash = name;
  if (earlier == nullptr && target.copy) {
    if (auto it = starts.copies.find(*target.copy); it != starts.copies.end()) earlier = &it->second;
  }
  if (earlier == nullptr && !target.copy && !starts.copies.empty()) {
    earlier = &starts.copies.begin()->second;
    clash = threads_.display({target.thread, starts.copies.begin()->first});
  }
  if (earlier != nullptr)
    in_.fail(path, "thread " + quote(clash) + " is started more than once (also by the start step at " +
                       earlier->path + "; " + kOnlyOnce + ")");

  if (target.copy)
    starts.copies.emplace(*target.copy, StartStep{path, starter});
  else
    starts.all = StartStep{path, starter};
  starts_by_[starter].push_back(target.thread);
}

void ThreadStarts::never_started(const std::string& path, const std::string& name, const std::string& why) const {
  in_.fail(path, "thread " + quote(name) + " is never started (" + why + ")");
}

void ThreadStarts::finish(std::vector<ThreadSpec>& threads, const std::string& process_path) const {
  // A thread runs when no start step names it (it starts at time 0) or when
  // a thread that runs starts it. add() made every starter a single copy.
  std::vector<bool> runs(threads.size());
  std::deque<std::uint32_t> pending;
  for (std::uint32_t t = 0; t < threads.size(); ++t) {
    runs[t] = !starts_[t].named;
    if (runs[t]) pending.push_back(t);
  }
  while (!pending.empty()) {
    std::uint32_t starter = pending.front();
    pending.pop_front();
    for (std::uint32_t started : starts_by_[starter]) {
      if (runs[started]) continue;
      runs[started] = true;
      pending.push_back(started);
    }
  }

  const std::string rule = "; a thread named by a start step does not start at time 0";
  for (std::uint32_t t = 0; t < threads.size(); ++t) {
    const Starts& starts = starts_[t];
    if (!starts.named) continue;
    threads[t].started_by_step = true;
    std::string path = json_pointer(json_pointer(process_path, "threads"), t);
    auto check_starter = [&](const StartStep& step, const std::string& name) {
      if (!runs[step.starter])
        never_started(path, name,
                      "its start step at " + step.path + " is in thread " + quote(threads[step.starter].name) +
                          ", which is never started itself" + rule);
    };
    if (starts.all) {
      check_starter(*starts.all, threads[t].name);
      continue;
    }
    if (starts.copies.empty()) never_started(path, threads[t].name, "its start steps are inside repeats of 0" + rule);
    std::uint32_t copies = copy_count(threads[t]);
    for (std::uint32_t copy = 0; copy < copies; ++copy) {
      std::string name = threads_.display({t, copy});
      auto it = starts.copies.find(copy);
      if (it == starts.copies.end())
        never_started(path, name, "start steps start only some copies of " + quote(threads[t].name) + rule);
      check_starter(it->second, name);
    }
  }
}

}  // namespace gilsim
