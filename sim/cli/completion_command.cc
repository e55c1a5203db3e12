// gilsim completion bash: a bash completion script, made from the options
// Boost.Program_options lists in each command's --help, so it never falls
// behind the commands.
#include <functional>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/cli_support.h"
#include "cli/export_commands.h"
#include "compare/metric.h"
#include "run/pipeline.h"

namespace gilsim {

namespace {

using Command = std::function<int(const std::vector<std::string>&, std::ostream&, std::ostream&)>;

struct CommandOptions {
  std::string name;
  std::vector<std::string> options;      // "--cores", "-c", ...
  std::vector<std::string> with_value;   // those that take a value
};

// The options of a Boost help text: lines such as "  -c [ --cores ] arg   text"
// or "  --gil arg   text" or "  --stats   text".
CommandOptions options_of(const std::string& name, const std::string& help) {
  CommandOptions found{name, {}, {}};
  std::istringstream lines(help);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("  -", 0) != 0) continue;
    std::istringstream words(line);
    std::vector<std::string> names;
    bool value = false;
    for (std::string word; words >> word;) {
      if (word == "[" || word == "]") continue;
      if (word == "arg" || word.rfind("arg", 0) == 0) {  // "arg" or "arg (=text)"
        value = true;
        break;
      }
      if (word[0] != '-') break;  // the description begins
      names.push_back(word);
    }
    for (const std::string& option : names) {
      found.options.push_back(option);
      if (value) found.with_value.push_back(option);
    }
  }
  return found;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

}  // namespace

int command_completion(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  if (args.size() != 1 || args[0] != "bash") {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
      out << "Usage: gilsim completion bash\n\n"
             "Prints a bash completion script for gilsim: commands, each command's options,\n"
             "report formats and scenario files. Load it now, or for every shell:\n"
             "  source <(gilsim completion bash)\n"
             "  gilsim completion bash > ~/.local/share/bash-completion/completions/gilsim\n"
             "(cmake --install puts it where bash-completion finds it.)\n";
      return kExitOk;
    }
    throw UsageError("completion: say which shell: gilsim completion bash");
  }
  const std::vector<std::pair<std::string, Command>> commands = {
      {"run", command_run},          {"validate", command_validate},
      {"compare", command_compare},  {"explore", command_explore}, {"advise", command_advise},
      {"check", command_check},
      {"export-python", command_export_python}, {"verify", command_verify},
      {"calibrate", command_calibrate}};
  std::vector<CommandOptions> all;
  for (const auto& [name, command] : commands) {
    std::ostringstream help, ignored;
    command({"--help"}, help, ignored);
    all.push_back(options_of(name, help.str()));
  }
  std::vector<std::string> names;
  for (const auto& [name, command] : commands) names.push_back(name);
  names.insert(names.end(), {"schema", "completion"});

  out << "# bash completion for gilsim, made by `gilsim completion bash` from each command's --help.\n"
         "_gilsim() {\n"
         "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
         "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
         "    COMPREPLY=($(compgen -W \""
      << joined(names)
      << " --help --version\" -- \"$cur\"))\n"
         "    return\n"
         "  fi\n"
         "  local command=${COMP_WORDS[1]} options=\"\" with_value=\"\"\n"
         "  case \"$command\" in\n";
  for (const CommandOptions& c : all)
    out << "    " << c.name << ") options=\"" << joined(c.options) << "\" with_value=\"" << joined(c.with_value)
        << "\" ;;\n";
  out << "    schema) options=\"--help\" ;;\n"
         "    completion) COMPREPLY=($(compgen -W \"bash --help\" -- \"$cur\")); return ;;\n"
         "  esac\n"
         "  case \"$prev\" in\n"
         "    --format|-f)\n"
         "      case \"$command\" in\n"
         "        run|check) COMPREPLY=($(compgen -W \""
      << joined(report_format_names())
      << "\" -- \"$cur\")) ;;\n"
         "        compare) COMPREPLY=($(compgen -W \"text csv json html\" -- \"$cur\")) ;;\n"
         "        explore) COMPREPLY=($(compgen -W \"text csv json\" -- \"$cur\")) ;;\n"
         "        advise) COMPREPLY=($(compgen -W \"text json html\" -- \"$cur\")) ;;\n"
         "        *) COMPREPLY=($(compgen -W \"text json\" -- \"$cur\")) ;;\n"
         "      esac\n"
         "      return ;;\n"
         "    --gil) COMPREPLY=($(compgen -W \"on off scenario on,off\" -- \"$cur\")); return ;;\n"
         "    --metric) COMPREPLY=($(compgen -W \""
      << joined(metric_kind_names())
      << "\" -- \"$cur\")); return ;;\n"
         "    --output|-o|--machine|--python|--scenarios|--goldens)\n"
         "      compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
         "  esac\n"
         "  case \" $with_value \" in *\" $prev \"*) return ;; esac  # a value to type\n"
         "  if [[ \"$cur\" == -* ]]; then\n"
         "    COMPREPLY=($(compgen -W \"$options\" -- \"$cur\"))\n"
         "    return\n"
         "  fi\n"
         "  compopt -o filenames 2>/dev/null\n"
         "  if [ \"$command\" = check ]; then\n"
         "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
         "  else\n"
         "    COMPREPLY=($(compgen -f -X '!*.json' -- \"$cur\") $(compgen -d -- \"$cur\"))\n"
         "  fi\n"
         "}\n"
         "complete -F _gilsim gilsim\n";
  return kExitOk;
}

}  // namespace gilsim
