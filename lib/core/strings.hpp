#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace docknet {

std::string trim(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
/// One CSV record, as pflag's StringSlice reads a flag value: fields split on commas, a field in
/// double quotes may hold commas, and "" inside it is one quote.
std::vector<std::string> split_csv(std::string_view s);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
std::string to_lower(std::string_view s);
bool is_hex(std::string_view s);
/// Go's strconv.ParseBool: 1 t T TRUE true True 0 f F FALSE false False.
std::optional<bool> parse_go_bool(std::string_view s);
/// Go's strconv.ParseInt(s, base, 64) for base 10 or 0 (0: the 0x/0o/0b/0 prefixes and `_`
/// between digits, as pflag's int flags read their values), with its two kinds of failure.
struct GoInt {
  enum class Status { Ok, Syntax, Range };
  long long value = 0;
  Status status = Status::Ok;
};
GoInt parse_go_int(std::string_view s, int base);
/// Go's strconv.Atoi: a decimal int64 with an optional sign.
std::optional<long long> parse_int(std::string_view s);
/// sortorder.NaturalLess as the docker CLI sorts network names: digit runs compare by value.
bool natural_less(std::string_view a, std::string_view b);
/// Go's %q quoting of a string (used in Go error texts).
std::string go_quote(std::string_view s);

using StringMap = std::map<std::string, std::string>;

}  // namespace docknet
