#include <doctest/doctest.h>

#include <string>

#include "cli/text_diff.h"

using gilsim::unified_diff;

TEST_CASE("unified diff: empty for equal texts, hunks with context as diff -u") {
  CHECK(unified_diff("a\nb\n", "a\nb\n", "x", "y").empty());
  CHECK(unified_diff("a\nb\nc\n", "a\nB\nc\n", "old", "new", 1) == "--- old\n+++ new\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
  // Two changes far apart: two hunks; close together: one.
  const std::string ten = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
  CHECK(unified_diff(ten, "x\n2\n3\n4\n5\n6\n7\n8\n9\ny\n", "a", "b", 1) ==
        "--- a\n+++ b\n@@ -1,2 +1,2 @@\n-1\n+x\n 2\n@@ -9,2 +9,2 @@\n 9\n-10\n+y\n");
  CHECK(unified_diff(ten, "1\nx\n3\ny\n5\n6\n7\n8\n9\n10\n", "a", "b", 1) ==
        "--- a\n+++ b\n@@ -1,5 +1,5 @@\n 1\n-2\n+x\n 3\n-4\n+y\n 5\n");
  // Lines added to an empty text, and a missing final newline.
  CHECK(unified_diff("", "a\n", "a", "b") == "--- a\n+++ b\n@@ -0,0 +1,1 @@\n+a\n");
  CHECK(unified_diff("a\n", "a", "a", "b") == "--- a\n+++ b\n@@ -1,1 +1,1 @@\n-a\n+a\n\\ No newline at end of file\n");
}
