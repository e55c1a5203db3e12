#include "messages.h"

#include <exception>
#include <stdexcept>
#include <string>

#include "cli/cli_support.h"
#include "cli/output_file.h"
#include "compare/plan.h"
#include "scenario/loader.h"

namespace py = pybind11;

namespace gilsim::python {

namespace {

void raise(const char* name, const std::string& message) {
  py::object type = py::module_::import("gilsim.errors").attr(name);
  PyErr_SetObject(type.ptr(), py::str(message).ptr());
}

}  // namespace

void register_error_translation() {
  py::register_exception_translator([](std::exception_ptr thrown) {
    try {
      if (thrown) std::rethrow_exception(thrown);
    } catch (const InputError& e) {
      raise("ScenarioError", e.what());
    } catch (const UsageError& e) {
      raise("UsageError", e.what());
    } catch (const AskError& e) {
      raise("UsageError", std::string("compare: ") + e.what());
    } catch (const OutputError& e) {
      raise("Error", e.what());
    } catch (const OutOfMemory& e) {
      raise("LimitError", e.what());  // the CLI's exit 4, as for any limit
    }
    // Anything else (std::bad_alloc, a bug's logic_error) goes on to
    // pybind11's own translation: MemoryError, RuntimeError.
  });
}

}  // namespace gilsim::python
