#pragma once
// Process and thread names: the rules a name follows, the names of copies
// ("worker-2" is copy 1 of "worker" with a count), uniqueness, and the lookup
// that start and join steps use.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario.h"
#include "scenario/json_reader.h"

namespace gilsim {

inline constexpr std::size_t kMaxNameBytes = 200;

// Fails unless `name` is non-empty, at most kMaxNameBytes, and free of control
// characters and '/' (the separator in "process/thread"). `kind` is "process"
// or "thread"; `path` is the name's own path.
void check_name(const JsonReader& in, const std::string& name, const std::string& path, std::string_view kind);

// "worker-12" -> base "worker", copy 11. Empty when the name does not end in
// "-N" with N >= 1 written without leading zeros (only such names are copies).
struct CopyName {
  std::string_view base;
  std::uint32_t copy = 0;
};
std::optional<CopyName> split_copy_name(std::string_view name);

// One process or thread entry as far as naming goes.
struct NamedSpec {
  std::string name;
  std::optional<std::uint32_t> count;
  std::string path;  // of the entry's object
};

// Each entry claims its name and, with a count, its copies' names: a start
// step may name either, so all claims must differ. `scope` ends the message:
// "process names must be unique".
void check_unique_names(const JsonReader& in, const std::vector<NamedSpec>& specs, std::string_view kind,
                        std::string_view scope);

// The threads of one process, looked up by the names start and join steps use.
// Assumes check_unique_names passed.
class ThreadDirectory {
 public:
  ThreadDirectory(std::string process, const std::vector<ThreadSpec>& threads);
  // The processes of a scenario, for spawn and wait steps: `entries` carry
  // each process's name and count.
  static ThreadDirectory processes(const std::vector<ThreadSpec>& entries) {
    ThreadDirectory directory("", entries);
    directory.kind_ = "process";
    return directory;
  }

  std::optional<ThreadTarget> find(std::string_view name) const;
  // Why `name` names no thread, with a suggestion and the valid names.
  std::string unknown(std::string_view name) const;
  // "worker" for all copies (or a thread without count), "worker-2" for one.
  std::string display(const ThreadTarget& target) const;
  const std::string& process() const { return process_; }
  const ThreadSpec& thread(std::uint32_t index) const { return threads_[index]; }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const ThreadSpec& spec : threads_) out.push_back(spec.name);
    return out;
  }

 private:
  std::string process_;
  std::string kind_ = "thread";
  const std::vector<ThreadSpec>& threads_;
  std::map<std::string, std::uint32_t, std::less<>> index_;
};

}  // namespace gilsim
