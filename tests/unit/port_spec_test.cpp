#include <catch2/catch.hpp>

#include <algorithm>

#include "lib/core/error.hpp"
#include "lib/core/strings.hpp"
#include "lib/model/port_spec.hpp"

// The cases of Docker's own tests of the parsers `docker run -p` and `docker port` call:
// go-connections v0.8.0 nat/nat_test.go and nat/parse_test.go, docker/cli v29.7.2
// cli/command/container/opts_test.go (the long form), moby docker-v29.7.2
// integration-cli/docker_cli_port_test.go, moby api v1.55.0 types/network/port_test.go and
// fvbommel/sortorder v1.1.0 natsort_test.go; then edge cases read from their sources.

using namespace docknet;
using namespace docknet::model;

namespace {

constexpr int TCP = 6, UDP = 17, SCTP = 132;

IpAddress ip(const char* text) { return *IpAddress::parse(text); }

PortRequest req(int proto, uint16_t container, std::optional<IpAddress> host_ip = std::nullopt, uint16_t host = 0,
                uint16_t host_end = 0) {
  PortRequest r;
  r.protocol = proto;
  r.container_port = container;
  r.host_ip = host_ip;
  r.host_port = host;
  r.host_port_end = host_end;
  return r;
}

// The text parse_publish refuses `spec` with; "" if it accepts it.
std::string publish_error(const std::string& spec) {
  try {
    parse_publish(spec);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Client);
    return e.what();
  }
  return "";
}

