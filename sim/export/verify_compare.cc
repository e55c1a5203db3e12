#include "export/verify_compare.h"

#include <algorithm>
#include <deque>
#include <map>
#include <tuple>

namespace gilsim {

namespace {

using Key = std::pair<std::string, std::string>;  // process, thread

// Whether `a` (measured) is `b` (predicted) as the order comparison sees it
// (both already with copies' names replaced).
bool same_line(const PrintedLine& a, const PrintedLine& b, bool mask) {
  if (a.process != b.process || a.thread != b.thread) return false;
  return mask ? mask_durations(a.text) == mask_durations(b.text) : a.text == b.text;
}

// `text` with every `name` that is not followed by a digit (worker-1, not worker-12) made `spec`.
std::string replace_name(std::string text, const std::string& name, const std::string& spec) {
  if (name.empty() || name == spec) return text;
  for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at)) {
    std::size_t end = at + name.size();
    if (end < text.size() && text[end] >= '0' && text[end] <= '9') {
      at = end;
      continue;
    }
    text.replace(at, name.size(), spec);
    at += spec.size();
  }
  return text;
}

// The line with the names of copies made their spec's (OrderRules).
PrintedLine as_spec(const PrintedLine& line, const OrderRules& rules) {
  PrintedLine out = line;
  if (auto t = rules.thread_copies.find(line.process + "/" + line.thread); t != rules.thread_copies.end()) {
    out.thread = t->second;
    out.text = replace_name(out.text, line.thread, t->second);
  }
  if (auto p = rules.process_copies.find(line.process); p != rules.process_copies.end()) {
    out.process = p->second;
    out.text = replace_name(out.text, line.process, p->second);
  }
  return out;
}

}  // namespace

const char* order_match_name(OrderMatch match) {
  switch (match) {
    case OrderMatch::same: return "same";
    case OrderMatch::tied: return "tied";
    case OrderMatch::different: return "different";
  }
  return "?";
}

std::string mask_durations(std::string_view text) {
  // digits, optionally "." and digits, then ns, us, ms or s not followed by a letter
  auto digit = [&](std::size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
  auto letter = [&](std::size_t i) {
    return i < text.size() && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z'));
  };
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!digit(i)) {
      out += text[i++];
      continue;
    }
    std::size_t end = i;
    while (digit(end)) ++end;
    if (end < text.size() && text[end] == '.' && digit(end + 1)) {
      ++end;
      while (digit(end)) ++end;
    }
    std::size_t unit = 0;
    for (std::string_view u : {"ns", "us", "ms", "s"})
      if (text.substr(end, u.size()) == u && !letter(end + u.size())) {
        unit = u.size();
        break;
      }
    if (unit > 0) {
      out += "{time}";
    } else {
      out.append(text.substr(i, end - i));
    }
    i = end + unit;
  }
  return out;
}

OrderComparison compare_order(const std::vector<PrintedLine>& original_predicted,
                              const std::vector<PrintedLine>& original_measured, const OrderRules& rules) {
  const bool mask_times = rules.mask_times;
  std::vector<PrintedLine> predicted, measured;
  for (const PrintedLine& line : original_predicted) predicted.push_back(as_spec(line, rules));
  for (const PrintedLine& line : original_measured) measured.push_back(as_spec(line, rules));
  OrderComparison result;
  auto differ = [&](std::size_t i) {
    result.match = OrderMatch::different;
    result.index = i;
    if (i < predicted.size()) result.predicted = original_predicted[i];
    if (i < measured.size()) result.measured = original_measured[i];
    return result;
  };
  for (std::size_t begin = 0; begin < predicted.size();) {
    std::size_t end = begin;
    while (end < predicted.size() && predicted[end].time - predicted[begin].time <= rules.tie_window) ++end;
    // The tie [begin, end): per thread, the lines it must print next, in order.
    std::map<Key, std::deque<const PrintedLine*>> expected;
    for (std::size_t i = begin; i < end; ++i)
      expected[{predicted[i].process, predicted[i].thread}].push_back(&predicted[i]);
    bool reordered = false;
    for (std::size_t i = begin; i < end; ++i) {
      if (i >= measured.size()) return differ(i);
      auto it = expected.find({measured[i].process, measured[i].thread});
      if (it == expected.end() || it->second.empty() || !same_line(measured[i], *it->second.front(), mask_times))
        return differ(i);
      if (!same_line(measured[i], predicted[i], mask_times)) reordered = true;
      it->second.pop_front();
    }
    if (reordered) {
      ++result.tied_groups;
      result.match = OrderMatch::tied;
    }
    begin = end;
  }
  if (measured.size() > predicted.size()) return differ(predicted.size());
  return result;
}

Spread spread_of(std::vector<Time> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  Spread s{values[n / 2], values.front(), values.back()};
  if (n % 2 == 0) s.median = values[n / 2 - 1] + (values[n / 2] - values[n / 2 - 1]) / 2;
  return s;
}

std::optional<double> error_percent(Time predicted, Time measured) {
  if (predicted == 0) return std::nullopt;
  return (static_cast<double>(measured) - static_cast<double>(predicted)) / static_cast<double>(predicted) * 100.0;
}

VerifyComparison compare_runs(const RunRecord& predicted, const std::vector<RunRecord>& measured, double tolerance,
                              const OrderRules& rules) {
  VerifyComparison c;
  c.tolerance = tolerance;
  c.predicted_makespan = predicted.makespan;
  c.lines = predicted.output.size();
  for (const RunRecord& run : measured) c.makespans.push_back(run.makespan);
  c.makespan = spread_of(c.makespans);
  c.error = error_percent(predicted.makespan, c.makespan.median);
  for (const ThreadTimes& thread : predicted.threads) c.predicted_wait += thread.waited.value_or(0);
  for (const RunRecord& run : measured) {
    Time wait = 0;
    bool known = !run.threads.empty();
    for (const ThreadTimes& t : run.threads) {
      if (t.finish && !t.waited) known = false;
      wait += t.waited.value_or(0);
    }
    if (known) c.waits.push_back(wait);
  }
  for (const ThreadTimes& thread : predicted.threads) {
    VerifyComparison::ThreadRow row{thread.process, thread.thread, thread.finish, std::nullopt, std::nullopt};
    std::vector<Time> finishes;
    for (const RunRecord& run : measured)
      for (const ThreadTimes& t : run.threads)
        if (t.process == thread.process && t.thread == thread.thread && t.finish) finishes.push_back(*t.finish);
    if (!finishes.empty()) {
      row.measured = spread_of(finishes);
      if (row.predicted) row.error = error_percent(*row.predicted, row.measured->median);
    }
    c.threads.push_back(std::move(row));
  }
  for (std::size_t r = 0; r < measured.size(); ++r) {
    OrderComparison order = compare_order(predicted.output, measured[r].output, rules);
    switch (order.match) {
      case OrderMatch::same: ++c.runs_same; break;
      case OrderMatch::tied: ++c.runs_tied; break;
      case OrderMatch::different:
        if (c.runs_different++ == 0) {
          c.first_different_run = r + 1;
          c.first_difference = order;
        }
        break;
    }
  }
  return c;
}

}  // namespace gilsim
