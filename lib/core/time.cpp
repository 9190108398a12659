#include "lib/core/time.hpp"

#include <ctime>

#include "lib/core/strings.hpp"

namespace docknet {

Timestamp Timestamp::now() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  std::tm local{};
  localtime_r(&ts.tv_sec, &local);
  return Timestamp{ts.tv_sec, static_cast<int32_t>(ts.tv_nsec), static_cast<int32_t>(local.tm_gmtoff)};
}

static std::tm civil(const Timestamp& t) {
  time_t shifted = t.seconds + t.offset;
  std::tm tm{};
  gmtime_r(&shifted, &tm);
  return tm;
}

// Hand-rolled digits: `ls` formats one timestamp per network, so this path is hot.
static void digits(std::string& out, int value, int width) {
  char buf[12];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0 || n < width);
  while (n > 0) out += buf[--n];
}

static void append_fraction(std::string& out, int32_t nanos) {
  if (nanos == 0) return;
  size_t start = out.size();
  out += '.';
  digits(out, nanos, 9);
  size_t end = out.size();
  while (end > start + 1 && out[end - 1] == '0') --end;
  out.resize(end);
}

static std::string offset_text(int32_t offset, bool colon) {
  int a = offset < 0 ? -offset : offset;
  std::string out(1, offset < 0 ? '-' : '+');
  digits(out, a / 3600, 2);
  if (colon) out += ':';
  digits(out, a / 60 % 60, 2);
  return out;
}

static std::string date_time(const std::tm& tm, char separator) {
  std::string out;
  out.reserve(40);
  digits(out, tm.tm_year + 1900, 4);
  out += '-';
  digits(out, tm.tm_mon + 1, 2);
  out += '-';
  digits(out, tm.tm_mday, 2);
  out += separator;
  digits(out, tm.tm_hour, 2);
  out += ':';
  digits(out, tm.tm_min, 2);
  out += ':';
  digits(out, tm.tm_sec, 2);
  return out;
}

std::string Timestamp::rfc3339nano() const {
  std::string out = date_time(civil(*this), 'T');
  append_fraction(out, nanos);
  out += offset == 0 ? "Z" : offset_text(offset, true);
  return out;
}

std::string Timestamp::go_string() const {
  std::tm tm = civil(*this);
  std::string zone = offset_text(offset, false);
  if (offset == 0) {
    zone = "UTC";
  } else {
    // Go names the zone only when the offset is the local zone's; otherwise it repeats the offset.
    time_t secs = seconds;
    std::tm local{};
    localtime_r(&secs, &local);
    if (local.tm_gmtoff == offset && local.tm_zone) zone = local.tm_zone;
  }
  std::string out = date_time(tm, ' ');
  append_fraction(out, nanos);
  return out + ' ' + offset_text(offset, false) + ' ' + zone;
}

static bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