std::string port_arg_error(const std::string& arg) {
  try {
    parse_port_arg(arg);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Client);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("publish: nat_test full spec, host range paired with container range") {
  CHECK(parse_publish("0.0.0.0:1234-1235:3333-3334/tcp") ==
        std::vector{req(TCP, 3333, ip("0.0.0.0"), 1234, 1234), req(TCP, 3334, ip("0.0.0.0"), 1235, 1235)});
}

TEST_CASE("publish: nat_test IPv6 host addresses, bracketed or bare") {
  CHECK(parse_publish("[2001:4860:0:2001::68]::333") == std::vector{req(TCP, 333, ip("2001:4860:0:2001::68"))});
  CHECK(parse_publish("[::1]:80:80") == std::vector{req(TCP, 80, ip("::1"), 80, 80)});
  CHECK(parse_publish("2001:4860:0:2001::68::333") == std::vector{req(TCP, 333, ip("2001:4860:0:2001::68"))});
  CHECK(parse_publish("::1:80:80") == std::vector{req(TCP, 80, ip("::1"), 80, 80)});
  CHECK(parse_publish("::::80") == std::vector{req(TCP, 80, ip("::"))});
}

TEST_CASE("publish: nat_test ParsePortSpecs, protocols, host ports and addresses") {
  CHECK(parse_publish("1234/tcp") == std::vector{req(TCP, 1234)});
  CHECK(parse_publish("2345/udp") == std::vector{req(UDP, 2345)});
  CHECK(parse_publish("3456/sctp") == std::vector{req(SCTP, 3456)});
  CHECK(parse_publish("1234:1234/tcp") == std::vector{req(TCP, 1234, std::nullopt, 1234, 1234)});
  CHECK(parse_publish("2345:2345/udp") == std::vector{req(UDP, 2345, std::nullopt, 2345, 2345)});
  CHECK(parse_publish("3456:3456/sctp") == std::vector{req(SCTP, 3456, std::nullopt, 3456, 3456)});
  CHECK(parse_publish("0.0.0.0:1234:1234/tcp") == std::vector{req(TCP, 1234, ip("0.0.0.0"), 1234, 1234)});
  CHECK(parse_publish("0.0.0.0:3456:3456/sctp") == std::vector{req(SCTP, 3456, ip("0.0.0.0"), 3456, 3456)});
  CHECK(publish_error("localhost:1234:1234/tcp") == "invalid IP address: localhost");
}

TEST_CASE("publish: nat_test ranges") {
  CHECK(parse_publish("1234-1236/tcp") == std::vector{req(TCP, 1234), req(TCP, 1235), req(TCP, 1236)});
  CHECK(parse_publish("2345-2347/udp") == std::vector{req(UDP, 2345), req(UDP, 2346), req(UDP, 2347)});
  CHECK(parse_publish("1234-1236:1234-1236/tcp") ==
        std::vector{req(TCP, 1234, std::nullopt, 1234, 1234), req(TCP, 1235, std::nullopt, 1235, 1235),
                    req(TCP, 1236, std::nullopt, 1236, 1236)});
  CHECK(parse_publish("0.0.0.0:3456-3458:3456-3458/sctp") ==
        std::vector{req(SCTP, 3456, ip("0.0.0.0"), 3456, 3456), req(SCTP, 3457, ip("0.0.0.0"), 3457, 3457),
                    req(SCTP, 3458, ip("0.0.0.0"), 3458, 3458)});
  CHECK(publish_error("localhost:1234-1236:1234-1236/tcp") == "invalid IP address: localhost");
}

TEST_CASE("publish: nat_test network opts, private only, public, udp, sctp") {
  CHECK(parse_publish("192.168.1.100::80") == std::vector{req(TCP, 80, ip("192.168.1.100"))});
  CHECK(parse_publish("192.168.1.100:8080:80") == std::vector{req(TCP, 80, ip("192.168.1.100"), 8080, 8080)});
  CHECK(parse_publish("192.168.1.100::6000/udp") == std::vector{req(UDP, 6000, ip("192.168.1.100"))});
  CHECK(parse_publish("192.168.1.100::6000/sctp") == std::vector{req(SCTP, 6000, ip("192.168.1.100"))});
  CHECK(publish_error("192.168.1.100") == "invalid containerPort: 192.168.1.100");
  CHECK(publish_error("192.168.1.100:-1:-1") == "invalid containerPort: -1");
}

TEST_CASE("publish: nat_test empty container port") {
  CHECK(publish_error("") == "no port specified: <empty>");
  CHECK(publish_error("0.0.0.0:1234-1235:/tcp") == "no port specified: 0.0.0.0:1234-1235:/tcp<empty>");
  CHECK(publish_error("0.0.0.0:1234-1235:") == "no port specified: 0.0.0.0:1234-1235:<empty>");
  // The missing port is reported before a bad protocol or address.
  CHECK(publish_error("/tcp") == "no port specified: /tcp<empty>");
  CHECK(publish_error("nonsense:80:/foo") == "no port specified: nonsense:80:/foo<empty>");
}

TEST_CASE("publish: integration-cli port ranges") {
  // A host range with one container port: one request, any free port of the range.
  CHECK(parse_publish("9090-9092:80") == std::vector{req(TCP, 80, std::nullopt, 9090, 9092)});
  CHECK(publish_error("9090-9089:80") == "invalid hostPort: 9090-9089");
  CHECK(publish_error("9090-:80") == "invalid hostPort: 9090-");
  CHECK(publish_error("-9090:80") == "invalid hostPort: -9090");
  CHECK(parse_publish("9800-9803:80-83") ==
        std::vector{req(TCP, 80, std::nullopt, 9800, 9800), req(TCP, 81, std::nullopt, 9801, 9801),
                    req(TCP, 82, std::nullopt, 9802, 9802), req(TCP, 83, std::nullopt, 9803, 9803)});
  CHECK(parse_publish("3000-3003").size() == 4);
}

TEST_CASE("publish: mismatched ranges, only a single container port may take a host range") {
  CHECK(publish_error("8080:80-81") == "invalid ranges specified for container and host Ports: 80-81 and 8080");
  CHECK(publish_error("8000-8001:80-82/udp") ==
        "invalid ranges specified for container and host Ports: 80-82 and 8000-8001");
  CHECK(parse_publish("8000-8001:80") == std::vector{req(TCP, 80, std::nullopt, 8000, 8001)});
  // "START-START" is one port however it is spelt.
  CHECK(parse_publish("8000-8000:80-80") == std::vector{req(TCP, 80, std::nullopt, 8000, 8000)});
}

TEST_CASE("publish: host port omitted or empty is ephemeral") {
  CHECK(parse_publish("80") == std::vector{req(TCP, 80)});
  CHECK(parse_publish(":80") == std::vector{req(TCP, 80)});
  CHECK(parse_publish("::80") == std::vector{req(TCP, 80)});
  CHECK(parse_publish("127.0.0.1::80") == std::vector{req(TCP, 80, ip("127.0.0.1"))});
  CHECK(parse_publish("0:80") == std::vector{req(TCP, 80)});  // Docker's "0" is ephemeral too
}

TEST_CASE("publish: protocol is lowercased before it is checked, and defaults to tcp") {
  CHECK(parse_publish("80/UDP") == std::vector{req(UDP, 80)});
  CHECK(parse_publish("80/Sctp") == std::vector{req(SCTP, 80)});
  CHECK(parse_publish("80/") == std::vector{req(TCP, 80)});
  CHECK(publish_error("80/FOO") == "invalid proto: foo");
  CHECK(publish_error("80/tcp/udp") == "invalid proto: tcp/udp");
  CHECK(publish_error("80/icmp") == "invalid proto: icmp");
  // The protocol is checked before the address and the ports.
  CHECK(publish_error("bad:x:y/foo") == "invalid proto: foo");
}

TEST_CASE("publish: host addresses as Go's net.ParseIP and net.SplitHostPort read them") {
  CHECK(parse_publish("[1.2.3.4]:80:80") == std::vector{req(TCP, 80, ip("1.2.3.4"), 80, 80)});
  CHECK(parse_publish("[]:80:80") == std::vector{req(TCP, 80, std::nullopt, 80, 80)});
  CHECK(parse_publish("::ffff:1.2.3.4:80:80") == std::vector{req(TCP, 80, ip("::ffff:1.2.3.4"), 80, 80)});
  CHECK(publish_error("[::1:80:80") == "invalid IP address [::1: address [::1:: missing ']' in address");
  CHECK(publish_error("[::1]::80:80") == "invalid IP address [::1]:: address [::1]::: too many colons in address");
  CHECK(publish_error("[::1]x:80:80") == "invalid IP address [::1]x: address [::1]x:: missing port in address");
  CHECK(publish_error("[[::1]:80:80") == "invalid IP address [[::1]: address [[::1]:: unexpected '[' in address");
  CHECK(publish_error("[foo]:80:80") == "invalid IP address: foo");
  CHECK(publish_error("fe80::1%eth0:80:80") == "invalid IP address: fe80::1%eth0");  // no zones
  CHECK(publish_error("01.2.3.4:80:80") == "invalid IP address: 01.2.3.4");
  CHECK(publish_error("1.2.3.4:80") == "invalid hostPort: 1.2.3.4");
}

TEST_CASE("publish: port numbers as nat's strconv.ParseInt reads them") {
  CHECK(parse_publish("+8080:+80") == std::vector{req(TCP, 80, std::nullopt, 8080, 8080)});
  CHECK(parse_publish("08080:080") == std::vector{req(TCP, 80, std::nullopt, 8080, 8080)});
  CHECK(parse_publish("0") == std::vector{req(TCP, 0)});
  CHECK(parse_publish("65535:65535") == std::vector{req(TCP, 65535, std::nullopt, 65535, 65535)});
  CHECK(publish_error("65536") == "invalid containerPort: 65536");
  CHECK(publish_error("99999999999999999999999") == "invalid containerPort: 99999999999999999999999");
  CHECK(publish_error("80:70000") == "invalid containerPort: 70000");
  CHECK(publish_error("70000:80") == "invalid hostPort: 70000");
  CHECK(publish_error("90-80") == "invalid containerPort: 90-80");
  CHECK(publish_error("80-90-100") == "invalid containerPort: 80-90-100");
  CHECK(publish_error("asdf") == "invalid containerPort: asdf");
  CHECK(publish_error(" 80") == "invalid containerPort:  80");
  CHECK(publish_error("8000-9000a") == "invalid containerPort: 8000-9000a");
  CHECK(publish_error("-") == "invalid containerPort: -");
  // The container port is checked before the host port.
  CHECK(publish_error("x:y") == "invalid containerPort: y");
}

TEST_CASE("publish: the long form, opts_test TestConvertToStandardNotation") {
  CHECK(parse_publish("target=10,published=20") == std::vector{req(TCP, 10, std::nullopt, 20, 20)});
  CHECK(parse_publish("published=1500,target=200") == std::vector{req(TCP, 200, std::nullopt, 1500, 1500)});
  CHECK(parse_publish("target=80,published=90,protocol=udp") == std::vector{req(UDP, 80, std::nullopt, 90, 90)});
  CHECK(parse_publish("target=80") == std::vector{req(TCP, 80)});
  CHECK(parse_publish("target=80,mode=host") == std::vector{req(TCP, 80)});  // other names ignored
  CHECK(parse_publish("target=80,target=81") == std::vector{req(TCP, 81)});  // the last one wins
  CHECK(publish_error("published=1500,target:444") ==
        "invalid publish opts format (should be name=value but got 'target:444')");
  CHECK(publish_error("published=1500,444") == "invalid publish opts format (should be name=value but got '444')");
  CHECK(publish_error("published=1500,target,444") ==
        "invalid publish opts format (should be name=value but got 'target')");
  CHECK(publish_error("target=80,") == "invalid publish opts format (should be name=value but got '')");
  CHECK(publish_error("=80") == "invalid publish opts format (should be name=value but got '=80')");
  // Rewritten as "PUBLISHED:TARGET/PROTOCOL" first, so the errors name that text.
  CHECK(publish_error("published=8080") == "no port specified: 8080:/tcp<empty>");
  CHECK(publish_error("target=80,protocol=foo") == "invalid proto: foo");
  CHECK(publish_error("target=80-81,published=8080") ==
        "invalid ranges specified for container and host Ports: 80-81 and 8080");
}

TEST_CASE("publish: the daemon refuses container port 0, daemon_test TestInvalidContainerPort0") {
  auto zero = parse_publish("8080:0/udp");  // the CLI lets it through
  try {
    check_port_requests(zero);
    FAIL("container port 0 accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::InvalidParameter);
    CHECK(std::string(e.what()) == "invalid port specification: \"0/udp\"");
  }
  CHECK_NOTHROW(check_port_requests(parse_publish("0:80")));
}

TEST_CASE("port argument: moby api port_test ParsePort") {
  CHECK(parse_port_arg("0/tcp") == ParsedPort{0, "tcp"});
  CHECK(parse_port_arg("65535/tcp") == ParsedPort{65535, "tcp"});
  CHECK(parse_port_arg("1234/tcp") == ParsedPort{1234, "tcp"});
  CHECK(parse_port_arg("1234/udp") == ParsedPort{1234, "udp"});
  CHECK(parse_port_arg("1234/sctp") == ParsedPort{1234, "sctp"});
  CHECK(parse_port_arg("1234") == ParsedPort{1234, "tcp"});
  CHECK(parse_port_arg("1234/") == ParsedPort{1234, "tcp"});
  CHECK(parse_port_arg("1234/tcp:ipv6only") == ParsedPort{1234, "tcp:ipv6only"});
  CHECK(parse_port_arg("1234/TCP") == ParsedPort{1234, "tcp"});
  CHECK(parse_port_arg("1234/tCp") == ParsedPort{1234, "tcp"});
  CHECK(parse_port_arg("80/foo") == ParsedPort{80, "foo"});  // not checked: just never published
  CHECK(port_arg_error("") == "invalid port: value is empty");
  CHECK(port_arg_error(" ") == "invalid port ' ': invalid syntax");
  CHECK(port_arg_error("/") == "invalid port '': value is empty");
  CHECK(port_arg_error("/tcp") == "invalid port '': value is empty");
  CHECK(port_arg_error("-1") == "invalid port '-1': invalid syntax");
  CHECK(port_arg_error("+1") == "invalid port '+1': invalid syntax");
  CHECK(port_arg_error("65536") == "invalid port '65536': value out of range");
  CHECK(port_arg_error("foo") == "invalid port 'foo': invalid syntax");
  CHECK(port_arg_error("1234-1240/udp") == "invalid port '1234-1240': invalid syntax");
  CHECK(port_arg_error("1234-1240") == "invalid port '1234-1240': invalid syntax");
  CHECK(port_arg_error("asd1234/tcp") == "invalid port 'asd1234': invalid syntax");
  // strconv stops at the first overflow or bad digit, whichever it meets first.
  CHECK(port_arg_error("70000x") == "invalid port '70000x': value out of range");
  CHECK(port_arg_error("6553x") == "invalid port '6553x': invalid syntax");
  CHECK(port_arg_error("99999999999999999999") == "invalid port '99999999999999999999': value out of range");
}

TEST_CASE("proto_name") {
  CHECK(proto_name(6) == "tcp");
  CHECK(proto_name(17) == "udp");
  CHECK(proto_name(132) == "sctp");
  CHECK(proto_name(1) == "1");
}

// The one natural order (lib/core/strings.cpp): `docker port` sorts its lines with it, as `ls`.
TEST_CASE("natural_less: sortorder natsort_test TestNaturalLess") {
  using docknet::natural_less;
  struct Case {
    const char *a, *b;
    bool less;
  };
  const Case cases[] = {
      {"0", "00", true},
      {"aa", "ab", true},
      {"ab", "abc", true},
      {"abc", "ad", true},
      {"ab1", "ab2", true},
      {"ab1c", "ab1c", false},
      {"ab12", "abc", true},
      {"ab2a", "ab10", true},
      {"a0001", "a0000001", true},
      {"a10", "abcdefgh2", true},
      {"\u0430\u04312\u0430\u0431", "\u0430\u043110\u0430\u0431", true},  // "аб2аб" < "аб10аб"
      {"2\u0430\u0431", "3\u0430\u0431", true},
      {"a1b", "a01b", true},
      {"ab01b", "ab010b", true},
      {"a01b001", "a001b01", true},
      {"a1", "a1x", true},
      {"1ax", "1b", true},
      {"082", "83", true},
      {"9a", "083a", true},
  };
  for (const auto& c : cases) {
    INFO(c.a << " < " << c.b);
    CHECK(natural_less(c.a, c.b) == c.less);
    // If a < b then never b < a; equal strings are less neither way.
    if (c.less) CHECK_FALSE(natural_less(c.b, c.a));
  }
  CHECK_FALSE(natural_less("", ""));
  CHECK(natural_less("", "a"));
}

TEST_CASE("natural_less: sortorder TestStringSort and docker port's golden order") {
  std::vector<std::string> got{"abc5", "abc1", "abc01", "ab", "abc10", "abc2"};
  std::sort(got.begin(), got.end(), [](const auto& a, const auto& b) { return natural_less(a, b); });
  CHECK(got == std::vector<std::string>{"ab", "abc1", "abc01", "abc2", "abc5", "abc10"});

  // cli/command/container/testdata/container-port-all-ports.golden (v29.7.2).
  std::vector<std::string> lines{"443/udp -> [::]:5678",    "80/tcp -> [::]:3456",     "443/tcp -> 0.0.0.0:4567",
                                 "80/tcp -> 0.0.0.0:3456",  "443/udp -> 0.0.0.0:5678", "443/tcp -> [::]:4567"};
  std::sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) { return natural_less(a, b); });
  CHECK(lines == std::vector<std::string>{"80/tcp -> 0.0.0.0:3456", "80/tcp -> [::]:3456", "443/tcp -> 0.0.0.0:4567",
                                          "443/tcp -> [::]:4567", "443/udp -> 0.0.0.0:5678", "443/udp -> [::]:5678"});
}

TEST_CASE("parse_publish_list: every long form converted before any value is parsed, as the CLI does") {
  CHECK_THROWS_WITH(parse_publish_list({"abc", "a=b,c"}), "invalid publish opts format (should be name=value but got 'c')");
  CHECK_THROWS_WITH(parse_publish_list({"abc", "published=1,target=2"}), "invalid containerPort: abc");
  CHECK(parse_publish_list({"80", "published=8080,target=81,protocol=udp"}).size() == 2);
}
