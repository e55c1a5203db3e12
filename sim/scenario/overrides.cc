#include "scenario/overrides.h"

#include <algorithm>
#include <charconv>

#include "scenario/file_text.h"
#include "scenario/json_reader.h"
#include "scenario/loader.h"
#include "scenario/machine_fill.h"
#include "scenario/spelling.h"

namespace gilsim {

struct ScenarioFile::Document {
  std::string text;
  Json root;
  bool filled_in = false;  // a machine profile added settings: `text` is no longer the scenario
};

namespace {

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// RFC 6901: "~1" is "/", "~0" is "~".
std::string unescape_token(const std::string& token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out += token[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

// The keys of a JSON pointer ("/a/b" -> a, b).
std::vector<std::string> pointer_tokens(const std::string& pointer) {
  std::vector<std::string> tokens = split(std::string_view(pointer).substr(1), '/');
  for (std::string& token : tokens) token = unescape_token(token);
  return tokens;
}

bool parse_integer(const std::string& text, std::int64_t& value) {
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, value);
  return error == std::errc() && stop == end && !text.empty();
}

// A decimal number such as "1.4" (for factors); the whole text must be read.
bool parse_decimal(const std::string& text, double& value) {
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, value);
  return error == std::errc() && stop == end && !text.empty();
}

bool parse_index(const std::string& token, std::size_t& index) {
  if (token.empty() || token.size() > 9 || (token.size() > 1 && token[0] == '0')) return false;
  for (char c : token)
    if (c < '0' || c > '9') return false;
  index = static_cast<std::size_t>(std::stoul(token));
  return true;
}

// Keys whose value is always a string, even when it looks like a number.
bool string_key(const std::string& key) {
  for (const char* name : {"name", "description", "policy", "model", "var", "print", "start", "join", "spawn", "wait",
                           "acquire", "release", "with", "set", "clear", "put", "get", "repeat_until_empty", "device", "read",
                           "write"})
    if (key == name) return true;
  return false;
}

class Setter {
 public:
  Setter(const Sweep& sweep, const std::string& value) : sweep_(sweep), value_(value) {}

  void apply(Json& root) const {
    std::vector<std::string> tokens = pointer_tokens(sweep_.pointer);
    Json* node = &root;
    std::string at;  // the pointer of *node
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      const std::string& token = tokens[i];
      bool last = i + 1 == tokens.size();
      std::string next = json_pointer(at, token);
      if (node->is_array()) {
        std::size_t index = 0;
        if (!parse_index(token, index) || index >= node->size())
          fail(shown(at) + " is an array of " + std::to_string(node->size()) + " (valid indices: " +
               (node->size() < 2 ? std::string(node->empty() ? "none" : "0")
                                 : "0 to " + std::to_string(node->size() - 1)) +
               "), not " + quote_short(token));
        node = &(*node)[index];
      } else if (node->is_object()) {
        auto member = node->find(token);
        if (member == node->end()) {
          // An optional key the file leaves out: add it; the loader rejects it if it is not one.
          if (last) {
            (*node)[token] = inferred(token);
            return;
          }
          node = &((*node)[token] = Json::object());
        } else {
          node = &*member;
        }
      } else {
        fail(shown(at) + " holds " + describe(*node) + ", which has no " + quote_short(token));
      }
      at = next;
      if (last) *node = typed(*node, token);
    }
  }

 private:
  [[noreturn]] void fail(const std::string& message) const { throw InputError(sweep_.option() + ": " + message); }

  static std::string shown(const std::string& pointer) { return pointer.empty() ? "/" : pointer; }

  // The new value, read as the type of the one it replaces.
  Json typed(const Json& old, const std::string& key) const {
    switch (old.type()) {
      case Json::value_t::string:
        return value_;
      case Json::value_t::boolean:
        if (value_ == "true" || value_ == "false") return value_ == "true";
        fail(shown(sweep_.pointer) + " is true or false (the file has " + old.dump() + "), not " + quote_short(value_));
      case Json::value_t::number_integer:
      case Json::value_t::number_unsigned:
      case Json::value_t::number_float: {
        std::int64_t number = 0;
        if (parse_integer(value_, number)) return number;
        double decimal = 0;
        if (old.is_number_float() && parse_decimal(value_, decimal)) return decimal;
        fail(shown(sweep_.pointer) + " is " + (old.is_number_float() ? "a number" : "an integer") + " (the file has " +
             old.dump() + "), not " + quote_short(value_));
      }
      case Json::value_t::object:
      case Json::value_t::array:
        fail(shown(sweep_.pointer) + " is " + (old.is_object() ? "an object" : "an array") +
             "; --set changes one value: a number, a duration, true/false or a string");
      default:
        return inferred(key);
    }
  }

  // A value for a key the file leaves out: by what the text looks like.
  Json inferred(const std::string& key) const {
    if (string_key(key)) return value_;
    if (value_ == "true" || value_ == "false") return value_ == "true";
    std::int64_t number = 0;
    if (parse_integer(value_, number)) return number;
    double decimal = 0;
    if (parse_decimal(value_, decimal)) return decimal;
    return value_;
  }

  const Sweep& sweep_;
  const std::string& value_;
};

}  // namespace

std::string Sweep::option() const {
  std::string text = "--set " + path + "=";
  for (std::size_t i = 0; i < values.size(); ++i) text += (i ? "," : "") + values[i];
  return text;
}

