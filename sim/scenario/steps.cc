#include "scenario/steps.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "scenario/comment_keys.h"
#include "scenario/executors.h"
#include "scenario/primitives.h"
#include "scenario/spelling.h"

namespace gilsim {

namespace {

const std::vector<std::string> kKinds = {"compute", "sleep", "io",   "start", "join", "print", "repeat",
                                         "spawn",   "wait",  "acquire", "release", "with", "set", "clear",
                                         "put",     "get",   "repeat_until_empty", "submit", "map", "results",
                                         "as_completed", "shutdown", "read", "write"};
const std::vector<std::string> kTaskKinds = {"compute", "sleep", "io", "print", "repeat"};
const std::vector<std::string> kBuiltinPlaceholders = {"thread", "process", "time", "active_count"};

// The keys a step of each kind may have besides its kind key.
std::vector<std::string> extra_keys(std::string_view kind) {
  if (kind == "compute") return {"gil"};
  if (kind == "io") return {"device"};
  if (kind == "repeat") return {"steps", "var", "from", "step"};
  if (kind == "with" || kind == "repeat_until_empty" || kind == "as_completed") return {"steps"};
  if (kind == "wait") return {"timeout"};
  if (kind == "put") return {"work", "bytes"};
  if (kind == "submit") return {"task", "count"};
  if (kind == "map") return {"task", "count", "chunksize"};
  if (kind == "shutdown") return {"wait"};
  if (kind == "read" || kind == "write") return {"bytes", "count"};
  return {};
}

bool is_extra_key(std::string_view key) {
  for (const std::string& kind : kKinds) {
    std::vector<std::string> extras = extra_keys(kind);
    if (std::find(extras.begin(), extras.end(), key) != extras.end()) return true;
  }
  return false;
}

std::string placeholder_list(const std::vector<std::string>& names) {
  std::vector<std::string> braced;
  for (const std::string& name : names) braced.push_back("{" + name + "}");
  return comma_list(braced);
}

bool is_identifier(std::string_view name) {
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (name.empty() || !letter(name[0])) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) { return letter(c) || (c >= '0' && c <= '9'); });
}

std::int64_t saturating_multiply(std::int64_t a, std::int64_t b) {
  std::int64_t product = 0;
  return __builtin_mul_overflow(a, b, &product) ? std::numeric_limits<std::int64_t>::max() : product;
}

}  // namespace

std::vector<TextPart> parse_print_text(std::string_view text, const std::vector<std::string>& loop_vars) {
  std::vector<std::string> valid = kBuiltinPlaceholders;
  valid.insert(valid.end(), loop_vars.begin(), loop_vars.end());
  const std::string valid_list = "valid: " + placeholder_list(valid) + "; write {{ and }} for literal braces";

  std::vector<TextPart> parts;
  std::string literal;
  auto flush = [&] {
    if (!literal.empty()) parts.push_back({TextPart::Kind::literal, std::move(literal)});
    literal.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool doubled = i + 1 < text.size() && text[i + 1] == c;
    if (c == '}') {
      if (!doubled)
        throw std::invalid_argument("single \"}\" at byte " + std::to_string(i + 1) +
                                    " of the text (write }} for a literal brace)");
      literal += '}';
      ++i;
      continue;
    }
    if (c != '{') {
      literal += c;
      continue;
    }
    if (doubled) {
      literal += '{';
      ++i;
      continue;
    }
    std::size_t close = text.find('}', i + 1);
    if (close == std::string_view::npos)
      throw std::invalid_argument("unclosed \"{\" at byte " + std::to_string(i + 1) + " of the text (" + valid_list +
                                  ")");
    std::string_view name = text.substr(i + 1, close - i - 1);
    TextPart part;
    if (name == "thread") {
      part.kind = TextPart::Kind::thread;
    } else if (name == "process") {
      part.kind = TextPart::Kind::process;
    } else if (name == "time") {
      part.kind = TextPart::Kind::time;
    } else if (name == "active_count") {
      part.kind = TextPart::Kind::active_count;
    } else if (std::find(loop_vars.begin(), loop_vars.end(), name) != loop_vars.end()) {
      part.kind = TextPart::Kind::loop_var;
      part.text = name;
    } else {
      std::optional<std::string> match = closest_match(name, valid);
      throw std::invalid_argument("unknown placeholder " + quote_short("{" + std::string(name) + "}", 60) + " (" +
                                  (match ? "did you mean " + quote("{" + *match + "}") + "?; " : "") + valid_list +
                                  ")");
    }
    flush();
    parts.push_back(std::move(part));
    i = close;
  }
  flush();
  return parts;
}

std::vector<Step> StepReader::read_task(const Json& steps_value, const std::string& path) {
  task_ = true;
  loop_vars_.clear();
  std::vector<Step> result = steps(steps_value, path, 1);
  task_ = false;
  return result;
}

