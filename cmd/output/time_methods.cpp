#include "cmd/output/time_methods.hpp"

#include <ctime>

#include "lib/core/time.hpp"

namespace docknet::output {
namespace {

constexpr int64_t kGoZeroUnix = -62135596800;  // 0001-01-01T00:00:00Z, Go's zero time
const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};
const char* const kWeekdays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

}  // namespace

std::optional<Value> time_method(const Value& time, const std::string& name) {
  auto t = Timestamp::parse_rfc3339(time.as_string());
  if (!t) return std::nullopt;
  if (name == "IsZero") return Value::boolean(t->seconds == kGoZeroUnix && t->nanos == 0);
  if (name == "Unix") return Value::integer(t->seconds);
  if (name == "UnixMilli") return Value::integer(t->seconds * 1000 + t->nanos / 1000000);
  if (name == "UnixMicro") return Value::integer(t->seconds * 1000000 + t->nanos / 1000);
  if (name == "UnixNano") return Value::integer(t->seconds * 1000000000 + t->nanos);
  if (name == "Nanosecond") return Value::integer(t->nanos);
  if (name == "String") return Value::string(time.time_text());
  // The calendar fields are those of the time's own zone, as Go's.
  time_t local = static_cast<time_t>(t->seconds + t->offset);
  std::tm tm{};
  gmtime_r(&local, &tm);
  if (name == "Year") return Value::integer(tm.tm_year + 1900);
  if (name == "YearDay") return Value::integer(tm.tm_yday + 1);
  if (name == "Day") return Value::integer(tm.tm_mday);
  if (name == "Hour") return Value::integer(tm.tm_hour);
  if (name == "Minute") return Value::integer(tm.tm_min);
  if (name == "Second") return Value::integer(tm.tm_sec);
  if (name == "Month") return Value::string(kMonths[tm.tm_mon]);      // time.Month prints its name
  if (name == "Weekday") return Value::string(kWeekdays[tm.tm_wday]);  // so does time.Weekday
  return std::nullopt;
}

}  // namespace docknet::output
