#pragma once
// Python source text for the exported program: string literals that CPython
// 2.7 and 3.x read alike, identifiers made from the user's names, comments.

#include <string>
#include <string_view>
#include <vector>

namespace gilsim {

// A Python string literal with the same text as the UTF-8 `text`: "..." when
// it is ASCII, u"..." with \u escapes otherwise (so that 2.7 reads it as
// text, not bytes); quotes, backslashes and control characters escaped.
std::string python_string(std::string_view text);

// `name` as a Python identifier: every run of characters that cannot be in
// one becomes "_" ("count down" -> "count_down", "worker-1" -> "worker_1").
// The result may still start with a digit or "_" or be reserved.
std::string python_identifier(std::string_view name);

// A name the exported program cannot give a thread's function or a loop
// variable: a keyword of Python 2 or 3, a builtin, or a name the runtime or
// the generated code uses at module level.
bool is_python_reserved(std::string_view name);
const std::vector<std::string>& python_runtime_names();  // the runtime's and the generated code's

// `text` as comment lines "# ...", wrapped at `width` columns (a word longer
// than that gets a line of its own); an empty text gives no line. Line breaks
// in the text are kept; other control characters become spaces.
std::vector<std::string> comment_lines(std::string_view text, std::size_t width = 79);

}  // namespace gilsim
