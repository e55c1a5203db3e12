#pragma once
// Keys a scenario file may carry that the loader reads past: comments (any
// key that begins with "//", in any object: {"//": "why 5 ms"}) and, at the
// top, "$schema" (the JSON Schema an editor checks the file against; see
// `gilsim schema`).

#include <string_view>

namespace gilsim {

inline bool is_comment_key(std::string_view key) { return key.substr(0, 2) == "//"; }
inline constexpr std::string_view kSchemaKey = "$schema";

}  // namespace gilsim
