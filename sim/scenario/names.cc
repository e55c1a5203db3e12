#include "scenario/names.h"

#include <cstdio>

#include "scenario/spelling.h"

namespace gilsim {

void check_name(const JsonReader& in, const std::string& name, const std::string& path, std::string_view kind) {
  std::string what(kind);
  if (name.empty()) in.fail(path, "empty " + what + " name (a name needs at least one character)");
  if (name.size() > kMaxNameBytes)
    in.fail(path, what + " name is " + std::to_string(name.size()) + " bytes long (at most " +
                      std::to_string(kMaxNameBytes) + " bytes)");
  for (char c : name) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      char code[8];
      std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(byte));
      in.fail(path, what + " name " + quote(name) + " contains the control character " + code +
                        " (names cannot contain control characters)");
    }
  }
  if (name.find('/') != std::string::npos)
    in.fail(path, what + " name " + quote(name) +
                      " contains \"/\" (names cannot contain \"/\", which separates process and thread in "
                      "\"process/thread\")");
}

std::optional<CopyName> split_copy_name(std::string_view name) {
  std::size_t dash = name.rfind('-');
  if (dash == std::string_view::npos) return std::nullopt;
  std::string_view digits = name.substr(dash + 1);
  // Counts are at most 1000000, so seven digits suffice and cannot overflow.
  if (digits.empty() || digits.size() > 7 || digits[0] == '0') return std::nullopt;
  std::uint32_t number = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    number = number * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return CopyName{name.substr(0, dash), number - 1};
}

void check_unique_names(const JsonReader& in, const std::vector<NamedSpec>& specs, std::string_view kind,
                        std::string_view scope) {
  std::string what(kind);
  std::map<std::string, std::size_t, std::less<>> owner;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    auto [it, inserted] = owner.emplace(specs[i].name, i);
    if (!inserted)
      in.fail(json_pointer(specs[i].path, "name"), "duplicate " + what + " name " + quote(specs[i].name) +
                                                       " (already the name of " + specs[it->second].path + "; " +
                                                       std::string(scope) + ")");
  }
  // Copy names of two counted entries can only meet when their names do, so
  // what is left is a name that equals a copy name of another entry.
  for (std::size_t named = 0; named < specs.size(); ++named) {
    std::optional<CopyName> split = split_copy_name(specs[named].name);
    if (!split) continue;
    auto it = owner.find(split->base);
    if (it == owner.end()) continue;
    const NamedSpec& counted = specs[it->second];
    if (!counted.count || split->copy >= *counted.count) continue;
    std::string clash = quote(specs[named].name);
    if (named > it->second)
      in.fail(json_pointer(specs[named].path, "name"),
              what + " name " + clash + " is already the name of a copy of " + what + " " + quote(counted.name) +
                  " (" + counted.path + " has count " + std::to_string(*counted.count) + "; " + std::string(scope) +
                  ")");
    in.fail(json_pointer(counted.path, "count"),
            what + " " + quote(counted.name) + " with count " + std::to_string(*counted.count) +
                " would make a copy named " + clash + ", already the name of " + specs[named].path + " (" +
                std::string(scope) + ")");
  }
}

NameDirectory::NameDirectory(std::string kind, std::string process, const std::vector<NamedSpec>& entries)
    : kind_(std::move(kind)), process_(std::move(process)), entries_(entries) {
  for (std::uint32_t i = 0; i < entries.size(); ++i) index_.emplace(entries[i].name, i);
}

std::optional<ThreadTarget> NameDirectory::find(std::string_view name) const {
  if (auto it = index_.find(name); it != index_.end()) return ThreadTarget{it->second, std::nullopt};
  std::optional<CopyName> split = split_copy_name(name);
  if (!split) return std::nullopt;
  auto it = index_.find(split->base);
  if (it == index_.end()) return std::nullopt;
  const NamedSpec& entry = entries_[it->second];
  if (!entry.count || split->copy >= *entry.count) return std::nullopt;
  return ThreadTarget{it->second, split->copy};
}

std::string NameDirectory::unknown(std::string_view name) const {
  std::vector<std::string> all = names();
  std::string valid = kind_ == "thread" ? "threads of process " + quote(process_) + ": " + comma_list(all)
                                         : "processes: " + comma_list(all);
  std::string message = "unknown " + kind_ + " " + quote_short(name, kMaxNameBytes) + " (";
  if (std::optional<CopyName> split = split_copy_name(name)) {
    if (auto it = index_.find(split->base); it != index_.end()) {
      const NamedSpec& entry = entries_[it->second];
      if (!entry.count) return message + kind_ + " " + quote(entry.name) + " has no count, so no copies; " + valid + ")";
      return message + kind_ + " " + quote(entry.name) + " has copies " + entry.name + "-1 to " + entry.name + "-" +
             std::to_string(*entry.count) + "; " + valid + ")";
    }
  }
  return message + did_you_mean(name, all) + valid + ")";
}

std::string NameDirectory::display(const ThreadTarget& target) const {
  const NamedSpec& entry = entries_[target.thread];
  return target.copy ? copy_name(entry.name, entry.count, *target.copy) : entry.name;
}

}  // namespace gilsim
