#include "model/gil/waiter_phases.h"

#include <cassert>
#include <utility>

namespace gilsim {

namespace {
// splitmix64's finaliser: a fixed, well-mixed priority per insertion.
std::uint32_t priority_of(std::uint64_t n) {
  std::uint64_t z = n + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return static_cast<std::uint32_t>((z ^ (z >> 31)) >> 32);
}
}  // namespace

WaiterPhases::Handle WaiterPhases::allocate() {
  if (!free_.empty()) {
    Handle h = free_.back();
    free_.pop_back();
    return h;
  }
  nodes_.emplace_back();
  return static_cast<Handle>(nodes_.size() - 1);
}

WaiterPhases::Handle WaiterPhases::insert(const Key& key, ThreadIndex thread) {
  Handle x = allocate();
  nodes_[x] = Node{key, thread, priority_of(inserted_++), {kNone, kNone}, kNone};
  if (root_ == kNone) {
    root_ = x;
  } else {
    Handle p = root_;
    for (;;) {
      int dir = less(key, nodes_[p].key) ? 0 : 1;
      Handle c = nodes_[p].child[dir];
      if (c == kNone) {
        nodes_[p].child[dir] = x;
        nodes_[x].parent = p;
        break;
      }
      p = c;
    }
    while (nodes_[x].parent != kNone && nodes_[x].priority < nodes_[nodes_[x].parent].priority) rotate_up(x);
  }
  ++size_;
  return x;
}

void WaiterPhases::rotate_up(Handle x) {
  Handle p = nodes_[x].parent;
  Handle g = nodes_[p].parent;
  int dir = nodes_[p].child[1] == x ? 1 : 0;
  Handle b = nodes_[x].child[1 - dir];
  nodes_[p].child[dir] = b;
  if (b != kNone) nodes_[b].parent = p;
  nodes_[x].child[1 - dir] = p;
  nodes_[p].parent = x;
  nodes_[x].parent = g;
  if (g == kNone)
    root_ = x;
  else
    nodes_[g].child[nodes_[g].child[1] == p ? 1 : 0] = x;
}

void WaiterPhases::erase(Handle x) {
  assert(x != kNone && size_ > 0);
  bool wrap = false;
  if (cursor_ == x) {
    cursor_ = next(x);  // the keys' order, which rotations do not change
    wrap = cursor_ == kNone;
  }
  // Rotate x down below its children until it has at most one, then splice it out.
  while (nodes_[x].child[0] != kNone && nodes_[x].child[1] != kNone) {
    Handle l = nodes_[x].child[0], r = nodes_[x].child[1];
    rotate_up(nodes_[l].priority < nodes_[r].priority ? l : r);
  }
  Handle c = nodes_[x].child[0] != kNone ? nodes_[x].child[0] : nodes_[x].child[1];
  Handle p = nodes_[x].parent;
  if (c != kNone) nodes_[c].parent = p;
  if (p == kNone)
    root_ = c;
  else
    nodes_[p].child[nodes_[p].child[1] == x ? 1 : 0] = c;
  free_.push_back(x);
  --size_;
  if (wrap) cursor_ = first();  // round the interval
}

WaiterPhases::Handle WaiterPhases::first() const {
  Handle n = root_;
  if (n == kNone) return kNone;
  while (nodes_[n].child[0] != kNone) n = nodes_[n].child[0];
  return n;
}

WaiterPhases::Handle WaiterPhases::next(Handle h) const {
  if (nodes_[h].child[1] != kNone) {
    h = nodes_[h].child[1];
    while (nodes_[h].child[0] != kNone) h = nodes_[h].child[0];
    return h;
  }
  Handle p = nodes_[h].parent;
  while (p != kNone && nodes_[p].child[1] == h) {
    h = p;
    p = nodes_[p].parent;
  }
  return p;
}

WaiterPhases::Handle WaiterPhases::lower_bound(Time phase) const {
  Handle found = kNone;
  for (Handle n = root_; n != kNone;) {
    if (nodes_[n].key.phase >= phase) {
      found = n;
      n = nodes_[n].child[0];
    } else {
      n = nodes_[n].child[1];
    }
  }
  return found;
}

WaiterPhases::Handle WaiterPhases::cyclic_lower_bound(Time phase) const {
  Handle h = lower_bound(phase);
  return h != kNone ? h : first();
}

std::size_t WaiterPhases::height() const {
  std::size_t best = 0;
  std::vector<std::pair<Handle, std::size_t>> stack;
  if (root_ != kNone) stack.emplace_back(root_, 1);
  while (!stack.empty()) {
    auto [n, depth] = stack.back();
    stack.pop_back();
    if (depth > best) best = depth;
    for (Handle c : nodes_[n].child)
      if (c != kNone) stack.emplace_back(c, depth + 1);
  }
  return best;
}

}  // namespace gilsim
