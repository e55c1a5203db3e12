#include "scenario/json_reader.h"

#include <cstdio>
#include <set>
#include <stdexcept>

#include "scenario/comment_keys.h"
#include "scenario/duration.h"
#include "scenario/loader.h"
#include "scenario/spelling.h"

namespace gilsim {

namespace {

// A first pass over the text with nlohmann's SAX parser (which does not
// recurse), for what the DOM parser accepts silently: a repeated key, where it
// keeps the last value, and unbounded nesting.
class StructureCheck {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  bool null() { return value(); }
  bool boolean(bool) { return value(); }
  bool number_integer(number_integer_t) { return value(); }
  bool number_unsigned(number_unsigned_t) { return value(); }
  bool number_float(number_float_t, const string_t&) { return value(); }
  bool string(string_t& text) { return value(kStringBytes + heap_bytes(text)); }
  bool binary(binary_t&) { return value(); }
  bool start_object(std::size_t) { return value(kContainerBytes) && open(true); }
  bool start_array(std::size_t) { return value(kContainerBytes) && open(false); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(string_t& key) {
    if (!charge(kMemberBytes + heap_bytes(key))) return false;
    Frame& frame = frames_.back();
    if (!frame.keys.insert(key).second) {
      error_path_ = path_of(frames_.size() - 1);
      error_ = "duplicate key " + quote_short(key, 200) + " (a key may appear only once in an object)";
      return false;
    }
    frame.key = key;
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
    syntax_error_ = true;
    syntax_position_ = position;
    syntax_reason_ = ex.what();
    return false;
  }

  bool syntax_error() const { return syntax_error_; }
  bool over_budget() const { return over_budget_; }
  std::size_t syntax_position() const { return syntax_position_; }
  const std::string& syntax_reason() const { return syntax_reason_; }
  const std::string& error_path() const { return error_path_; }
  const std::string& error() const { return error_; }

 private:
  struct Frame {
    bool is_object = false;
    std::set<std::string> keys;
    std::string key;              // object: the current member
    std::size_t next_index = 0;   // array: elements begun so far
  };

  bool value(std::uint64_t extra_bytes = 0) {
    if (!frames_.empty() && !frames_.back().is_object) ++frames_.back().next_index;
    return charge(kValueBytes + extra_bytes);
  }

  // What the document will cost in memory, added up as it is read, so that a
  // file of millions of tiny values ("[],[],...") is refused before the DOM
  // parser allocates it: that costs 20 to 30 times the file's size.
  bool charge(std::uint64_t bytes) {
    dom_bytes_ += bytes;
    if (dom_bytes_ <= kMaxJsonMemory) return true;
    over_budget_ = true;
    error_ = "parsing it would need more than " + std::to_string(kMaxJsonMemory >> 20) +
             " MiB of memory (it holds too many values; a scenario needs far fewer: use count and repeat rather "
             "than writing threads and steps out)";
    return false;
  }
  // A string's own allocation, beyond the short-string buffer; with the allocator's overhead.
  static std::uint64_t heap_bytes(const string_t& text) { return text.size() < 16 ? 0 : text.size() + 17; }
  // Calibrated against peak memory (docs/robustness.md): a value's slot in
  // its container (with the vector's spare room), a container's own
  // allocation, an object member's key and pair.
  static constexpr std::uint64_t kValueBytes = 32;
  static constexpr std::uint64_t kContainerBytes = 56;
  static constexpr std::uint64_t kMemberBytes = 48;
  static constexpr std::uint64_t kStringBytes = 48;  // a string value's std::string, on the heap

  bool open(bool is_object) {
    frames_.push_back(Frame{is_object, {}, {}, 0});
    if (frames_.size() <= kMaxJsonDepth) return true;
    // The full path would be hundreds of characters; its start locates it.
    error_path_ = path_of(8) + "/...";
    error_ = "JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
             " levels (a scenario needs far fewer; look for runaway brackets)";
    return false;
  }

  bool close() {
    frames_.pop_back();
    return true;
  }

  // The path of the container frames_[depth].
  std::string path_of(std::size_t depth) const {
    std::string path;
    for (std::size_t i = 0; i < depth && i < frames_.size(); ++i)
      path = frames_[i].is_object ? json_pointer(path, frames_[i].key) : json_pointer(path, frames_[i].next_index - 1);
    return path;
  }

  std::vector<Frame> frames_;
  std::string error_path_;
  std::string error_;
  bool syntax_error_ = false;
  bool over_budget_ = false;
  std::uint64_t dom_bytes_ = 0;
  std::size_t syntax_position_ = 0;
  std::string syntax_reason_;
};

// "[json.exception.parse_error.101] parse error at line 1, column 5: syntax
// error ..." -> "syntax error ..."; our own line and column replace theirs.
std::string short_reason(std::string what) {
  if (!what.empty() && what[0] == '[') {
    std::size_t end = what.find("] ");
    if (end != std::string::npos) what.erase(0, end + 2);
  }
  if (what.rfind("parse error", 0) == 0) {
    std::size_t colon = what.find(": ");
    if (colon != std::string::npos) what.erase(0, colon + 2);
  }
  constexpr std::size_t kLimit = 200;
  if (what.size() > kLimit) {
    std::size_t cut = kLimit;
    while (cut > 0 && (static_cast<unsigned char>(what[cut]) & 0xC0) == 0x80) --cut;
    what = what.substr(0, cut) + "...";
  }
  // nlohmann quotes the bytes it read: keep the message valid, visible UTF-8.
  return printable_utf8(what);
}

bool all_whitespace(std::string_view text) {
  for (char c : text)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  return true;
}

std::string shown(const std::string& path) { return path.empty() ? "/" : path; }

}  // namespace

std::string json_pointer(const std::string& parent, std::string_view key) {
  std::string out = parent + "/";
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
    {
      std::string escaped = quote(std::string_view(&c, 1));  // never put a raw newline in a message
      out += escaped.substr(1, escaped.size() - 2);
    }
    else
      out += c;
  }
  return out;
}

std::string json_pointer(const std::string& parent, std::size_t index) { return parent + "/" + std::to_string(index); }

TextPosition text_position(std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  TextPosition position;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++position.line;
      line_start = i + 1;
    }
  }
  position.column = offset - line_start + 1;
  return position;
}

