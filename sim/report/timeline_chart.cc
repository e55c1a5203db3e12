// The drawing half of the Timeline: the lanes' symbols and their charts, one
// character per column, from the exact pieces or from the buckets. The
// observer half, which fills the lanes, is in timeline.cc.
#include <algorithm>
#include <array>
#include <cassert>

#include "report/timeline.h"
#include "report/timeline_categories.h"

namespace gilsim {

using namespace timeline_detail;

namespace {

// Products of a time and a time overflow int64.
__extension__ typedef __int128 Wide;

char symbol(LaneKind kind, std::uint8_t category) {
  switch (kind) {
    case LaneKind::core: return category == kOverheadCategory ? kOverheadSymbol : thread_symbol(category);
    case LaneKind::gil:
    case LaneKind::lock: return thread_symbol(category);
    case LaneKind::thread: return state_symbol(category_state(category));
    case LaneKind::concurrency:
    case LaneKind::parallelism: return level_symbol(category);
  }
  return '?';
}

char background(LaneKind kind) {
  switch (kind) {
    case LaneKind::core:
    case LaneKind::gil:
    case LaneKind::lock: return '.';
    case LaneKind::thread: return ' ';
    case LaneKind::concurrency:
    case LaneKind::parallelism: return '0';
  }
  return '?';
}

// One character per column: the symbol with the most time in the column,
// time nobody claimed counting as the background; on a tie the symbol that
// came first wins. Fed in time order, one column after the other.
class ColumnVote {
 public:
  explicit ColumnVote(char background) : background_(background) {}

  void add(char symbol, Time time) {
    if (time <= 0) return;
    auto index = static_cast<unsigned char>(symbol) & 0x7f;
    if (total_[index] == 0) touched_ += static_cast<char>(index);
    total_[index] += time;
  }

  char close() {
    char best = touched_.empty() ? background_ : touched_[0];
    for (char c : touched_)
      if (total_[static_cast<unsigned char>(c)] > total_[static_cast<unsigned char>(best)]) best = c;
    for (char c : touched_) total_[static_cast<unsigned char>(c)] = 0;
    touched_.clear();
    return best;
  }

 private:
  char background_;
  std::array<Time, 128> total_{};
  std::string touched_;  // symbols in the current column, in order of first appearance
};

}  // namespace

char thread_symbol(ThreadIndex i) {
  if (i < 26) return static_cast<char>('A' + i);
  if (i < 52) return static_cast<char>('a' + (i - 26));
  if (i < 62) return static_cast<char>('0' + (i - 52));
  return '*';
}

char state_symbol(ThreadState s) {
  switch (s) {
    case ThreadState::running: return '#';
    case ThreadState::native: return '=';
    case ThreadState::ready: return '-';
    case ThreadState::gil_wait: return 'g';
    case ThreadState::sleep: return 's';
    case ThreadState::io: return 'i';
    case ThreadState::join: return 'j';
    case ThreadState::start: return 't';
    case ThreadState::process_wait: return 'w';
    case ThreadState::lock_wait: return 'l';
    case ThreadState::event_wait: return 'e';
    case ThreadState::queue_wait: return 'q';
    case ThreadState::device_wait: return 'd';
    case ThreadState::not_started:
    case ThreadState::finished: return ' ';
  }
  return '?';
}

char level_symbol(std::uint32_t v) { return v > 9 ? '+' : static_cast<char>('0' + v); }

char Timeline::end_symbol(LaneKind kind, std::size_t lane) const {
  const std::size_t index = lane_index(kind, lane);
  if (index >= end_category_.size() || end_category_[index] < 0) return background(kind);
  return symbol(kind, static_cast<std::uint8_t>(end_category_[index]));
}
// ---------------------------------------------------------------- drawing

std::string Timeline::chart(LaneKind kind, std::size_t lane, const std::vector<Time>& bounds) const {
  assert(ended_ && bounds.size() >= 2 && bounds.back() == makespan_);
  const Lane& l = lane_of(kind, lane);
  return exact_ ? chart_from_pieces(l, bounds) : chart_from_buckets(l, bounds);
}

std::string Timeline::chart_from_pieces(const Lane& lane, const std::vector<Time>& bounds) const {
  std::vector<Piece> sorted;
  const std::vector<Piece>* pieces = &lane.pieces;
  if (lane.kind == LaneKind::core) {  // pieces of different threads: put them in time order
    sorted = lane.pieces;
    std::stable_sort(sorted.begin(), sorted.end(), [](const Piece& a, const Piece& b) {
      return a.start != b.start ? a.start < b.start : a.end < b.end;
    });
    pieces = &sorted;
  }
  const char back = background(lane.kind);
  const std::size_t columns = bounds.size() - 1;
  std::string out;
  out.reserve(columns);
  ColumnVote vote(back);
  Time cursor = 0;
  std::size_t column = 0;
  // Time from the cursor up to `end` counts for `symbol`, column by column.
  auto fill = [&](Time end, char sym) {
    while (cursor < end && column < columns) {
      Time upto = std::min(end, bounds[column + 1]);
      vote.add(sym, upto - cursor);
      cursor = upto;
      if (cursor == bounds[column + 1]) {
        out += vote.close();
        ++column;
      }
    }
  };
  for (const Piece& p : *pieces) {
    Time start = std::max(p.start, cursor);
    Time end = std::min(p.end, bounds.back());
    if (end <= start) continue;
    fill(start, back);
    fill(end, symbol(lane.kind, p.category));
  }
  fill(bounds.back(), back);
  return out;
}

// A bucket that straddles a column boundary gives each column the share of
// each of its symbols that the overlap is of the bucket (the part before the
// makespan). Within a bucket the order of first appearance is unknown: the
// symbols count in category order, the background last.
std::string Timeline::chart_from_buckets(const Lane& lane, const std::vector<Time>& bounds) const {
  const char back = background(lane.kind);
  const std::size_t stride = lane.categories;
  const std::size_t columns = bounds.size() - 1;
  std::string out;
  out.reserve(columns);
  ColumnVote vote(back);
  for (std::size_t c = 0; c < columns; ++c) {
    const Time from = bounds[c], to = bounds[c + 1];
    for (auto k = static_cast<std::size_t>(from / width_); to > from && static_cast<Time>(k) * width_ < to; ++k) {
      const Time bucket_start = static_cast<Time>(k) * width_;
      const Time bucket_end = std::min(bucket_start + width_, makespan_);
      const Time overlap = std::min(to, bucket_end) - std::max(from, bucket_start);
      Time claimed = 0;
      if (k < lane.used) {
        const Time* time = lane.time.data() + k * stride;
        for (std::size_t cat = 0; cat < stride; ++cat) {
          if (time[cat] == 0) continue;
          auto share = static_cast<Time>(static_cast<Wide>(time[cat]) * overlap / (bucket_end - bucket_start));
          vote.add(symbol(lane.kind, static_cast<std::uint8_t>(lane.first + cat)), share);
          claimed += share;
        }
      }
      vote.add(back, overlap - claimed);
    }
    out += vote.close();
  }
  return out;
}

}  // namespace gilsim
