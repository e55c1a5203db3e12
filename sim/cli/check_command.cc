// gilsim check GOLDEN...: the golden-file workflow as a user command. Each
// golden file is a report gilsim wrote; its scenario runs again and the new
// report is compared with it, a unified diff where they differ, --update to
// accept the new one.
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/output_file.h"
#include "cli/text_diff.h"
#include "model/roster.h"
#include "run/pipeline.h"
#include "scenario/loader.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace gilsim {

namespace {

constexpr const char* kCheckHelp =
    "Usage: gilsim check GOLDEN... [options]\n\n"
    "Runs the scenario of each golden file again and compares the new report with\n"
    "it, printing a unified diff where they differ. A golden file is a report that\n"
    "gilsim run wrote: its extension is the format (.text at --width, .events,\n"
    ".json, .summary, .chrome, .html) and its scenario is the .json file of the\n"
    "same name beside it, or, with --scenarios DIR, in DIR (at the golden's path\n"
    "below --goldens DIR). Exit code 0 when every report matches, 8 when one\n"
    "differs or is missing, 2 for bad usage or a bad scenario.\n\nOptions";

constexpr const char* kCheckExamples =
    "\nExamples:\n"
    "  gilsim run scenarios/convoy_effect.json --width 80 -o convoy.text\n"
    "  gilsim check convoy.text --scenarios scenarios\n"
    "  gilsim check tests/golden/sync/*.events --scenarios scenarios \\\n"
    "               --goldens tests/golden\n"
    "  gilsim check tests/golden/sync/*.events --scenarios scenarios \\\n"
    "               --goldens tests/golden --update\n";

struct CheckOptions {
  std::vector<std::string> goldens;
  std::string scenarios;  // empty: beside each golden
  std::string golden_root;
  int width = kFileWidth;
  bool update = false;
};

// The scenario a golden file was made from.
fs::path scenario_of(const CheckOptions& o, const fs::path& golden) {
  fs::path stem = golden.filename();
  stem.replace_extension(".json");
  if (o.scenarios.empty()) return golden.parent_path() / stem;
  fs::path relative = stem;
  if (!o.golden_root.empty()) {
    const fs::path below = golden.lexically_normal().parent_path().lexically_relative(fs::path(o.golden_root).lexically_normal());
    if (!below.empty() && *below.begin() != "..") relative = below / stem;
  }
  return fs::path(o.scenarios) / relative;
}

// The report of `scenario` in `format`, as gilsim run writes it; false (with
// the reason in `report`) when a limit stopped the run.
bool report_of(const fs::path& scenario, ReportFormat format, int width, std::string& report) {
  Scenario loaded = load_scenario_file(scenario.string());
  Roster roster(loaded);
  std::ostringstream out;
  RunRequest request;
  request.format = format;
  request.width = width;
  request.events_out = &out;
  RunProducts products = simulate(roster, request);
  if (products.outcome.stop != RunStop::drained) {
    report = "a limit stopped the run (gilsim run says which); there is no report to compare";
    return false;
  }
  write_report(out, roster, products, request);
  report = out.str();
  return true;
}

}  // namespace

int command_check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CheckOptions o;
  po::options_description options(kCheckHelp);
  options.add_options()
      ("help,h", "show this help")
      ("scenarios", po::value(&o.scenarios), "the folder of the scenarios (default: beside each golden file)")
      ("goldens", po::value(&o.golden_root), "the folder of the golden files, whose subfolders --scenarios has too")
      ("width,w", po::value(&o.width)->default_value(o.width), "columns of .text reports")
      ("update", po::bool_switch(&o.update), "write the reports as they are now (review the diff first)");
  const po::variables_map vm = parse_command_line(args, options, "check", {"golden", "GOLDEN", true});
  if (vm.count("help")) {
    out << help_text(options) << kCheckExamples;
    return kExitOk;
  }
  o.goldens = vm["golden"].as<std::vector<std::string>>();
  if (o.width < 40 || o.width > 1000) throw UsageError("check: --width must be from 40 to 1000");

  std::size_t passed = 0, failed = 0, bad = 0;
  for (const std::string& golden : o.goldens) {
    const fs::path path(golden);
    const std::string extension = path.extension().string();
    const std::optional<ReportFormat> format = extension.empty() ? std::nullopt : find_report_format(extension.substr(1));
    if (!format) {
      err << "error: " << golden << ": the extension says no report format (valid: .text, .json, .summary, "
          << ".events, .chrome, .html)\n";
      ++bad;
      continue;
    }
    const fs::path scenario = scenario_of(o, path);
    std::string report;
    try {
      if (!report_of(scenario, *format, o.width, report)) {
        out << "FAIL " << golden << ": " << report << "\n";
        ++failed;
        continue;
      }
    } catch (const InputError& e) {
      err << "error: " << golden << ": " << e.what() << "\n";
      ++bad;
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    const bool exists = static_cast<bool>(in);
    std::ostringstream saved;
    if (exists) saved << in.rdbuf();
    if (exists && saved.str() == report) {
      out << "ok   " << golden << "\n";
      ++passed;
      continue;
    }
    if (o.update) {
      OutputFile file(golden, out);
      file.stream() << report;
      file.commit();
      out << (exists ? "updated " : "created ") << golden << " (from " << scenario.string() << ")\n";
      ++passed;
      continue;
    }
    ++failed;
    if (!exists) {
      out << "FAIL " << golden << ": missing (gilsim check --update writes it from " << scenario.string() << ")\n";
      continue;
    }
    out << "FAIL " << golden << " (from " << scenario.string() << "):\n"
        << unified_diff(saved.str(), report, golden, "now") << "\n";
  }
  if (failed > 0 && !o.update) out << "(gilsim check --update accepts the reports as they are now)\n";
  out << "check: " << passed << " passed, " << failed << " failed";
  if (bad > 0) out << " (" << bad << " not checked: see the errors)";
  out << "\n";
  if (bad > 0) return kExitBadInput;
  return failed > 0 ? kExitCheckMismatch : kExitOk;
}

}  // namespace gilsim