Sweep parse_sweep(std::string_view text) {
  const std::string example = " (e.g. --set gil.switch_interval=1ms,5ms or --set processes/0/count=1,2,4)";
  // A scenario is UTF-8 JSON text: so is every key and value set into it.
  bool control = std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
  if (control || printable_utf8(text) != text)
    throw InputError("--set " + quote(text) + ": " + (control ? "a control character" : "bytes that are not UTF-8") +
                     " (paths and values are text)" + example);
  std::size_t equals = text.find('=');
  if (equals == std::string_view::npos)
    throw InputError("--set " + std::string(text) + ": expected PATH=VALUE,VALUE,..." + example);
  Sweep sweep;
  sweep.path = std::string(text.substr(0, equals));
  sweep.values = split(text.substr(equals + 1), ',');
  if (sweep.path.empty()) throw InputError("--set " + std::string(text) + ": empty path" + example);
  for (const std::string& value : sweep.values)
    if (value.empty())
      throw InputError(sweep.option() + ": empty value (separate values with single commas; " + example.substr(2));

  // A pointer if it has a "/", else dotted keys; a few settings also go by their last key alone.
  std::vector<std::string> tokens;
  static const std::pair<const char*, const char*> kShort[] = {
      {"switch_interval", "/gil/switch_interval"}, {"quantum", "/scheduler/quantum"},
      {"policy", "/scheduler/policy"},             {"context_switch", "/scheduler/context_switch"}};
  const char* shortcut = nullptr;
  for (const auto& [name, pointer] : kShort)
    if (sweep.path == name) shortcut = pointer;
  if (shortcut != nullptr) {
    sweep.pointer = shortcut;
    tokens = pointer_tokens(sweep.pointer);
  } else if (sweep.path.find('/') != std::string::npos) {
    sweep.pointer = sweep.path[0] == '/' ? sweep.path : "/" + sweep.path;
    tokens = pointer_tokens(sweep.pointer);
  } else {
    tokens = split(sweep.path, '.');
    for (const std::string& token : tokens) sweep.pointer = json_pointer(sweep.pointer, token);
  }
  for (const std::string& token : tokens)
    if (token.empty()) throw InputError(sweep.option() + ": empty key in path " + quote(sweep.path) + example);
  if (sweep.pointer == "/cores")
    throw InputError(sweep.option() + ": sweep the number of cores with --cores (e.g. --cores 1,2,4 or --cores 1-8)");
  return sweep;
}

ScenarioFile::ScenarioFile(const std::string& path, const std::optional<MachineProfile>& machine,
                           const SizeLimits& limits)
    : ScenarioFile(ScenarioText{read_scenario_text(path), scenario_label(path)}, machine, limits) {}

ScenarioFile::ScenarioFile(ScenarioText source, const std::optional<MachineProfile>& machine, const SizeLimits& limits)
    : path_(std::move(source.label)), limits_(limits), document_(std::make_unique<Document>()) {
  document_->text = std::move(source.text);
  document_->root = parse_json(document_->text, path_);
  if (machine && !machine->settings.empty()) {
    fill_in_machine(document_->root, *machine);
    document_->filled_in = true;
  }
}

ScenarioFile::~ScenarioFile() = default;

// "FILE: SETTINGS: what is wrong": the loader's message without its own
// "FILE: " (it was given the same label), or the setter's.
InputError ScenarioFile::sweep_error(const std::string& settings, const InputError& e) const {
  std::string what = e.what();
  if (what.rfind(path_ + ": ", 0) == 0) what.erase(0, path_.size() + 2);
  if (what.rfind("--set ", 0) == 0) return InputError(path_ + ": " + what);
  return InputError(path_ + ": " + settings + ": " + what);
}

void ScenarioFile::check(const Sweep& sweep, const std::vector<Sweep>& others) const {
  for (const std::string& value : sweep.values) {
    try {
      Json root = document_->root;
      for (const Sweep& other : others)
        if (&other != &sweep) Setter(other, other.values.front()).apply(root);
      Setter(sweep, value).apply(root);
      load_scenario_text(root.dump(), path_, limits_);
    } catch (const InputError& e) {
      throw sweep_error("--set " + sweep.path + "=" + value, e);
    }
  }
}

Scenario ScenarioFile::load(const std::vector<Sweep>& sweeps, const std::vector<std::size_t>& choice) const {
  // Without sweeps, the file's own text: messages then match `gilsim run` exactly.
  if (sweeps.empty() && !document_->filled_in) return load_scenario_text(document_->text, path_, limits_);
  if (sweeps.empty()) return load_scenario_text(document_->root.dump(), path_, limits_);  // the file's own mistakes, unprefixed
  std::string settings;
  try {
    Json root = document_->root;
    for (std::size_t i = 0; i < sweeps.size(); ++i) {
      const std::string& value = sweeps[i].values[choice[i]];
      settings += (i ? " --set " : "--set ") + sweeps[i].path + "=" + value;
      Setter(sweeps[i], value).apply(root);
    }
    return load_scenario_text(root.dump(), path_, limits_);
  } catch (const InputError& e) {
    throw sweep_error(settings, e);
  }
}

Scenario load_scenario_with_machine(const std::string& path, const std::optional<MachineProfile>& machine,
                                    const SizeLimits& limits) {
  if (!machine || machine->settings.empty()) return load_scenario_file(path, limits);
  return ScenarioFile(path, machine, limits).load({}, {});
}

}  // namespace gilsim
