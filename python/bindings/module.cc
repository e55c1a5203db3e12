// gilsim._gilsim: the library's entry points for the Python package
// (python/gilsim/). Deliberately small and untyped: the package's Python code
// gives the user-facing signatures, documentation and result objects; here
// only the calls into the library, with the GIL released while they simulate.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "cli/jitter_options.h"
#include "comparison.h"
#include "explore_advise.h"
#include "loaded.h"
#include "messages.h"

namespace py = pybind11;
using namespace gilsim::python;

namespace {

Source source_of(const std::string& path_or_text, bool is_text, const std::string& label) {
  return Source{path_or_text, is_text, label};
}

std::optional<Source> machine_of(const std::optional<std::string>& path_or_text, bool is_text,
                                 const std::string& label) {
  if (!path_or_text) return std::nullopt;
  return Source{*path_or_text, is_text, label};
}

}  // namespace

PYBIND11_MODULE(_gilsim, m) {
  m.doc() = "gilsim's C++ library; use the gilsim package, not this module";
  register_error_translation();

  py::class_<LoadedScenario>(m, "LoadedScenario")
      .def(py::init([](const std::string& scenario, bool is_text, const std::string& label,
                       const std::optional<std::string>& machine, bool machine_is_text,
                       const std::string& machine_label, std::uint64_t max_threads, std::uint64_t max_script_steps) {
             gilsim::SizeLimits limits{max_threads, max_script_steps};
             return LoadedScenario(source_of(scenario, is_text, label), machine_of(machine, machine_is_text, machine_label),
                                   limits);
           }),
           py::arg("scenario"), py::arg("is_text"), py::arg("label"), py::arg("machine"), py::arg("machine_is_text"),
           py::arg("machine_label"), py::arg("max_threads"), py::arg("max_script_steps"))
      .def_property_readonly("label", &LoadedScenario::label)
      .def_property_readonly("name", &LoadedScenario::name)
      .def(
          "run",
          [](const LoadedScenario& self, const std::string& format, std::optional<std::uint32_t> cores,
             std::uint64_t max_events, const std::string& max_time, std::uint64_t max_output, int width,
             std::optional<std::uint64_t> seed, const std::string& jitter, const std::string& gil_jitter) {
            RunAsk ask{format, cores, max_events, max_time, max_output, width, std::nullopt};
            if (seed) ask.perturbation = gilsim::jitter_spec("run", gilsim::JitterOptions{jitter, gil_jitter}, *seed);
            RunReport r = self.run(ask);
            return py::make_tuple(r.exit_code, py::bytes(r.report), r.message);
          },
          py::arg("format"), py::arg("cores"), py::arg("max_events"), py::arg("max_time"), py::arg("max_output"),
          py::arg("width"), py::arg("seed") = std::nullopt, py::arg("jitter") = "50us", py::arg("gil_jitter") = "10us")
      .def("export_python", &LoadedScenario::export_python, py::arg("cores"), py::arg("time_scale"))
      .def(
          "verify",
          [](const LoadedScenario& self, const std::string& python, unsigned runs, double tolerance,
             std::optional<std::uint32_t> cores, const std::string& time_scale, const std::string& tie_window,
             const std::string& machine) {
            VerifyText v = self.verify(VerifyAsk{python, runs, tolerance, cores, time_scale, tie_window, machine});
            return py::make_tuple(v.exit_code, v.json, v.text, v.message);
          },
          py::arg("python"), py::arg("runs"), py::arg("tolerance"), py::arg("cores"), py::arg("time_scale"),
          py::arg("tie_window"), py::arg("machine"));

  py::class_<ComparedScenario>(m, "ComparedScenario")
      .def(py::init([](const std::string& scenario, bool is_text, const std::string& label,
                       const std::optional<std::string>& machine, bool machine_is_text,
                       const std::string& machine_label, const std::vector<std::string>& sets, const std::string& gil,
                       const std::string& cores, std::uint64_t max_events, const std::string& max_time,
                       unsigned jobs, const std::vector<std::string>& metrics) {
             return ComparedScenario(source_of(scenario, is_text, label),
                                     machine_of(machine, machine_is_text, machine_label),
                                     gilsim::ComparisonAsk{sets, gil, cores, metrics},
                                     CompareLimits{max_events, max_time, jobs});
           }),
           py::arg("scenario"), py::arg("is_text"), py::arg("label"), py::arg("machine"), py::arg("machine_is_text"),
           py::arg("machine_label"), py::arg("sets"), py::arg("gil"), py::arg("cores"), py::arg("max_events"),
           py::arg("max_time"), py::arg("jobs"), py::arg("metrics") = std::vector<std::string>{})
      .def("render", &ComparedScenario::render, py::arg("format"), py::arg("width") = 80)
      .def_property_readonly("exit_code", &ComparedScenario::exit_code)
      .def_property_readonly("message", &ComparedScenario::message);

  py::class_<ExploredScenario>(m, "ExploredScenario")
      .def(py::init([](const std::string& scenario, bool is_text, const std::string& label,
                       const std::optional<std::string>& machine, bool machine_is_text,
                       const std::string& machine_label, std::uint64_t seeds, std::uint64_t first_seed,
                       std::optional<std::uint32_t> cores, const std::string& jitter, const std::string& gil_jitter,
                       std::uint64_t max_events, const std::string& max_time, unsigned jobs) {
             return ExploredScenario(source_of(scenario, is_text, label),
                                     machine_of(machine, machine_is_text, machine_label),
                                     ExploreAsk{seeds, first_seed, cores, jitter, gil_jitter, max_events, max_time, jobs});
           }),
           py::arg("scenario"), py::arg("is_text"), py::arg("label"), py::arg("machine"), py::arg("machine_is_text"),
           py::arg("machine_label"), py::arg("seeds"), py::arg("first_seed"), py::arg("cores"), py::arg("jitter"),
           py::arg("gil_jitter"), py::arg("max_events"), py::arg("max_time"), py::arg("jobs"))
      .def("render", &ExploredScenario::render, py::arg("format"));

  py::class_<AdvisedScenario>(m, "AdvisedScenario")
      .def(py::init([](const std::string& scenario, bool is_text, const std::string& label,
                       const std::optional<std::string>& machine, bool machine_is_text,
                       const std::string& machine_label, std::optional<std::uint32_t> cores, const std::string& metric,
                       std::uint64_t max_events, const std::string& max_time, unsigned jobs) {
             return AdvisedScenario(source_of(scenario, is_text, label),
                                    machine_of(machine, machine_is_text, machine_label),
                                    AdviseAsk{cores, metric, max_events, max_time, jobs});
           }),
           py::arg("scenario"), py::arg("is_text"), py::arg("label"), py::arg("machine"), py::arg("machine_is_text"),
           py::arg("machine_label"), py::arg("cores"), py::arg("metric"), py::arg("max_events"), py::arg("max_time"),
           py::arg("jobs"))
      .def("render", &AdvisedScenario::render, py::arg("format"));
}
