#pragma once
// Pieces every gilsim command shares: usage errors and option parsing with one
// positional SCENARIO argument.

#include <boost/program_options.hpp>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"
#include "model/scenario.h"
#include "scenario/size.h"

namespace gilsim {

// Bad usage of the command line (exit code 2); what() is the message without "error: ".
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The words of a command line that are not options: `key` in the variables
// map (a string, or with `many` a vector of them), `shown` in messages.
struct Positional {
  const char* key = "scenario";
  const char* shown = "SCENARIO";
  bool many = false;
};

// Parses `args` (the words after the command name) with `options` plus the
// positional words (one SCENARIO by default), required unless --help; throws
// UsageError naming `command` on any problem.
boost::program_options::variables_map parse_command_line(const std::vector<std::string>& args,
                                                         const boost::program_options::options_description& options,
                                                         const std::string& command, const Positional& words = {});

// Why a run stopped early and how to let it go on, after "stopped at T: ":
// "--max-events 1000 reached; raise it (e.g. --max-events 10000) if ...".
// `max_time` is the --max-time value as the user wrote it; `max_output` the
// --max-output bytes (run only).
std::string stop_reason(RunStop stop, const RunLimits& limits, const std::string& max_time,
                        std::uint64_t max_output = 0);

// The memory ran out (std::bad_alloc): exit 4, like any limit, never the
// "internal error" that exit 1 reserves for bugs. what() is the whole message
// without "error: ".
class OutOfMemory : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// "ran out of memory with about 3.6 GB in use; ADVICE" (the peak resident size).
std::string out_of_memory_text(const std::string& advice);
// Runs `body`; a std::bad_alloc in it becomes OutOfMemory "LABEL: ran out ...".
template <class Body>
int guard_memory(const std::string& label, const std::string& advice, Body body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    throw OutOfMemory(label + ": " + out_of_memory_text(advice));
  }
}

// The limits every command that loads or runs a scenario takes, checked alike:
// boost reads "-1" for an unsigned option as 2^64 - 1, which no one means.
struct LimitOptions {
  std::uint64_t max_events = 100'000'000;
  std::string max_time = "86400s";
  SizeLimits size;
};
void add_size_options(boost::program_options::options_description& options, LimitOptions& limits);
void add_run_limit_options(boost::program_options::options_description& options, LimitOptions& limits,
                           const char* scope);
// Throws UsageError "COMMAND: --max-... must be from 0 to N".
void check_size_options(const std::string& command, const SizeLimits& size);
RunLimits check_run_limit_options(const std::string& command, const LimitOptions& limits);

// The report format: --format if given, else the one -o's extension names
// (.html, .json, .csv, .txt when the command has it), else `fallback`. A
// given format that clearly disagrees with the extension (-f text -o r.html)
// is a UsageError. `formats` are the command's format names.
std::string choose_format(const std::string& command, const boost::program_options::variables_map& vm,
                          const std::string& output, const std::vector<std::string>& formats);

// The width of a text report: --width if given; written to standard output
// on a terminal, $COLUMNS if it is a number, else the terminal's width; to a
// file or a pipe, 80, so that the same command writes the same file whoever
// runs it, in whatever terminal. `output` is -o's value ("" or "-": standard output).
int report_width(const std::optional<int>& requested, const std::string& output);
// Columns of the terminal on `fd` ($COLUMNS first), or 0 when it is not a terminal.
int terminal_columns(int fd);
inline constexpr int kFileWidth = 80;

// A command's options as Boost lays them out for --help, without the
// trailing spaces Boost leaves where it wraps a description.
std::string help_text(const boost::program_options::options_description& options);

// The last guard of "one line of text": `message` with control characters
// escaped and bytes that are not UTF-8 shown as printable_utf8 shows them.
std::string one_line(std::string_view message);

// --cores N applied to a loaded scenario, checked again as the loader checks
// its "cores"; a problem is an InputError "LABEL: --cores N: POINTER: ...".
void apply_cores_option(Scenario& scenario, const std::string& label, std::uint32_t cores);

// The progress of a command that runs many simulations (compare, explore):
// a bar on `err` when it is the terminal's standard error and not `quiet`.
std::function<void(std::size_t done, std::size_t total)> progress_on(std::ostream& err, bool quiet);

// One command: takes the words after its name, returns an exit code.
int command_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_validate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_compare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_explore(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_advise(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_schema(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_completion(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace gilsim
