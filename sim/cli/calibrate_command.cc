// gilsim calibrate [--python EXE] [-o machine.json] [--runs N] [--quiet]
// Runs a measuring program with the interpreter and writes what it measured
// as a machine profile, which run, compare and verify take with --machine
// (docs/calibrate.md).
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <stdexcept>

#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/export_commands.h"
#include "cli/output_file.h"
#include "cli/program_runs.h"
#include "export/calibrate_program.h"
#include "export/child_process.h"
#include "export/machine_calibration.h"

namespace po = boost::program_options;

namespace gilsim {

namespace {

struct CalibrateOptions {
  std::string python = "python3";
  std::string output;
  unsigned runs = 100;
  bool quiet = false;
};

po::options_description calibrate_options(CalibrateOptions& o) {
  po::options_description d(
      "Usage: gilsim calibrate [options]\n\n"
      "Measures, with --python on this machine, what gilsim's machine settings stand\n"
      "for: timer slack, I/O latency, wake-ups, GIL hand-offs, thread and process\n"
      "starts and a print's write (each the median of many samples), and writes them\n"
      "as a machine profile, with every figure measured, for run, compare and verify\n"
      "--machine FILE.\n"
      "It takes 5 to 10 s with the default --runs. Exit code 7 when the\n"
      "interpreter fails or times out (docs/calibrate.md).\n\nOptions");
  d.add_options()
      ("help,h", "show this help")
      ("python", po::value(&o.python)->default_value(o.python), "the interpreter to measure")
      ("output,o", po::value(&o.output), "write the profile to FILE (atomically) instead of standard output")
      ("runs", po::value(&o.runs)->default_value(o.runs),
       "samples of each figure (10 to 2000; process starts take a tenth as many)")
      ("quiet,q", po::bool_switch(&o.quiet), "no progress line (it shows only on a terminal)");
  return d;
}

// The program's "progress: ..." lines, shown as they come.
class ProgressLines {
 public:
  explicit ProgressLines(Progress& progress) : progress_(progress) {}
  void operator()(std::string_view piece) {
    pending_.append(piece);
    std::size_t end;
    while ((end = pending_.find('\n')) != std::string::npos) {
      std::string line = pending_.substr(0, end);
      pending_.erase(0, end + 1);
      const std::string prefix = "progress: ";
      if (line.rfind(prefix, 0) == 0) progress_.show("calibrate: " + line.substr(prefix.size()) + "...");
    }
  }

 private:
  Progress& progress_;
  std::string pending_;
};

}  // namespace

int command_calibrate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CalibrateOptions o;
  po::options_description options = calibrate_options(o);
  po::variables_map vm;
  try {
    // No positional argument: an empty description makes boost refuse one rather than ignore it.
    po::store(po::command_line_parser(args).options(options).positional({}).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(std::string("calibrate: ") + e.what() + " (see: gilsim calibrate --help)");
  }
  if (vm.count("help")) {
    out << help_text(options) << "\nExamples:\n  gilsim calibrate -o machine.json\n"
        << "  gilsim run scenarios/convoy_effect.json --machine machine.json\n"
        << "  gilsim calibrate --python ~/.pyenv/versions/2.7.18/bin/python \\\n"
        << "                   -o machine-2.7.json\n";
    return kExitOk;
  }
  if (o.runs < 10 || o.runs > 2000) throw UsageError("calibrate: --runs must be from 10 to 2000");
  if (o.python.empty()) throw UsageError("calibrate: --python must name an interpreter");
  OutputFile output(o.output, out);  // fails early on an unwritable path

  TemporaryFolder folder("calibrate");
  const std::string program = folder.path() + "/calibrate.py";
  {
    std::ofstream file(program);
    file << calibrate_program();
    if (!file.flush()) throw OutputError("calibrate: cannot write " + program);
  }
  Progress progress(!o.quiet && &err == &std::cerr && ::isatty(STDERR_FILENO));
  progress.show("calibrate: starting " + o.python + "...");
  ProgressLines lines(progress);
  // About 30 ms per run on a quiet machine: the limit leaves room for a busy one.
  auto timeout = std::chrono::milliseconds(60'000 + 250 * static_cast<long long>(o.runs));
  ChildResult child =
      run_child({o.python, program, std::to_string(o.runs)}, timeout, [&](std::string_view piece) { lines(piece); });
  progress.clear();
  auto fail = [&](const std::string& what) {
    err << "error: calibrate: " << o.python << " " << what << stderr_tail(child.err) << "\n";
    return kExitVerifyRunFailed;
  };
  if (!child.ok()) {
    std::string what = child.describe();
    if (child.timed_out) what += " (the limit is 60 s plus 0.25 s per run)";
    return fail(what);
  }
  MachineCalibration calibration;
  try {
    calibration = make_machine_profile(child.out);
  } catch (const std::runtime_error& e) {
    return fail(std::string("printed no usable report: ") + e.what());
  }
  output.stream() << calibration.profile;
  output.commit();
  if (!o.output.empty()) out << describe_calibration(calibration) << "wrote " << o.output << "\n";
  return kExitOk;
}

}  // namespace gilsim
