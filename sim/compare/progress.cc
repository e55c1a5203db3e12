#include "compare/progress.h"

#include <cstdio>
#include <ostream>

namespace gilsim {

namespace {

constexpr auto kDelay = std::chrono::seconds(1);          // quick runs show nothing
constexpr auto kRedraw = std::chrono::milliseconds(200);  // no flicker
constexpr std::size_t kBarWidth = 30;

std::string seconds(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", s);
  return text;
}

}  // namespace

ProgressBar::ProgressBar(std::ostream& terminal, std::size_t total, bool enabled, Clock::time_point start)
    : terminal_(terminal), total_(total), enabled_(enabled), start_(start), last_draw_(start) {}

std::string ProgressBar::line(std::size_t done, std::size_t total, double elapsed_seconds) {
  std::size_t filled = total == 0 ? kBarWidth : done * kBarWidth / total;
  std::string text = "[" + std::string(filled, '#') + std::string(kBarWidth - filled, '-') + "] " +
                     std::to_string(done) + "/" + std::to_string(total) + " simulations, " + seconds(elapsed_seconds) +
                     " elapsed";
  if (done > 0 && done < total)
    text +=
        ", about " + seconds(elapsed_seconds / static_cast<double>(done) * static_cast<double>(total - done)) + " left";
  return text;
}

void ProgressBar::update(std::size_t done, Clock::time_point now) {
  if (!enabled_ || finished_) return;
  bool last = done >= total_;
  if (last && !drawn_) return;  // finished within the first second: nothing to clean up
  if (now - start_ < kDelay || (!last && drawn_ && now - last_draw_ < kRedraw)) return;
  std::string text = line(done, total_, std::chrono::duration<double>(now - start_).count());
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
