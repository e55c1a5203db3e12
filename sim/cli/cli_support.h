#pragma once
// Pieces every gilsim command shares: usage errors and option parsing with one
// positional SCENARIO argument.

#include <boost/program_options.hpp>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace gilsim {

// Bad usage of the command line (exit code 2); what() is the message without "error: ".
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses `args` (the words after the command name) with `options` plus one
// positional SCENARIO; throws UsageError naming `command` on any problem.
boost::program_options::variables_map parse_command_line(const std::vector<std::string>& args,
                                                         const boost::program_options::options_description& options,
                                                         const std::string& command);

// Why a run stopped early and how to let it go on, after "stopped at T: ":
// "--max-events 1000 reached; raise it (e.g. --max-events 10000) if ...".
// `max_time` is the --max-time value as the user wrote it.
std::string stop_reason(RunStop stop, const RunLimits& limits, const std::string& max_time);

// The width of a text report: --width if given; written to standard output
// on a terminal, $COLUMNS if it is a number, else the terminal's width; to a
// file or a pipe, 80, so that the same command writes the same file whoever
// runs it, in whatever terminal. `output` is -o's value ("" or "-": standard output).
int report_width(const std::optional<int>& requested, const std::string& output);
// Columns of the terminal on `fd` ($COLUMNS first), or 0 when it is not a terminal.
int terminal_columns(int fd);
inline constexpr int kFileWidth = 80;

// One command: takes the words after its name, returns an exit code.
int command_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_validate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_compare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_schema(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_completion(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace gilsim
