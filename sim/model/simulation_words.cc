// What the simulation says in words: print steps (the deadlock report is in
// deadlock.cc). Apart from simulation.cc to keep that file about the mechanics.
#include "model/simulation.h"

namespace gilsim {

std::string Simulation::render_print(ThreadIndex t, const PrintTemplate& tpl) const {
  const ThreadRun& th = threads_[t];
  std::string out;
  for (const PrintTemplate::Part& part : tpl.parts) {
    switch (part.kind) {
      case TextPart::Kind::literal: out += part.literal; break;
      case TextPart::Kind::thread: out += roster_.thread_name(t); break;
      case TextPart::Kind::process: out += roster_.process_name(th.process); break;
      case TextPart::Kind::time: out += format_duration(engine_.now()); break;
      case TextPart::Kind::active_count: out += std::to_string(alive_[th.process]); break;
      case TextPart::Kind::loop_var:
        out += std::to_string(part.from + loop_counters_[th.loop_base + part.slot] * part.step);
        break;
    }
  }
  return out;
}

}  // namespace gilsim