std::vector<Step> StepReader::read(const Json& steps_value, const std::string& path, std::uint32_t thread) {
  thread_ = thread;
  copies_ = copy_count(threads_.entry(thread));
  loop_vars_.clear();
  return steps(steps_value, path, copies_);
}

std::vector<Step> StepReader::steps(const Json& value, const std::string& path, std::int64_t runs) {
  in_.array(value, path, R"(an array of steps such as [{"compute": "10ms"}])");
  std::vector<Step> result;
  result.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) result.push_back(step(value[i], json_pointer(path, i), runs));
  return result;
}

Step StepReader::step(const Json& value, const std::string& path, std::int64_t runs) {
  if (!value.is_object())
    in_.fail(path, R"(expected a step object such as {"compute": "10ms"}, got )" + describe(value));
  std::vector<std::string> kinds;
  for (const auto& member : value.items())
    if (std::find(kKinds.begin(), kKinds.end(), member.key()) != kKinds.end()) kinds.push_back(member.key());
  // "wait" is also a shutdown step's option (ex.shutdown(wait=False)), not a second kind.
  if (JsonReader::find(value, "shutdown") != nullptr)
    kinds.erase(std::remove(kinds.begin(), kinds.end(), "wait"), kinds.end());
  const std::string kind_list = comma_list(kKinds, kKinds.size());
  if (kinds.empty()) {
    for (const auto& member : value.items()) {
      if (is_extra_key(member.key()) || is_comment_key(member.key())) continue;
      std::optional<std::string> match = closest_match(member.key(), kKinds);
      in_.fail(path, "unknown step " + quote_short(member.key(), 60) + " (" +
                         (match ? "did you mean " + quote(*match) + "?" : "valid: " + kind_list) + ")");
    }
    in_.fail(path, "step has no kind (valid: " + kind_list + ")");
  }
  if (kinds.size() > 1)
    in_.fail(path, "step has more than one kind: " + quote(kinds[0]) + " and " + quote(kinds[1]) +
                       " (a step has exactly one of " + kind_list + "; use one step for each)");

  const std::string& kind = kinds[0];
  if (task_ && std::find(kTaskKinds.begin(), kTaskKinds.end(), kind) == kTaskKinds.end())
    in_.fail(path, (kind == "acquire" ? "an " : "a ") + kind + " step in a task (a task's steps may be " +
                       comma_list(kTaskKinds) +
                       ": it runs in whichever worker takes it, maybe in another process)");
  std::vector<std::string> keys = extra_keys(kind);
  keys.insert(keys.begin(), kind);
  for (const auto& member : value.items()) {
    if (is_comment_key(member.key()) || std::find(keys.begin(), keys.end(), member.key()) != keys.end()) continue;
    in_.fail(path, "unknown key " + quote_short(member.key(), 60) + " in " +
                       (kind == "io" || kind == "acquire" ? "an " : "a ") + kind +
                       " step (" + did_you_mean(member.key(), keys) + "valid keys: " + comma_list(keys) + ")");
  }

  Step step;
  const Json& argument = value.at(kind);
  const std::string argument_path = json_pointer(path, kind);
  if (kind == "compute" || kind == "sleep" || kind == "io") {
    step.kind = kind == "compute" ? StepKind::compute : kind == "sleep" ? StepKind::sleep : StepKind::io;
    if (argument.is_string() && argument.get<std::string>() == "$work") {
      if (task_)
        in_.fail(argument_path, "\"$work\" in a task (a task's work is its steps; its data is \"args\" and \"result\")");
      if (!has_queue())
        in_.fail(argument_path, "\"$work\" is the work of the last item a get took, but this process declares no "
                                "queues (declare one: \"queues\": [\"tasks\"])");
      step.uses_work = true;
    } else {
      step.duration = in_.duration(argument, argument_path);
    }
    if (const Json* gil = JsonReader::find(value, "gil")) {
      // "hold": C code that keeps the GIL and cannot be interrupted (no bytecode, no eval breaker).
      if (gil->is_string() && gil->get<std::string>() == "hold")
        step.native_holds_gil = true;
      else if (gil->is_boolean())
        step.holds_gil = gil->get<bool>();
      else
        in_.fail(json_pointer(path, "gil"),
                 "expected true (Python code, the default), false (C code that releases the GIL) or \"hold\" (C "
                 "code that keeps it and cannot be interrupted), got " + describe(*gil));
    }
    if (const Json* device = JsonReader::find(value, "device"))
      step.device = find_device(in_, devices_, in_.string(*device, json_pointer(path, "device")),
                                json_pointer(path, "device"));
  } else if (kind == "start") {
    step.kind = StepKind::start;
    step.target = target(argument, argument_path);
    starts_.add(path, thread_, copies_, step.target, runs);
  } else if (kind == "join") {
    step.kind = StepKind::join;
    step.target = target(argument, argument_path);
    if (step.target.thread == thread_) {
      const std::string& own = threads_.entry(thread_).name;
      std::string name = threads_.display(step.target);
      in_.fail(path, "a thread cannot join itself (" +
                                  (step.target.copy ? quote(name) + " is a copy of thread " + quote(own) +
                                                          ", and all copies run this step"
                                                    : "thread " + quote(own) + " runs this step") +
                                  ")");
    }
  } else if (kind == "wait" && waits_for_event(argument, argument_path)) {
    sync_step(step, kind, value, path, runs);
  } else if (kind == "spawn" || kind == "wait") {
    if (kind == "wait" && JsonReader::find(value, "timeout"))
      in_.fail(json_pointer(path, "timeout"), "a timeout applies to waiting for an event; waiting for a process has none");
    step.kind = kind == "spawn" ? StepKind::spawn : StepKind::wait;
    std::string name = in_.string(argument, argument_path);
    std::optional<ThreadTarget> found = context_.processes.find(name);
    if (!found) in_.fail(argument_path, context_.processes.unknown(name));
    step.process = *found;
    if (step.kind == StepKind::spawn) {
      // `runs` already counts the thread's copies.
      context_.spawns.add(path, context_.process, saturating_multiply(context_.process_copies, runs), step.process);
    } else if (step.process.thread == context_.process) {
      // Every copy of a process runs the same steps, so a copy named here
      // would wait for itself too (w-2 waiting for w-2): refused, as join does.
      in_.fail(path, "a thread cannot wait for its own process " + quote(name) +
                         (step.process.copy ? " (it is a copy of this thread's process, and every copy runs this step, "
                                              "that one too: it would wait for itself to finish; wait for the copies "
                                              "from another process)"
                                            : " (it finishes only when this thread has finished; use join for threads "
                                              "of one process)"));
    }
  } else if (kind == "print") {
    step.kind = StepKind::print;
    try {
      step.text = parse_print_text(in_.string(argument, argument_path), loop_vars_);
    } catch (const std::invalid_argument& e) {
      in_.fail(argument_path, e.what());
    }
  } else if (kind == "repeat") {
    step.kind = StepKind::repeat;
    repeat(step, value, path, runs);
  } else if (kind == "submit" || kind == "map" || kind == "results" || kind == "as_completed" || kind == "shutdown") {
    pool_step(step, kind, value, path);
    if (kind == "as_completed") {  // its body runs once per future: a start step in it would start a thread twice
      const Json& body = in_.require(value, path, "steps", R"(an as_completed step needs "as_completed" and "steps")");
      step.body = steps(body, json_pointer(path, "steps"), saturating_multiply(runs, 2));
      check_as_completed_body(step.body, json_pointer(path, "steps"));
    }
  } else {
    sync_step(step, kind, value, path, runs);
  }
  return step;
}

