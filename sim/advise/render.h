#pragma once
// Advice in words (text: the answer, the ranked table, one reason per
// option, the winner's scaling), as JSON (every figure, the reasons too) and
// as an HTML page.

#include <iosfwd>
#include <string>

#include "advise/advice.h"

namespace gilsim {

// Why `row` ranks where it does, in one sentence, from its figures.
std::string advise_reason(const Advice& advice, const OptionResult& row);

void write_advice_text(std::ostream& out, const Advice& advice);
void write_advice_json(std::ostream& out, const Advice& advice);
// One self-contained page (render_html.cc): the best option's scaling drawn
// against the ideal line and its Amdahl curve, and every option with its reason.
void write_advice_html(std::ostream& out, const Advice& advice);

}  // namespace gilsim
