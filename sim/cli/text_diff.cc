#include "cli/text_diff.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace gilsim {

namespace {

constexpr std::size_t kMaxAlignedPairs = 4'000'000;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start) + "\n\\ No newline at end of file");
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// One line of the edit: kept (' '), removed ('-') or added ('+'), with its
// line numbers in each text (0-based).
struct Edit {
  char op;
  std::size_t a, b;
};

// The edits turning a[lo_a, hi_a) into b[lo_b, hi_b), by the longest common
// subsequence when the middle is small enough to align.
void align(const std::vector<std::string>& a, const std::vector<std::string>& b, std::size_t lo_a, std::size_t hi_a,
           std::size_t lo_b, std::size_t hi_b, std::vector<Edit>& out) {
  const std::size_t n = hi_a - lo_a, m = hi_b - lo_b;
  if (n == 0 || m == 0 || n * m > kMaxAlignedPairs) {
    for (std::size_t i = lo_a; i < hi_a; ++i) out.push_back({'-', i, lo_b});
    for (std::size_t j = lo_b; j < hi_b; ++j) out.push_back({'+', hi_a, j});
    return;
  }
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
  std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
  auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      at(i, j) = a[lo_a + i] == b[lo_b + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[lo_a + i] == b[lo_b + j]) {
      out.push_back({' ', lo_a + i++, lo_b + j++});
    } else if (j < m && (i == n || at(i, j + 1) > at(i + 1, j))) {
      out.push_back({'+', lo_a + i, lo_b + j++});
    } else {
      out.push_back({'-', lo_a + i++, lo_b + j});
    }
  }
}

}  // namespace

std::string unified_diff(const std::string& before, const std::string& after, const std::string& before_name,
                         const std::string& after_name, std::size_t context) {
  if (before == after) return "";
  const std::vector<std::string> a = lines_of(before), b = lines_of(after);
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix && a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
    ++suffix;
  std::vector<Edit> edits;
  for (std::size_t i = 0; i < prefix; ++i) edits.push_back({' ', i, i});
  align(a, b, prefix, a.size() - suffix, prefix, b.size() - suffix, edits);
  for (std::size_t k = suffix; k-- > 0;) edits.push_back({' ', a.size() - 1 - k, b.size() - 1 - k});

  std::string out = "--- " + before_name + "\n+++ " + after_name + "\n";
  std::size_t k = 0;
  while (k < edits.size()) {
    while (k < edits.size() && edits[k].op == ' ') ++k;
    if (k == edits.size()) break;
    // A hunk: from `context` lines before this change to `context` after the
    // last change that is no more than 2 x context kept lines from the one before.
    const std::size_t first = k >= context ? k - context : 0;
    std::size_t last = k;
    for (std::size_t kept = 0, j = k; j < edits.size(); ++j) {
      if (edits[j].op != ' ') {
        last = j;
        kept = 0;
      } else if (++kept > 2 * context) {
        break;
      }
    }
    const std::size_t end = std::min(edits.size(), last + 1 + context);
    std::size_t a_count = 0, b_count = 0;
    for (std::size_t j = first; j < end; ++j) {
      a_count += edits[j].op != '+' ? 1 : 0;
      b_count += edits[j].op != '-' ? 1 : 0;
    }
    auto start = [](std::size_t line, std::size_t count) { return std::to_string(count == 0 ? line : line + 1); };
    out += "@@ -" + start(edits[first].a, a_count) + "," + std::to_string(a_count) + " +" +
           start(edits[first].b, b_count) + "," + std::to_string(b_count) + " @@\n";
    for (std::size_t j = first; j < end; ++j) {
      const Edit& e = edits[j];
      out += e.op;
      out += e.op == '+' ? b[e.b] : a[e.a];
      out += '\n';
    }
    k = end;
  }
  return out;
}

}  // namespace gilsim
