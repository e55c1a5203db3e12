#pragma once
// The points of a comparison: every combination of the --set values, the GIL
// settings and the core counts. Points are numbered from 1 in a fixed order:
// the first --set varies slowest, then the later --sets, then the GIL
// setting, and the number of cores fastest, so that each run of consecutive
// points with the same settings (a "series") reads as a scaling curve.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gilsim {

// --gil: each process's GIL as the scenario has it, forced on, or forced off.
enum class GilSetting : std::uint8_t { scenario, on, off };
const char* gil_setting_name(GilSetting setting);  // "scenario", "on", "off"

// A named axis whose values are shown as written ("gil.switch_interval": "1ms", "5ms").
struct SweepAxis {
  std::string name;
  std::vector<std::string> values;
};

struct Grid {
  std::vector<SweepAxis> sweeps;  // --set, in command-line order
  std::vector<GilSetting> gil = {GilSetting::scenario};
  bool gil_swept = false;  // --gil given: show its column
  std::vector<std::uint32_t> cores;

  // One combination of --set values; its index numbers the loaded scenario variants.
  std::size_t variant_count() const;
  std::vector<std::size_t> variant_choice(std::size_t variant) const;  // value index per sweep

  // A series is one variant with one GIL setting: its points differ only in cores.
  std::size_t series_count() const { return variant_count() * gil.size(); }
  std::size_t point_count() const { return series_count() * cores.size(); }

  struct Point {
    std::size_t series = 0;
    std::size_t variant = 0;
    std::size_t gil = 0;    // index into gil
    std::size_t cores = 0;  // index into cores
  };
  Point point(std::size_t index) const;  // 0-based here; shown 1-based
  std::size_t index(std::size_t series, std::size_t cores_index) const { return series * cores.size() + cores_index; }
};

// The largest grid a comparison accepts, so that a typo such as 1-1000000 is
// an error rather than a day of simulation.
inline constexpr std::size_t kMaxPoints = 100'000;

// Parsers for the command line. Each throws std::invalid_argument with a
// message saying what is wrong and what would be valid.

// "1,2,4-8": numbers and ascending ranges from 1 to 1048576, no repeats.
std::vector<std::uint32_t> parse_core_list(std::string_view text);
// "on,off,scenario", no repeats.
std::vector<GilSetting> parse_gil_list(std::string_view text);
// The powers of two from 1 up to `threads`: 1, 2, 4 for 5 threads.
std::vector<std::uint32_t> default_core_list(std::uint64_t threads);

// --shard K/N: the K-th (1-based) of N contiguous, near-equal slices of the
// points, so that concatenating the shards' CSV files in order K = 1..N gives
// exactly the unsharded CSV.
struct Shard {
  std::size_t number = 1;  // K
  std::size_t count = 1;   // N
  std::size_t begin(std::size_t points) const { return (number - 1) * points / count; }
  std::size_t end(std::size_t points) const { return number * points / count; }
};
Shard parse_shard(std::string_view text);

}  // namespace gilsim