Json parse_json(std::string_view text, const std::string& label) {
  if (all_whitespace(text)) throw InputError(label + ": empty file (expected a JSON object)");
  StructureCheck check;
  if (!Json::sax_parse(text.begin(), text.end(), &check)) {
    if (check.over_budget()) throw InputError(label + ": " + check.error());
    if (!check.syntax_error()) throw InputError(label + ": " + shown(check.error_path()) + ": " + check.error());
    // nlohmann counts bytes read, so the offending byte is one before.
    std::size_t read = check.syntax_position();
    TextPosition at = text_position(text, read == 0 ? 0 : read - 1);
    throw InputError(label + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
                     ": invalid JSON: " + short_reason(check.syntax_reason()));
  }
  // nlohmann takes a NUL outside a string for the end of the input, so a
  // complete value followed by a NUL and anything at all would be accepted.
  if (std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    TextPosition at = text_position(text, nul);
    throw InputError(label + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
                     ": invalid JSON: a NUL byte (a scenario file is text; nothing may follow the closing brace)");
  }
  return Json::parse(text.begin(), text.end());
}

std::string describe(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string: return quote_short(value.get_ref<const std::string&>());
    case Json::value_t::array: return "array";
    case Json::value_t::object: return "object";
    default: return value.dump();
  }
}

void JsonReader::fail(const std::string& path, const std::string& message) const {
  throw InputError(label_ + ": " + shown(path) + ": " + message);
}