static int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Parses "YYYY-MM-DD[THH:MM[:SS[.frac]]][Z|±hh:mm]"; a missing zone means local time.
std::optional<Timestamp> Timestamp::parse_rfc3339(std::string_view s) {
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return std::nullopt;
  size_t pos = 10;
  int32_t nanos = 0;
  if (pos < s.size() && s[pos] == 'T') {
    if (!digits(s, pos + 1, 2, h) || s.size() < pos + 6 || s[pos + 3] != ':' || !digits(s, pos + 4, 2, mi))
      return std::nullopt;
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (!digits(s, pos + 1, 2, sec)) return std::nullopt;
      pos += 3;
      if (pos < s.size() && s[pos] == '.') {
        size_t start = ++pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
        std::string frac(s.substr(start, pos - start));
        if (frac.empty() || frac.size() > 9) return std::nullopt;
        frac.resize(9, '0');
        nanos = std::stoi(frac);
      }
    }
  }
  int64_t local_secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
  std::optional<int32_t> offset;
  if (pos < s.size()) {
    if (s[pos] == 'Z' && pos + 1 == s.size()) {
      offset = 0;
    } else if ((s[pos] == '+' || s[pos] == '-') && s.size() == pos + 6 && s[pos + 3] == ':') {
      int oh, om;
      if (!digits(s, pos + 1, 2, oh) || !digits(s, pos + 4, 2, om)) return std::nullopt;
      offset = (s[pos] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else {
      return std::nullopt;
    }
  }
  if (!offset) {
    time_t guess = local_secs;
    std::tm local{};
    localtime_r(&guess, &local);
    offset = static_cast<int32_t>(local.tm_gmtoff);
  }
  return Timestamp{local_secs - *offset, nanos, *offset};
}

// Go's time.ParseDuration for the units docker users write (h, m, s, ms, us, ns).
static std::optional<double> parse_duration_seconds(std::string_view s) {
  if (s.empty()) return std::nullopt;
  double total = 0;
  size_t i = 0;
  bool neg = false;
  if (s[0] == '-' || s[0] == '+') neg = s[i++] == '-';
  if (i >= s.size()) return std::nullopt;
  while (i < s.size()) {
    size_t start = i;
    while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) ++i;
    if (start == i) return std::nullopt;
    double v = std::stod(std::string(s.substr(start, i - start)));
    size_t ustart = i;
    while (i < s.size() && !((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) ++i;
    auto unit = s.substr(ustart, i - ustart);
    double scale;
    if (unit == "h") scale = 3600;
    else if (unit == "m") scale = 60;
    else if (unit == "s") scale = 1;
    else if (unit == "ms") scale = 1e-3;
    else if (unit == "us" || unit == "\xC2\xB5s") scale = 1e-6;
    else if (unit == "ns") scale = 1e-9;
    else return std::nullopt;
    total += v * scale;
  }
  return neg ? -total : total;
}

std::optional<Timestamp> parse_until(std::string_view value, const Timestamp& now) {
  if (auto d = parse_duration_seconds(value)) {
    double t = static_cast<double>(now.seconds) + now.nanos / 1e9 - *d;
    auto secs = static_cast<int64_t>(t);
    return Timestamp{secs, static_cast<int32_t>((t - static_cast<double>(secs)) * 1e9), now.offset};
  }
  bool numeric = !value.empty();
  for (char c : value) numeric = numeric && ((c >= '0' && c <= '9') || c == '.');
  if (numeric) {
    auto dot = value.find('.');
    auto secs = parse_int(value.substr(0, dot));
    if (!secs) return std::nullopt;
    int32_t nanos = 0;
    if (dot != std::string_view::npos) {
      // Up to 20 digits, truncated or padded to 9, as moby's parseTimestamp.
      std::string frac(value.substr(dot + 1));
      if (frac.size() > 20 || frac.find('.') != std::string::npos) return std::nullopt;
      frac.resize(9, '0');
      nanos = std::stoi(frac);
    }
    return Timestamp{*secs, nanos, 0};
  }
  return Timestamp::parse_rfc3339(value);
}

// Go's %q of a byte: strconv.QuoteRune of its value (U+0080..U+00FF as UTF-8).
static std::string quote_byte(unsigned char c) {
  if (c == '\'') return "'\\''";
  if (c == '\\') return "'\\\\'";
  if (c >= 0x20 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
  if (c >= 0xa0) return std::string("'") + static_cast<char>(0xc0 | (c >> 6)) + static_cast<char>(0x80 | (c & 0x3f)) + "'";
  static const char* hex = "0123456789abcdef";
  switch (c) {
    case '\a': return "'\\a'";
    case '\b': return "'\\b'";
    case '\f': return "'\\f'";
    case '\n': return "'\\n'";
    case '\r': return "'\\r'";
    case '\t': return "'\\t'";
    case '\v': return "'\\v'";
  }
  // Other controls: \xNN below U+0080, \u00NN for the C1 range.
  return std::string(c < 0x80 ? "'\\x" : "'\\u00") + hex[c >> 4] + hex[c & 15] + "'";
}

std::string until_parse_error(std::string_view value) {
  const std::string wrap = "failed to parse value as time or duration: ";
  std::string v(value);
  if (v.find_first_not_of(" \t\n\r\v\f") == std::string::npos) return wrap + "value is empty";
  // moby@docker-v29.7.2:daemon/internal/timestamp/timestamp.go: a value with a '-' failed as a
  // date (Go's time.Parse text, approximated here); anything else failed as seconds[.nanos].
  if (v.find('-') != std::string::npos) return "parsing time " + go_quote(v) + ": cannot parse as a time";
  auto dot = v.find('.');
  std::string secs = v.substr(0, dot);
  std::string digits = !secs.empty() && (secs[0] == '+') ? secs.substr(1) : secs;
  bool all_digits = !digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos;
  if (!all_digits) return wrap + "invalid seconds " + go_quote(secs) + ": invalid syntax";
  if (!parse_int(secs)) return wrap + "invalid seconds " + go_quote(secs) + ": value out of range";
  std::string nanos = dot == std::string::npos ? "" : v.substr(dot + 1);
  if (nanos.size() > 20)
    return wrap + "invalid nanoseconds: length " + std::to_string(nanos.size()) + " exceeds maximum 20";
  for (size_t i = 0; i < nanos.size(); ++i)
    if (nanos[i] < '0' || nanos[i] > '9')
      return wrap + "invalid nanoseconds: invalid character " + quote_byte(static_cast<unsigned char>(nanos[i])) +
             " at position " + std::to_string(i);
  return wrap + "invalid seconds " + go_quote(secs) + ": invalid syntax";
}

}  // namespace docknet
