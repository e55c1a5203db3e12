#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

#include "compare/grid.h"

namespace gilsim {
namespace {

using Cores = std::vector<std::uint32_t>;

TEST_CASE("core lists: numbers and ranges, in the order written") {
  CHECK(parse_core_list("4") == Cores{4});
  CHECK(parse_core_list("1,2,4,8") == Cores{1, 2, 4, 8});
  CHECK(parse_core_list("1-4") == Cores{1, 2, 3, 4});
  CHECK(parse_core_list("1,2,4-8") == Cores{1, 2, 4, 5, 6, 7, 8});
  CHECK(parse_core_list("8,2") == Cores{8, 2});
  CHECK(parse_core_list("3-3") == Cores{3});
  CHECK(parse_core_list("1048576") == Cores{1048576});
}

TEST_CASE("core lists: every mistake says what is wrong and what would be valid") {
  CHECK_THROWS_WITH_AS(parse_core_list("0"),
                       "\"0\" is not a core count (numbers from 1 to 1048576, or ranges such as 4-8)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_core_list("1048577"),
                       "\"1048577\" is not a core count (numbers from 1 to 1048576, or ranges such as 4-8)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_core_list("1,two"),
                       "\"two\" is not a core count (numbers from 1 to 1048576, or ranges such as 4-8)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_core_list("-4"),
                       "\"-4\" is not a core count (numbers from 1 to 1048576, or ranges such as 4-8)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_core_list("1-"),
                       "\"1-\" is not a core count (numbers from 1 to 1048576, or ranges such as 4-8)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_core_list("1-2-3"),
                       "\"1-2-3\" is not a core count (numbers from 1 to 1048576, or ranges such as 4-8)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_core_list("+2"),
                       "\"+2\" is not a core count (numbers from 1 to 1048576, or ranges such as 4-8)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_core_list("8-2"), "range \"8-2\" runs backwards (write the smaller number first: 2-8)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_core_list("1,,2"), "empty item in \"1,,2\" (e.g. --cores 1,2,4,8 or --cores 1-16)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_core_list(""), "empty item in \"\" (e.g. --cores 1,2,4,8 or --cores 1-16)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_core_list("1-4,4"), "4 cores named twice in \"1-4,4\"", std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_core_list("1-200000"),
                       "range \"1-200000\" has more than 100000 core counts (pick a few, e.g. 1,2,4,8)",
                       std::invalid_argument);
}

TEST_CASE("GIL lists") {
  CHECK(parse_gil_list("on,off") == std::vector<GilSetting>{GilSetting::on, GilSetting::off});
  CHECK(parse_gil_list("scenario") == std::vector<GilSetting>{GilSetting::scenario});
  CHECK_THROWS_WITH_AS(parse_gil_list("on,no"),
                       "\"no\" is not a GIL setting (valid: on, off, scenario; e.g. --gil on,off)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_gil_list("off,off"), "\"off\" named twice in \"off,off\"", std::invalid_argument);
}

TEST_CASE("default core list: powers of two up to the number of threads") {
  CHECK(default_core_list(1) == Cores{1});
  CHECK(default_core_list(4) == Cores{1, 2, 4});
  CHECK(default_core_list(5) == Cores{1, 2, 4});
  CHECK(default_core_list(17) == Cores{1, 2, 4, 8, 16});
  CHECK(default_core_list(0) == Cores{1});
  CHECK(default_core_list(10'000'000).back() == 1048576);
}

TEST_CASE("grid order: first --set slowest, then gil, cores fastest") {
  Grid grid;
  grid.sweeps = {{"a", {"1", "2"}}, {"b", {"x", "y", "z"}}};
  grid.gil = {GilSetting::on, GilSetting::off};
  grid.cores = {1, 2, 4, 8};
  CHECK(grid.variant_count() == 6);
  CHECK(grid.series_count() == 12);
  CHECK(grid.point_count() == 48);
  CHECK(grid.variant_choice(0) == std::vector<std::size_t>{0, 0});
  CHECK(grid.variant_choice(1) == std::vector<std::size_t>{0, 1});
  CHECK(grid.variant_choice(5) == std::vector<std::size_t>{1, 2});
  Grid::Point p = grid.point(29);  // variant 3 (a=2, b=x), gil off, 2 cores
  CHECK(p.series == 7);
  CHECK(p.variant == 3);
  CHECK(p.gil == 1);
  CHECK(p.cores == 1);
  CHECK(grid.index(p.series, p.cores) == 29);
}

TEST_CASE("shards: 1-based K of N contiguous slices that cover every point once") {
  CHECK(parse_shard("2/4").number == 2);
  CHECK(parse_shard("2/4").count == 4);
  for (const char* bad : {"0/4", "5/4", "4", "a/b", "1/0", "/4", "1/", "-1/4", "1/200000"})
    CHECK_THROWS_WITH_AS(parse_shard(bad),
                         (std::string("\"") + bad +
                          "\" is not a shard (expected K/N with 1 <= K <= N, e.g. --shard 1/4 ... --shard 4/4)")
                             .c_str(),
                         std::invalid_argument);
  for (std::size_t points : {1u, 7u, 16u, 100u}) {
    for (std::size_t n : {1u, 3u, 4u, 9u}) {
      std::size_t next = 0;
      for (std::size_t k = 1; k <= n; ++k) {
        Shard shard{k, n};
        CHECK(shard.begin(points) == next);
        CHECK(shard.end(points) >= shard.begin(points));
        CHECK(shard.end(points) - shard.begin(points) <= points / n + 1);
        next = shard.end(points);
      }
      CHECK(next == points);
    }
  }
}

}  // namespace
}  // namespace gilsim
