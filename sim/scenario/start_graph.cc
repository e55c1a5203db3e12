#include "scenario/start_graph.h"

#include <deque>
#include <limits>

#include "scenario/spelling.h"

namespace gilsim {

namespace {

const StartGraph::Words kThreadWords{"thread", "start step", "start", "started", "which is never started itself", true};
const StartGraph::Words kProcessWords{"process", "spawn step", "spawn", "spawned", "which never starts itself", false};

}  // namespace

void StartGraph::add(const std::string& path, std::uint32_t starter, const ThreadTarget& target) {
  Starts& starts = starts_[target.thread];
  const StartStep* earlier = starts.all ? &*starts.all : nullptr;
  std::string clash = nodes_.display(target);
  if (earlier == nullptr && target.copy) {
    if (auto it = starts.copies.find(*target.copy); it != starts.copies.end()) earlier = &it->second;
  }
  if (earlier == nullptr && !target.copy && !starts.copies.empty()) {
    earlier = &starts.copies.begin()->second;
    if (words_.clash_names_copy) clash = nodes_.display({target.thread, starts.copies.begin()->first});
  }
  if (earlier != nullptr)
    in_.fail(path, std::string(words_.kind) + " " + quote(clash) + " is " + words_.done + " more than once (also by the " +
                       words_.step + " at " + earlier->path + "; a " + words_.kind + " can be " + words_.done +
                       " only once)");

  if (target.copy)
    starts.copies.emplace(*target.copy, StartStep{path, starter});
  else
    starts.all = StartStep{path, starter};
  started_by_[starter].push_back(target.thread);
}

void StartGraph::finish(const std::string& nodes_path) const {
  // A node runs when no step names it (it starts at time 0) or when a node
  // that runs starts it. Every step in the graph runs exactly once.
  std::vector<bool> runs(starts_.size());
  std::deque<std::uint32_t> pending;
  for (std::uint32_t n = 0; n < starts_.size(); ++n) {
    runs[n] = !starts_[n].named;
    if (runs[n]) pending.push_back(n);
  }
  while (!pending.empty()) {
    std::uint32_t starter = pending.front();
    pending.pop_front();
    for (std::uint32_t started : started_by_[starter]) {
      if (runs[started]) continue;
      runs[started] = true;
      pending.push_back(started);
    }
  }

  const std::string kind = words_.kind, step = words_.step;
  const std::string rule = "; a " + kind + " named by a " + step + " does not start at time 0";
  for (std::uint32_t n = 0; n < starts_.size(); ++n) {
    const Starts& starts = starts_[n];
    if (!starts.named) continue;
    std::string path = json_pointer(nodes_path, n);
    const std::string& whole = nodes_.entry(n).name;
    auto never = [&](const std::string& name, const std::string& why) {
      in_.fail(path, kind + " " + quote(name) + " is never " + words_.done + " (" + why + rule + ")");
    };
    auto check_starter = [&](const StartStep& start, const std::string& name) {
      if (!runs[start.starter])
        never(name, "its " + step + " at " + start.path + " is in " + kind + " " +
                        quote(nodes_.entry(start.starter).name) + ", " + words_.dead_starter);
    };
    if (starts.all) {
      check_starter(*starts.all, whole);
      continue;
    }
    if (starts.copies.empty()) never(whole, "its " + step + "s are inside repeats of 0");
    for (std::uint32_t copy = 0; copy < copy_count(nodes_.entry(n)); ++copy) {
      std::string name = nodes_.display({n, copy});
      auto it = starts.copies.find(copy);
      if (it == starts.copies.end()) never(name, step + "s " + words_.verb + " only some copies of " + quote(whole));
      check_starter(it->second, name);
    }
  }
}

ThreadStarts::ThreadStarts(const JsonReader& in, const NameDirectory& threads, std::size_t thread_count)
    : in_(in), threads_(threads), graph_(in, threads, thread_count, kThreadWords) {}

void ThreadStarts::add(const std::string& path, std::uint32_t starter, std::int64_t starter_copies,
                       const ThreadTarget& target, std::int64_t runs) {
  std::string name = threads_.display(target);
  if (target.thread == 0)
    in_.fail(path, "cannot start " + quote(name) + ": it is the main thread of process " +
                       quote(threads_.process()) + " and starts with the process (the first thread is the main thread)");
  if (target.thread == starter) {
    const std::string& own = threads_.entry(starter).name;
    in_.fail(path, "a thread cannot start itself (" +
                       (target.copy ? quote(name) + " is a copy of thread " + quote(own) + ", which runs this step"
                                    : "thread " + quote(own) + " runs this step") +
                       ")");
  }
  graph_.name(target.thread);
  if (runs == 0) return;  // inside a repeat of 0: it names the thread but starts nothing
  if (runs > 1) {
    std::string starter_name = quote(threads_.entry(starter).name);
    std::string times = runs == std::numeric_limits<std::int64_t>::max() ? "at least " + std::to_string(runs)
                                                                          : std::to_string(runs);
    std::string why = starter_copies == runs ? "this step runs once in each of the " + std::to_string(runs) +
                                                   " copies of thread " + starter_name
                      : starter_copies == 1 ? "this step runs " + times + " times because of the repeats around it"
                                            : "this step runs " + times + " times: " + std::to_string(starter_copies) +
                                                  " copies of thread " + starter_name + " times the repeats around it";
    in_.fail(path, "thread " + quote(name) + " is started more than once (" + why +
                       "; a thread can be started only once)");
  }
  graph_.add(path, starter, target);
}

void ThreadStarts::finish(std::vector<ThreadSpec>& threads, const std::string& process_path) const {
  graph_.finish(json_pointer(process_path, "threads"));
  for (std::uint32_t t = 0; t < threads.size(); ++t) threads[t].started_by_step = graph_.named(t);
}

ProcessSpawns::ProcessSpawns(const JsonReader& in, const NameDirectory& processes, std::size_t process_count)
    : in_(in), processes_(processes), graph_(in, processes, process_count, kProcessWords) {}

void ProcessSpawns::add(const std::string& path, std::uint32_t spawner, std::int64_t runs,
                        const ThreadTarget& target) {
  std::string name = processes_.display(target);
  if (target.thread == spawner)
    in_.fail(path, "a process cannot spawn itself (" + quote(name) + " runs this step)");
  graph_.name(target.thread);
  if (runs == 0) return;  // inside a repeat of 0: names the process, spawns nothing
  if (runs > 1)
    in_.fail(path, "process " + quote(name) + " would be spawned " + std::to_string(runs) +
                       " times (this step runs once per copy of its process and thread and per repeat; a process "
                       "can be spawned only once: give the spawned process a count instead)");
  graph_.add(path, spawner, target);
}

void ProcessSpawns::finish(std::vector<ProcessSpec>& processes) const {
  graph_.finish("/processes");
  for (std::uint32_t p = 0; p < processes.size(); ++p) processes[p].spawned_by_step = graph_.named(p);
}

}  // namespace gilsim
