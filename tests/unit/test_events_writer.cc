// The events writer: one line per observer call.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "feed.h"
#include "model_fixture.h"
#include "recorder_fixture.h"
#include "report/events_writer.h"

namespace gilsim {
namespace {

using namespace recorder_test;  // NOLINT: the fixture's names read as the run's

TEST_CASE("events writer: one line per call, exact nanoseconds") {
  Fixture f;
  std::ostringstream out;
  EventsWriter events(out, f.roster);
  testing::Feed writer(events, f.roster);
  drive(writer);
  CHECK(out.str() ==
        "0 app/main ready\n"
        "0 app/main running core=0\n"
        "0 app/main gil_acquire\n"
        "500000 app/main ready\n"
        "500000 app/main running core=0\n"
        "1000000 app/main print \"hello \\\"world\\\"\\n\"\n"
        "1000000 app/worker-1 ready\n"
        "1000000 app/main gil_release\n"
        "1000000 app/main start app/worker-1\n"
        "1000000 app/worker-1 running core=1\n"
        "1000000 app/worker-1 gil_acquire\n"
        "2000000 app/main ready\n"
        "2000000 app/main running core=0\n"
        "2000000 app/main gil_wait\n"
        "2000000 app/main gil_drop_request\n"
        "7000000 app/worker-1 gil_release\n"
        "7000000 app/worker-1 gil_wait\n"
        "7000000 app/main gil_acquire forced\n"
        "7000000 app/main running core=0\n"
        "8000000 app/main join app/worker-1\n"
        "8000000 app/main gil_release\n"
        "8000000 app/worker-1 gil_acquire\n"
        "8000000 app/worker-1 running core=1\n"
        "10000000 app/worker-1 finished\n"
        "10000000 app/worker-1 gil_release\n"
        "10000000 app/main ready\n"
        "10000000 app/main running core=0\n"
        "10000000 app/main gil_acquire\n"
        "11000000 app/main finished\n"
        "11000000 app/main gil_release\n"
        "11000000 end\n");
}

TEST_CASE("events writer: non-ASCII print text and deadlock line") {
  Fixture f;
  std::ostringstream out;
  EventsWriter events(out, f.roster);
  testing::Feed writer(events, f.roster);
  writer.on_print(10, kMain, "caf\xc3\xa9\tx");
  writer.on_deadlock(testing::stuck_join(12, kMain, kWorker));
  writer.on_end(12);
  CHECK(out.str() ==
        "10 app/main print \"caf\\u00e9\\tx\"\n12 deadlock \"deadlock at 12 ns: app/main waits to join app/worker-1\"\n12 "
        "end\n");
}

}  // namespace
}  // namespace gilsim
