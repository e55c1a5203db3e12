#pragma once
// Counts that stop at UINT64_MAX instead of wrapping. Sizes are measured
// before anything is allocated, on scenarios that may ask for 10^20 of
// something: "more than the limit" must stay more, whatever the product.

#include <cstdint>
#include <limits>

namespace gilsim::saturating {

inline constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

inline std::uint64_t add(std::uint64_t a, std::uint64_t b) {
  std::uint64_t sum = 0;
  return __builtin_add_overflow(a, b, &sum) ? kMax : sum;
}

inline std::uint64_t multiply(std::uint64_t a, std::uint64_t b) {
  std::uint64_t product = 0;
  return __builtin_mul_overflow(a, b, &product) ? kMax : product;
}

}  // namespace gilsim::saturating