void JsonReader::object(const Json& value, const std::string& path, std::string_view what,
                        const std::vector<std::string>& keys) const {
  if (!value.is_object()) fail(path, "expected an object (" + std::string(what) + "), got " + describe(value));
  for (const auto& member : value.items()) {
    // Comments anywhere; "$schema" at the top, for editors. Neither is listed as a valid key.
    if (is_comment_key(member.key()) || (path.empty() && member.key() == kSchemaKey)) continue;
    bool known = false;
    for (const std::string& key : keys) known = known || key == member.key();
    if (!known)
      fail(path, "unknown key " + quote_short(member.key(), 200) + " in " + std::string(what) + " (" +
                     did_you_mean(member.key(), keys) + "valid keys: " + comma_list(keys) + ")");
  }
}

const Json* JsonReader::find(const Json& object, std::string_view key) {
  auto it = object.find(std::string(key));
  return it == object.end() ? nullptr : &*it;
}

const Json& JsonReader::require(const Json& object, const std::string& path, std::string_view key,
                                std::string_view needs) const {
  const Json* member = find(object, key);
  if (member == nullptr) fail(path, "missing key " + quote(key) + " (" + std::string(needs) + ")");
  return *member;
}

const Json& JsonReader::array(const Json& value, const std::string& path, std::string_view what) const {
  if (!value.is_array()) fail(path, "expected " + std::string(what) + ", got " + describe(value));
  return value;
}

std::string JsonReader::string(const Json& value, const std::string& path) const {
  if (!value.is_string()) fail(path, "expected a string, got " + describe(value));
  return value.get<std::string>();
}

bool JsonReader::boolean(const Json& value, const std::string& path) const {
  if (!value.is_boolean()) fail(path, "expected true or false, got " + describe(value));
  return value.get<bool>();
}

std::int64_t JsonReader::integer(const Json& value, const std::string& path, std::int64_t min,
                                 std::int64_t max) const {
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  // Past the top, "an integer >= 0" would not say why 2^64 - 1 is wrong: give the whole range.
  bool above = value.is_number_unsigned() ? max < 0 || value.get<std::uint64_t>() > static_cast<std::uint64_t>(max)
               : value.is_number()        ? value.get<double>() > static_cast<double>(max)
                                          : false;
  std::string expected = min == kMin && max == kMax ? "a 64-bit integer"
                         : max == kMax && !above   ? "an integer >= " + std::to_string(min)
                                                   : "an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (value.is_number_unsigned()) {
    auto number = value.get<std::uint64_t>();
    if (max >= 0 && number <= static_cast<std::uint64_t>(max) &&
        (min <= 0 || number >= static_cast<std::uint64_t>(min)))
      return static_cast<std::int64_t>(number);
  } else if (value.is_number_integer()) {
    auto number = value.get<std::int64_t>();
    if (number >= min && number <= max) return number;
  }
  fail(path, "expected " + expected + ", got " + describe(value));
}

Time JsonReader::duration(const Json& value, const std::string& path, bool positive) const {
  if (value.is_number()) {
    // Suggest the string form when the number is one a duration can spell.
    std::string number = value.dump();
    bool spellable = number.find_first_not_of("0123456789.") == std::string::npos;
    fail(path, "expected a duration string, got the number " + number + " (write it in quotes with a unit, e.g. \"" +
                   (spellable ? number : "5") + "ms\")");
  }
  if (!value.is_string())
    fail(path, R"(expected a duration string such as "250ns", "50us", "1.5ms" or "2s", got )" + describe(value));
  Time result = 0;
  try {
    result = parse_duration(value.get_ref<const std::string&>());
  } catch (const std::invalid_argument& e) {
    fail(path, e.what());
  }
  if (positive && result == 0)
    fail(path, "expected a duration greater than 0, got " + describe(value) + R"( (e.g. "10ms"))");
  return result;
}

}  // namespace gilsim