void StepReader::repeat(Step& step, const Json& value, const std::string& path, std::int64_t runs) {
  step.count = in_.integer(value.at("repeat"), json_pointer(path, "repeat"), 0);
  if (const Json* from = JsonReader::find(value, "from")) step.from = in_.integer(*from, json_pointer(path, "from"));
  if (const Json* by = JsonReader::find(value, "step")) step.step = in_.integer(*by, json_pointer(path, "step"));
  std::int64_t offset = 0;
  std::int64_t last = 0;
  if (step.count > 0 && (__builtin_mul_overflow(step.step, step.count - 1, &offset) ||
                         __builtin_add_overflow(step.from, offset, &last)))
    in_.fail(path, "the loop values overflow (from + step * (repeat - 1) must fit in a 64-bit integer)");

  if (const Json* var = JsonReader::find(value, "var")) {
    std::string var_path = json_pointer(path, "var");
    step.var = in_.string(*var, var_path);
    if (!is_identifier(step.var))
      in_.fail(var_path, "invalid variable name " + quote_short(step.var, 60) +
                             " (a letter or _, then letters, digits or _)");
    if (std::find(kBuiltinPlaceholders.begin(), kBuiltinPlaceholders.end(), step.var) != kBuiltinPlaceholders.end())
      in_.fail(var_path, "variable name " + quote(step.var) + " is a built-in placeholder (choose another; built-ins: " +
                             comma_list(kBuiltinPlaceholders) + ")");
    if (std::find(loop_vars_.begin(), loop_vars_.end(), step.var) != loop_vars_.end())
      in_.fail(var_path, "variable " + quote(step.var) + " is already used by an enclosing repeat (choose another name)");
  }

  const Json& body = in_.require(value, path, "steps", R"(a repeat step needs "repeat" and "steps")");
  if (!step.var.empty()) loop_vars_.push_back(step.var);
  step.body = steps(body, json_pointer(path, "steps"), saturating_multiply(runs, step.count));
  if (!step.var.empty()) loop_vars_.pop_back();
}

ThreadTarget StepReader::target(const Json& value, const std::string& path) {
  std::string name = in_.string(value, path);
  std::optional<ThreadTarget> found = threads_.find(name);
  if (!found) in_.fail(path, threads_.unknown(name));
  return *found;
}

}  // namespace gilsim
