#include "model/gil/registry.h"

#include "model/gil/cpython2.h"
#include "model/gil/cpython3.h"

namespace gilsim {

namespace {

struct Entry {
  GilModel model;
  const char* name;
  std::unique_ptr<GilRules> (*make)(const GilSpec&, Time timer_slack, std::size_t processes, std::size_t threads);
};

// Adding a model: its rules in this folder, its enum value and settings in
// GilSpec (model/scenario.h), its settings read by the loader, and one line here.
const Entry kModels[] = {
    {GilModel::cpython3, "cpython3",
     [](const GilSpec& s, Time slack, std::size_t processes, std::size_t) -> std::unique_ptr<GilRules> {
       return std::make_unique<Cpython3Rules>(s, slack, processes);
     }},
    {GilModel::cpython2, "cpython2",
     [](const GilSpec& s, Time, std::size_t processes, std::size_t threads) -> std::unique_ptr<GilRules> {
       return std::make_unique<Cpython2Rules>(s, processes, threads);
     }},
    {GilModel::none, "none", nullptr},  // free-threaded (PEP 703): no lock at all
};

const Entry* entry_of(GilModel model) {
  for (const Entry& e : kModels)
    if (e.model == model) return &e;
  return nullptr;
}

}  // namespace

const char* gil_model_name(GilModel model) {
  const Entry* e = entry_of(model);
  return e ? e->name : "?";
}

std::optional<GilModel> find_gil_model(const std::string& name) {
  for (const Entry& e : kModels)
    if (name == e.name) return e.model;
  return std::nullopt;
}

std::vector<std::string> gil_model_names() {
  std::vector<std::string> names;
  for (const Entry& e : kModels) names.push_back(e.name);
  return names;
}

bool gil_model_has_lock(GilModel model) {
  const Entry* e = entry_of(model);
  return e != nullptr && e->make != nullptr;
}

std::unique_ptr<GilRules> make_gil_rules(const GilSpec& spec, Time timer_slack, std::size_t processes,
                                         std::size_t threads) {
  const Entry* e = entry_of(spec.model);
  if (e == nullptr || e->make == nullptr) return nullptr;
  return e->make(spec, timer_slack, processes, threads);
}

}  // namespace gilsim
