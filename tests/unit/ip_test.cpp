#include <catch2/catch.hpp>

#include "lib/core/ip.hpp"
#include "lib/core/strings.hpp"
#include "lib/core/time.hpp"

using namespace docknet;

TEST_CASE("IPv4 and IPv6 addresses parse and print canonically") {
  CHECK(IpAddress::parse("172.18.0.1")->to_string() == "172.18.0.1");
  CHECK(IpAddress::parse("fd00:0:0::1")->to_string() == "fd00::1");
  CHECK_FALSE(IpAddress::parse("172.18.0"));
  CHECK_FALSE(IpAddress::parse("172.18.0.256"));
  CHECK_FALSE(IpAddress::parse("foo"));
}

TEST_CASE("prefixes keep host bits until masked, like netip.Prefix") {
  auto p = *IpPrefix::parse("172.18.0.1/16");
  CHECK(p.to_string() == "172.18.0.1/16");
  CHECK_FALSE(p.is_masked());
  CHECK(p.masked().to_string() == "172.18.0.0/16");
  CHECK(p.last().to_string() == "172.18.255.255");
  CHECK(p.size() == 65536);
  CHECK_FALSE(IpPrefix::parse("10.0.0.0/33"));
  CHECK_FALSE(IpPrefix::parse("10.0.0.0/016"));
  CHECK_FALSE(IpPrefix::parse("10.0.0.0"));
}

TEST_CASE("containment and overlap") {
  auto a = *IpPrefix::parse("10.0.0.0/8");
  auto b = *IpPrefix::parse("10.1.0.0/16");
  auto c = *IpPrefix::parse("11.0.0.0/16");
  CHECK(a.overlaps(b));
  CHECK(b.overlaps(a));
  CHECK_FALSE(a.overlaps(c));
  CHECK(a.contains(*IpAddress::parse("10.255.0.1")));
  CHECK_FALSE(a.contains(*IpAddress::parse("fd00::1")));
}

TEST_CASE("natural order sorts digit runs by value, as docker ls does") {
  CHECK(natural_less("network-2-foo", "network-10-foo"));
  CHECK_FALSE(natural_less("network-10-foo", "network-2-foo"));
  CHECK(natural_less("a", "b"));
  CHECK(natural_less("bnet", "bridge"));
  CHECK(natural_less("net1", "net01"));  // equal values: fewer leading zeros first
  // sortorder.NaturalLess: a digit sorts before any other byte, bytes compare unsigned (UTF-8).
  CHECK(natural_less("0123456789ab", "-dash"));
  CHECK(natural_less("with space", "\xc3\xbc" "n\xc3\xaf" "code"));
  CHECK_FALSE(natural_less("\xc3\xbc" "n\xc3\xaf" "code", "-dash"));
  CHECK(natural_less("a", "a0"));
}

TEST_CASE("Go bool parsing accepts exactly strconv.ParseBool's spellings") {
  CHECK(parse_go_bool("True") == true);
  CHECK(parse_go_bool("F") == false);
  CHECK_FALSE(parse_go_bool("yes"));
}

TEST_CASE("timestamps print as Go prints them") {
  Timestamp t{1795872214, 649959544, 0};
  CHECK(t.rfc3339nano() == "2026-11-28T13:23:34.649959544Z");
  CHECK(t.go_string() == "2026-11-28 13:23:34.649959544 +0000 UTC");
  Timestamp round{1795872214, 500000000, 3600};
  CHECK(round.rfc3339nano() == "2026-11-28T14:23:34.5+01:00");
  auto parsed = Timestamp::parse_rfc3339("2026-11-28T14:23:34.5+01:00");
  REQUIRE(parsed);
  CHECK(parsed->seconds == 1795872214);
  CHECK(parsed->nanos == 500000000);
}

TEST_CASE("until accepts durations, unix seconds and dates") {
  Timestamp now{1795872214, 0, 0};
  CHECK(parse_until("24h", now)->seconds == 1795872214 - 86400);
  CHECK(parse_until("1h30m", now)->seconds == 1795872214 - 5400);
  CHECK(parse_until("1795800000", now)->seconds == 1795800000);
  CHECK(parse_until("2026-11-28T13:23:34Z", now)->seconds == 1795872214);
  CHECK_FALSE(parse_until("yesterday", now));
}

TEST_CASE("parse_go_int: strconv.ParseInt with base 0 (pflag's int flags) and base 10 (Atoi)") {
  using S = GoInt::Status;
  auto ok = [](const char* s, int base, long long want) {
    GoInt n = parse_go_int(s, base);
    CHECK(n.status == S::Ok);
    CHECK(n.value == want);
  };
  auto bad = [](const char* s, int base, S want) { CHECK(parse_go_int(s, base).status == want); };
  ok("0x10", 0, 16); ok("0X1f", 0, 31); ok("0o17", 0, 15); ok("010", 0, 8); ok("0b11", 0, 3); ok("0", 0, 0);
  ok("1_000", 0, 1000); ok("0x_1f", 0, 31); ok("+5", 0, 5); ok("-0x10", 0, -16);
  ok("9223372036854775807", 0, INT64_MAX); ok("-9223372036854775808", 10, INT64_MIN);
  bad("9223372036854775808", 0, S::Range); bad("-9223372036854775809", 10, S::Range);
  bad("99999999999999999999999", 10, S::Range);
  bad("1__0", 0, S::Syntax); bad("_1", 0, S::Syntax); bad("1_", 0, S::Syntax); bad("1_000", 10, S::Syntax);
  bad("08", 0, S::Syntax); bad("0x", 0, S::Syntax); bad("0b", 0, S::Syntax); bad("0x10", 10, S::Syntax);
  bad("", 0, S::Syntax); bad("-", 10, S::Syntax); bad(" 5", 0, S::Syntax); bad("5 ", 10, S::Syntax);
  ok("0010", 10, 10);  // Atoi: leading zeros are decimal
  CHECK(parse_int("1234567890123456789") == 1234567890123456789LL);  // 19 digits
}
