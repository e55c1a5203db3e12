#pragma once
// JSON at the edge of the loader: parsing with positions and the checks
// nlohmann does not make (duplicate keys, nesting depth), and typed reads that
// fail with the JSON-pointer path and what would be valid. Only sim/scenario
// includes this header.

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/time.h"

namespace gilsim {

// Ordered so that "the first unknown key" is the first one in the file.
using Json = nlohmann::ordered_json;

// JSON pointers (RFC 6901) are kept as strings; the root is "" internally and
// shown as "/".
std::string json_pointer(const std::string& parent, std::string_view key);
std::string json_pointer(const std::string& parent, std::size_t index);

// Parses `text`, rejecting empty input, malformed JSON ("LABEL:LINE:COL:
// invalid JSON: ..."), NUL bytes, duplicate keys, nesting deeper than
// kMaxJsonDepth and documents larger in memory than kMaxJsonMemory.
// Throws InputError.
Json parse_json(std::string_view text, const std::string& label);
inline constexpr std::size_t kMaxJsonDepth = 200;
// The memory the parsed document may take, as a first pass estimates it; a
// larger one is an InputError before it is built.
inline constexpr std::uint64_t kMaxJsonMemory = std::uint64_t{1} << 30;

// 1-based line and column (in bytes) of the byte at 0-based `offset`.
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};
TextPosition text_position(std::string_view text, std::size_t offset);

// A value as shown after "got": "2" for a string, 2.5, true, null, array, object.
std::string describe(const Json& value);

// Typed reads of one document; every failure is an InputError
// "LABEL: PATH: message".
class JsonReader {
 public:
  explicit JsonReader(std::string label) : label_(std::move(label)) {}

  [[noreturn]] void fail(const std::string& path, const std::string& message) const;

  // Checks that `value` is an object holding only `keys`; `what` names it in
  // messages: "a process", "the scheduler settings".
  void object(const Json& value, const std::string& path, std::string_view what,
              const std::vector<std::string>& keys) const;
  // The member, or nullptr when absent.
  static const Json* find(const Json& object, std::string_view key);
  // The member; when absent the message is `missing key "K" (NEEDS)`.
  const Json& require(const Json& object, const std::string& path, std::string_view key, std::string_view needs) const;
  // The elements of an array; `what` describes them: "an array of steps".
  const Json& array(const Json& value, const std::string& path, std::string_view what) const;

  std::string string(const Json& value, const std::string& path) const;
  bool boolean(const Json& value, const std::string& path) const;
  std::int64_t integer(const Json& value, const std::string& path,
                       std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                       std::int64_t max = std::numeric_limits<std::int64_t>::max()) const;
  // A duration string such as "1.5ms"; `positive` rejects zero.
  Time duration(const Json& value, const std::string& path, bool positive = false) const;

 private:
  std::string label_;
};

}  // namespace gilsim
