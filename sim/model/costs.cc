#include "model/costs.h"

#include "model/saturating.h"

namespace gilsim {

Time priced_by_size(std::uint64_t bytes, Time fixed, Time per_mb) {
  // bytes * per_mb / 10^6 in two parts, so that no product overflows short of the cap.
  auto rate = static_cast<std::uint64_t>(per_mb);
  std::uint64_t total = saturating::add(saturating::multiply(bytes / 1'000'000, rate),
                                        saturating::multiply(bytes % 1'000'000, rate) / 1'000'000);
  total = saturating::add(total, static_cast<std::uint64_t>(fixed));
  return total > static_cast<std::uint64_t>(kTimeMax) ? kTimeMax : static_cast<Time>(total);
}

}  // namespace gilsim
