// The steps that use concurrent.futures executors: submit, map, results and
// shutdown (docs/pools.md).
#include <algorithm>

#include "scenario/spelling.h"
#include "scenario/steps.h"

namespace gilsim {

namespace {

constexpr std::int64_t kMaxSubmits = 1'000'000'000;

template <class Spec>
std::vector<std::string> names_of(const std::vector<Spec>& specs) {
  std::vector<std::string> names;
  for (const Spec& spec : specs) names.push_back(spec.name);
  return names;
}

template <class Spec>
std::uint32_t find_named(const JsonReader& in, const std::vector<Spec>& specs, const std::string& name,
                         const std::string& path, const std::string& what, const std::string& declare) {
  auto it = std::find_if(specs.begin(), specs.end(), [&](const Spec& s) { return s.name == name; });
  if (it != specs.end()) return static_cast<std::uint32_t>(it - specs.begin());
  std::vector<std::string> valid = names_of(specs);
  in.fail(path, "unknown " + what + " " + quote_short(name, 60) + " (" + did_you_mean(name, valid) +
                    (valid.empty() ? "this process declares none; declare one: " + declare
                                   : what + "s of this process: " + comma_list(valid)) +
                    ")");
}

}  // namespace

void StepReader::pool_step(Step& step, const std::string& kind, const Json& value, const std::string& path) {
  const std::string argument_path = json_pointer(path, kind);
  step.kind = kind == "submit"         ? StepKind::submit
              : kind == "map"          ? StepKind::map
              : kind == "results"      ? StepKind::results
              : kind == "as_completed" ? StepKind::as_completed
                                       : StepKind::shutdown;
  step.sync = find_named(in_, pools_.executors, in_.string(value.at(kind), argument_path), argument_path, "executor",
                         R"("executors": {"pool": {"kind": "thread"}})");
  if (step.kind == StepKind::as_completed && pools_.executors[step.sync].kind == ExecutorKind::mp_pool)
    in_.fail(argument_path, "multiprocessing.Pool has no as_completed (its AsyncResults are waited for one by one; "
                            "imap_unordered gives one map's results as they finish): use a \"thread\" or \"process\" "
                            "executor, or \"results\"");
  if (step.kind == StepKind::submit || step.kind == StepKind::map) {
    const std::string task_path = json_pointer(path, "task");
    const Json& task = in_.require(value, path, "task", "a " + kind + " step needs \"" + kind + "\" and \"task\"");
    step.target.thread = find_named(in_, pools_.tasks, in_.string(task, task_path), task_path, "task",
                                    R"("tasks": {"work": {"steps": [{"compute": "1ms"}]}})");
    step.count = 1;
    if (const Json* count = JsonReader::find(value, "count"))
      step.count = in_.integer(*count, json_pointer(path, "count"), step.kind == StepKind::map ? 0 : 1, kMaxSubmits);
  }
  if (const Json* chunksize = JsonReader::find(value, "chunksize"))
    step.chunksize = static_cast<std::uint32_t>(in_.integer(*chunksize, json_pointer(path, "chunksize"), 1, kMaxSubmits));
  if (const Json* wait = JsonReader::find(value, "wait")) step.wait = in_.boolean(*wait, json_pointer(path, "wait"));
}

void StepReader::check_as_completed_body(const std::vector<Step>& body, const std::string& path) const {
  for (std::size_t i = 0; i < body.size(); ++i) {
    const Step& step = body[i];
    if (step.kind == StepKind::submit || step.kind == StepKind::map || step.kind == StepKind::results ||
        step.kind == StepKind::as_completed || step.kind == StepKind::shutdown)
      in_.fail(json_pointer(path, i), "an as_completed step's steps run once per future it began with; a pool step "
                                      "in them would change the futures it iterates (move it after the step)");
    check_as_completed_body(step.body, json_pointer(json_pointer(path, i), "steps"));
  }
}

}  // namespace gilsim
