#pragma once
// A FIFO queue in a growable ring buffer: O(1) push and pop, no allocation once
// it has reached its largest size. Used for the OS ready queue and GIL waiters.

#include <cassert>
#include <cstddef>
#include <vector>

namespace gilsim {

template <class T>
class RingQueue {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  const T& front() const { return items_[head_]; }
  const T& operator[](std::size_t i) const { return items_[(head_ + i) & (items_.size() - 1)]; }  // 0 = front
  T& operator[](std::size_t i) { return items_[(head_ + i) & (items_.size() - 1)]; }

  void push_back(const T& value) {
    if (size_ == items_.size()) grow();
    items_[(head_ + size_) & (items_.size() - 1)] = value;
    ++size_;
  }

  // Keeps only the items `keep` accepts, in order: O(size), no allocation.
  template <class Keep>
  void retain(Keep keep) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < size_; ++i) {
      T value = items_[(head_ + i) & (items_.size() - 1)];
      if (keep(value)) items_[(head_ + kept++) & (items_.size() - 1)] = value;
    }
    size_ = kept;
  }

  T pop_front() {
    assert(size_ > 0);
    T value = items_[head_];
    head_ = (head_ + 1) & (items_.size() - 1);
    --size_;
    return value;
  }

 private:
  void grow() {
    std::vector<T> bigger(items_.empty() ? 16 : items_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = items_[(head_ + i) & (items_.size() - 1)];
    items_.swap(bigger);
    head_ = 0;
  }

  std::vector<T> items_;  // capacity is a power of two
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace gilsim
