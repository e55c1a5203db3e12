#include "compare/progress.h"

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <vector>

namespace gilsim {

namespace {

constexpr auto kDelay = std::chrono::seconds(1);          // quick runs show nothing
constexpr auto kRedraw = std::chrono::milliseconds(200);  // no flicker
constexpr std::size_t kBarWidth = 30;     // at most
constexpr std::size_t kShortestBar = 10;  // narrower than this, no bar

std::string seconds(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", s);
  return text;
}

}  // namespace

ProgressBar::ProgressBar(std::ostream& terminal, std::size_t total, bool enabled, Clock::time_point start,
                         std::size_t width)
    : terminal_(terminal), total_(total), enabled_(enabled), start_(start), last_draw_(start), width_(width) {}

std::string ProgressBar::line(std::size_t done, std::size_t total, double elapsed_seconds, std::size_t width) {
  // The last column stays free: a line that fills it makes some terminals wrap.
  const std::size_t room = width > 1 ? width - 1 : 0;
  const std::string counts = std::to_string(done) + "/" + std::to_string(total) + " simulations";
  std::vector<std::string> parts = {counts, seconds(elapsed_seconds) + " elapsed"};
  if (done > 0 && done < total)
    parts.push_back("about " + seconds(elapsed_seconds / static_cast<double>(done) * static_cast<double>(total - done)) +
                    " left");
  for (;;) {
    std::string text;
    for (const std::string& part : parts) text += (text.empty() ? "" : ", ") + part;
    if (text.size() + 3 + kShortestBar <= room || parts.size() == 1) {
      const std::size_t bar = std::min(kBarWidth, room > text.size() + 3 ? room - text.size() - 3 : 0);
      if (bar < kShortestBar) return text.substr(0, room);
      const std::size_t filled = total == 0 ? bar : done * bar / total;
      return "[" + std::string(filled, '#') + std::string(bar - filled, '-') + "] " + text;
    }
    parts.pop_back();
  }
}

void ProgressBar::update(std::size_t done, Clock::time_point now) {
  if (!enabled_ || finished_) return;
  bool last = done >= total_;
  if (last && !drawn_) return;  // finished within the first second: nothing to clean up
  if (now - start_ < kDelay || (!last && drawn_ && now - last_draw_ < kRedraw)) return;
  std::string text = line(done, total_, std::chrono::duration<double>(now - start_).count(), width_);
  std::size_t width = text.size();
  if (width < last_width_) text += std::string(last_width_ - width, ' ');  // erase a longer previous line
  terminal_ << '\r' << text;
  if (last) {
    terminal_ << '\n';
    finished_ = true;
  }
  terminal_.flush();
  drawn_ = true;
  last_draw_ = now;
  last_width_ = width;
}

}  // namespace gilsim
