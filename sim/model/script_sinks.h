#pragma once
// The two sinks program.cc's Compiler writes a script to: Emitter builds it,
// Counter only counts it (model/program.h's ScriptSize).

#include <cstdint>

#include "model/program.h"
#include "model/saturating.h"

namespace gilsim {

// Where the compiler's output goes. Both sinks take the same calls from the
// one Compiler, so what each step compiles to is written once, there:
// Emitter builds the Script; Counter only counts it, so that the size check
// can measure (and refuse) a script of 10^12 instructions without building it.
class Emitter {
 public:
  explicit Emitter(Script& script) : script_(script) {}

  std::uint32_t position() const { return static_cast<std::uint32_t>(script_.code.size()); }
  void emit(const Instruction& in) { script_.code.push_back(in); }
  void set_jump(std::uint32_t at, std::uint32_t target) { script_.code[at].jump = target; }
  void set_count(std::uint32_t at, std::int64_t count) { script_.code[at].count = count; }
  std::uint32_t loop_slot() { return script_.loop_slots++; }
  Script* script() { return &script_; }
  // `make` builds the print's template; returns its index.
  template <class Make>
  std::uint32_t print(Make make) {
    script_.prints.push_back(make());
    return static_cast<std::uint32_t>(script_.prints.size() - 1);
  }
  // `one(copy)` emits what one copy of a start, join, spawn or wait of all copies needs.
  template <class One>
  void each_copy(std::uint32_t copies, One one) {
    for (std::uint32_t c = 0; c < copies; ++c) one(c);
  }

 private:
  Script& script_;
};

class Counter {
 public:
  explicit Counter(ScriptSize& size) : size_(size) {}

  std::uint32_t position() const { return 0; }  // jumps are not counted
  void emit(const Instruction&) { size_.instructions = saturating::add(size_.instructions, 1); }
  void set_jump(std::uint32_t, std::uint32_t) {}
  void set_count(std::uint32_t, std::int64_t) {}
  Script* script() { return nullptr; }
  std::uint32_t loop_slot() {
    size_.loop_slots = saturating::add(size_.loop_slots, 1);
    return 0;
  }
  template <class Make>
  std::uint32_t print(Make) {
    return 0;
  }
  // Every copy compiles to as many instructions as the first (only the copy
  // number differs), so one is counted and multiplied: a million copies cost
  // one pass, not a million.
  template <class One>
  void each_copy(std::uint32_t copies, One one) {
    std::uint64_t before = size_.instructions;
    size_.instructions = 0;
    one(0);
    std::uint64_t all = saturating::multiply(size_.instructions, copies);
    size_.instructions = saturating::add(before, all);
    size_.all_copies = saturating::add(size_.all_copies, all);
  }

 private:
  ScriptSize& size_;
};

}  // namespace gilsim
