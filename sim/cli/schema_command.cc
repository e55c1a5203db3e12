// gilsim schema: the JSON Schema of a scenario file, for editors.
#include <ostream>

#include "cli/cli_support.h"
#include "run/pipeline.h"
#include "scenario/schema.h"

namespace gilsim {

int command_schema(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    out << "Usage: gilsim schema\n\n"
           "Prints the JSON Schema (draft 2020-12) of a scenario file. Save it and point\n"
           "your editor at it, so that it completes keys and flags mistakes as you type:\n"
           "  gilsim schema > gilsim-scenario.schema.json\n"
           "then either add \"$schema\": \"./gilsim-scenario.schema.json\" to a scenario, or\n"
           "map \"*.json\" files of your scenario folder to it in the editor's settings\n"
           "(VS Code: json.schemas). Keys that begin with \"//\" are comments.\n";
    return kExitOk;
  }
  if (!args.empty()) throw UsageError("schema: takes no arguments (see: gilsim schema --help)");
  out << scenario_schema();
  return kExitOk;
}

}  // namespace gilsim
