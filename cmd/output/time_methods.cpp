#include "cmd/output/time_methods.hpp"

#include <cctype>
#include <cstring>
#include <ctime>

#include "lib/core/time.hpp"

namespace docknet::output {
namespace {

constexpr int64_t kGoZeroUnix = -62135596800;  // 0001-01-01T00:00:00Z, Go's zero time
const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};
const char* const kWeekdays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

std::string pad(long long v, int width, char fill = '0') {
  std::string s = std::to_string(v);
  while (static_cast<int>(s.size()) < width) s.insert(s.begin(), fill);
  return s;
}

std::string zone_offset(int32_t offset, bool colon, bool hours_only, bool z_for_utc) {
  if (z_for_utc && offset == 0) return "Z";
  char sign = offset < 0 ? '-' : '+';
  int32_t a = offset < 0 ? -offset : offset;
  std::string out = std::string(1, sign) + pad(a / 3600, 2);
  if (!hours_only) out += (colon ? ":" : "") + pad(a / 60 % 60, 2);
  return out;
}

bool starts(const std::string& s, size_t i, const char* p) { return s.compare(i, std::strlen(p), p) == 0; }

}  // namespace

std::string format_time(const Value& time, const std::string& layout) {
  auto t = Timestamp::parse_rfc3339(time.as_string());
  if (!t) return time.time_text();
  time_t local = static_cast<time_t>(t->seconds + t->offset);
  std::tm tm{};
  gmtime_r(&local, &tm);
  int hour12 = tm.tm_hour % 12 == 0 ? 12 : tm.tm_hour % 12;
  std::string out;
  for (size_t i = 0; i < layout.size();) {
    // Longest elements first, as Go's nextStdChunk tells them apart.
    struct Element {
      const char* text;
      std::string value;
    };
    const Element elements[] = {
        {"January", kMonths[tm.tm_mon]},
        {"Monday", kWeekdays[tm.tm_wday]},
        {"Jan", std::string(kMonths[tm.tm_mon]).substr(0, 3)},
        {"Mon", std::string(kWeekdays[tm.tm_wday]).substr(0, 3)},
        {"MST", t->offset == 0 ? "UTC" : zone_offset(t->offset, false, false, false)},
        {"2006", pad(tm.tm_year + 1900, 4)},
        {"Z07:00", zone_offset(t->offset, true, false, true)},
        {"Z0700", zone_offset(t->offset, false, false, true)},
        {"Z07", zone_offset(t->offset, false, true, true)},
        {"-07:00", zone_offset(t->offset, true, false, false)},
        {"-0700", zone_offset(t->offset, false, false, false)},
        {"-07", zone_offset(t->offset, false, true, false)},
        {"002", pad(tm.tm_yday + 1, 3)},
        {"01", pad(tm.tm_mon + 1, 2)},
        {"02", pad(tm.tm_mday, 2)},
        {"_2", pad(tm.tm_mday, 2, ' ')},
        {"06", pad((tm.tm_year + 1900) % 100, 2)},
        {"15", pad(tm.tm_hour, 2)},
        {"03", pad(hour12, 2)},
        {"04", pad(tm.tm_min, 2)},
        {"05", pad(tm.tm_sec, 2)},
        {"PM", tm.tm_hour >= 12 ? "PM" : "AM"},
        {"pm", tm.tm_hour >= 12 ? "pm" : "am"},
        {"1", std::to_string(tm.tm_mon + 1)},
        {"2", std::to_string(tm.tm_mday)},
        {"3", std::to_string(hour12)},
        {"4", std::to_string(tm.tm_min)},
        {"5", std::to_string(tm.tm_sec)},
    };
    // Fractional seconds: .000 (exactly that many digits) or .999 (trailing zeros dropped).
    if ((layout[i] == '.' || layout[i] == ',') && i + 1 < layout.size() && (layout[i + 1] == '0' || layout[i + 1] == '9')) {
      char digit = layout[i + 1];
      size_t j = i + 1;
      while (j < layout.size() && layout[j] == digit) ++j;
      bool standalone = j >= layout.size() || !std::isdigit(static_cast<unsigned char>(layout[j]));
      if (standalone) {
        std::string frac = pad(t->nanos, 9).substr(0, j - i - 1);
        if (digit == '9') {
          while (!frac.empty() && frac.back() == '0') frac.pop_back();
          if (!frac.empty()) out += layout[i] + frac;
        } else {
          out += layout[i] + frac;
        }
        i = j;
        continue;
      }
    }
    bool matched = false;
    for (const auto& e : elements)
      if (starts(layout, i, e.text)) {
        out += e.value;
        i += std::strlen(e.text);
        matched = true;
        break;
      }
    if (!matched) out += layout[i++];
  }
  return out;
}

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
