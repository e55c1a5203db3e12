#pragma once
// Process and thread names: the rules a name follows, the names of copies
// ("worker-2" is copy 1 of "worker" with a count), uniqueness, and the lookup
// that start, join, spawn and wait steps use.

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

// What steps name, looked up by name: the threads of one process (for start
// and join) or the processes of a scenario (for spawn and wait). Holds a
// reference to `entries`. Assumes check_unique_names passed.
class NameDirectory {
 public:
  static NameDirectory threads(std::string process, const std::vector<NamedSpec>& threads) {
    return NameDirectory("thread", std::move(process), threads);
  }
  static NameDirectory processes(const std::vector<NamedSpec>& processes) {
    return NameDirectory("process", "", processes);
  }

  // `thread` is the entry's index, `copy` set when `name` names one copy.
  std::optional<ThreadTarget> find(std::string_view name) const;
  // Why `name` names no entry, with a suggestion and the valid names.
  std::string unknown(std::string_view name) const;
  // "worker" for all copies (or an entry without count), "worker-2" for one.
  std::string display(const ThreadTarget& target) const;
  const std::string& process() const { return process_; }  // of the threads; empty for processes
  const NamedSpec& entry(std::uint32_t index) const { return entries_[index]; }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const NamedSpec& entry : entries_) out.push_back(entry.name);
    return out;
  }

 private:
  NameDirectory(std::string kind, std::string process, const std::vector<NamedSpec>& entries);

  std::string kind_;  // "thread" or "process"
  std::string process_;
  const std::vector<NamedSpec>& entries_;
  std::map<std::string, std::uint32_t, std::less<>> index_;
};

}  // namespace gilsim
