#pragma once
// The body of a thread's function in the exported program: one line (or a
// block) per step, calling the runtime through `me`, with the scenario's names
// and durations (exact nanoseconds, commented as the user wrote them).

#include <string>
#include <vector>

#include "export/python_names.h"
#include "model/scenario.h"

namespace gilsim {

// Appends the Python lines of `steps`, indented by `indent` levels of four
// spaces, to `lines`; a block with no step gets "pass". `names` are the
// process's (python_names); without them they are worked out.
void write_python_steps(const Scenario& scenario, const ProcessSpec& process, const ProcessPythonNames& names,
                        const std::vector<Step>& steps, int indent, std::vector<std::string>& lines);
void write_python_steps(const Scenario& scenario, const ProcessSpec& process, const std::vector<Step>& steps,
                        int indent, std::vector<std::string>& lines);

// The executors (indices into the process's) whose futures `steps` keep: those
// they submit to or take the results of, in the order of first use.
std::vector<std::uint32_t> executors_with_futures(const std::vector<Step>& steps);

// The name a thread or process target has in the program: "worker" (every
// copy, or a thread without count) or "worker-2" (one copy).
std::string target_name(const std::vector<ThreadSpec>& threads, const ThreadTarget& target);
std::string target_name(const std::vector<ProcessSpec>& processes, const ThreadTarget& target);

}  // namespace gilsim
