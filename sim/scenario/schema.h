#pragma once
// The JSON Schema (draft 2020-12) of a scenario file, which `gilsim schema`
// prints: an editor that is pointed at it ("$schema" in the file, or its
// settings) completes keys and flags mistakes as you type.

namespace gilsim {

const char* scenario_schema();

// The step definitions within it ("steps", "step" and "step_*" of "$defs").
const char* scenario_step_schema();

}  // namespace gilsim
