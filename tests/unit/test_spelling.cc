#include <doctest/doctest.h>

#include "scenario/spelling.h"

using namespace gilsim;

TEST_CASE("edit_distance counts a swap of neighbours as one edit") {
  CHECK(edit_distance("cpsu", "cpus") == 1);
  CHECK(edit_distance("comptue", "compute") == 1);
  CHECK(edit_distance("ab", "ba") == 1);
  CHECK(edit_distance("abc", "cba") == 2);  // not neighbours: two substitutions
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("same", "same") == 0);
}

TEST_CASE("closest_match suggests a transposed key") {
  CHECK(closest_match("cpsu", {"name", "cpus", "steps"}) == std::optional<std::string>("cpus"));
  CHECK(closest_match("nmae", {"name", "cpus"}) == std::optional<std::string>("name"));
  CHECK_FALSE(closest_match("xyz", {"name", "cpus"}).has_value());
}

TEST_CASE("messages never carry raw bytes that are not UTF-8, nor an invisible byte order mark") {
  CHECK(printable_utf8("caf\xC3\xA9") == "caf\xC3\xA9");
  CHECK(printable_utf8("a\xFF" "b") == "a<0xFF>b");
  CHECK(printable_utf8("\xC3") == "<0xC3>");  // a truncated character
  CHECK(printable_utf8("\xEF\xBB\xBF{") == "<U+FEFF>{");
  CHECK(quote("x\xFE\n") == "\"x<0xFE>\\n\"");
}
