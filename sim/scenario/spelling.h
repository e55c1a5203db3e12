#pragma once
// Wording shared by the messages about user input: quoting, short lists and
// did-you-mean suggestions for misspelt names.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gilsim {

// Edit distance counted in bytes: insertions, deletions, substitutions and
// swaps of two neighbouring bytes (optimal string alignment) each cost one.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The entry of `valid` that `word` is most likely a typo of: the smallest edit
// distance, at most max(1, length of the entry / 3); ties go to the earlier
// entry so that the suggestion never depends on anything but the input.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& valid);

// `did you mean "x"?; ` when there is a close match, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& valid);

// The text in double quotes; quotes, backslashes and control characters are
// escaped as in JSON so that a message never carries a raw newline, and
// bytes that are not UTF-8 are shown as printable_utf8 shows them.
std::string quote(std::string_view text);

// The text with every byte that is not part of a UTF-8 character written as
// <0xFF>, and a byte order mark as <U+FEFF>: a message stays valid, visible
// text whatever bytes a file or an option holds.
std::string printable_utf8(std::string_view text);

// The text quoted, cut to about `limit` bytes (at a UTF-8 boundary) with "..."
// so that a huge value cannot flood a message.
std::string quote_short(std::string_view text, std::size_t limit = 40);

// "a, b, c"; after `limit` items the rest are summarised as "... (N more)".
std::string comma_list(const std::vector<std::string>& items, std::size_t limit = 20);

}  // namespace gilsim
