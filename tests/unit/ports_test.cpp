// Published ports: the bindings a --publish list expands to (Docker's order and families), the
// host ports chosen against the store and the fake kernel, the stored text, `docker port`'s lines,
// and the rules, against moby's iptabler goldens with hairpin on (docker-v29.7.2 TestIptabler).
#include <catch2/catch.hpp>

#include <algorithm>

#include "fakes/fixture.hpp"
#include "fakes/service_helpers.hpp"
#include "lib/core/error.hpp"
#include "lib/model/firewall_rules.hpp"
#include "lib/model/ports.hpp"
#include "lib/service/connect.hpp"
#include "lib/service/create_network.hpp"

using namespace docknet;
using namespace docknet::model;
using docknet::fakes::Fixture;

namespace {

IpAddress ip(const char* s) { return *IpAddress::parse(s); }

Network dual_stack(StringMap options = {}) {
  Network n;
  n.name = "dummy";
  n.id = "dummy";
  n.options = std::move(options);
  n.options[kOptBridgeName] = "br-dummy";
  n.enable_ipv6 = true;
  n.ipam_config = {{*IpPrefix::parse("192.168.0.0/24"), {}, ip("192.168.0.1"), {}},
                   {*IpPrefix::parse("fd49:efd7:54aa::/64"), {}, ip("fd49:efd7:54aa::ffff"), {}}};
  return n;
}

Endpoint moby_endpoint() {
  Endpoint e;
  e.container_id = "c";
  e.ipv4 = IpPrefix::parse("192.168.0.2/24");
  e.ipv6 = IpPrefix::parse("fd49:efd7:54aa::1/64");
  return e;
}

std::vector<PortRequest> publish(std::initializer_list<const char*> specs) {
  std::vector<PortRequest> out;
  for (const char* s : specs)
    for (auto& r : parse_publish(s)) out.push_back(r);
  return out;
}

std::string text(const std::vector<BindingRequest>& reqs) {
  std::string s;
  for (const auto& r : reqs)
    s += fmt::format("{}/{} {} {}-{}{};", r.container_port, proto_name(r.protocol), r.host_ip.to_string(), r.host_port,
                     r.host_port_end, r.routed ? " routed" : "");
  return s;
}

std::vector<std::string> port_rule_lines(const Network& n, const Endpoint& e) {
  std::vector<Rule> rules;
  append_port_rules(rules, n, parse_bridge_options(n.options), e);
  std::vector<std::string> out;
  for (const auto& r : rules)
    out.push_back(fmt::format("{}{} {}", r.family == Family::Ipv6 ? "6 " : "", table_name(r.table), render_rule(r)));
  return out;
}

}  // namespace

TEST_CASE("expand_publish: Docker's order, both families for an address-less request, explicit families kept") {
  auto n = dual_stack();
  auto o = parse_bridge_options(n.options);
  auto e = moby_endpoint();
  CHECK(text(expand_publish(n, o, e, publish({"80", "8081:80", "[::1]:8082:80", "127.0.0.1:8083:80/udp",
                                              "7100-7110:92", "7000-7001:90-91"}), true)) ==
        "80/tcp 0.0.0.0 8081-8081;80/tcp :: 8081-8081;80/tcp ::1 8082-8082;80/udp 127.0.0.1 8083-8083;"
        "90/tcp 0.0.0.0 7000-7000;90/tcp :: 7000-7000;91/tcp 0.0.0.0 7001-7001;91/tcp :: 7001-7001;"
        "80/tcp 0.0.0.0 0-0;80/tcp :: 0-0;92/tcp 0.0.0.0 7100-7110;92/tcp :: 7100-7110;");
  // No IPv6 sockets on the host: no implicit [::]; an IPv4-only endpoint never gets IPv6 ones.
  CHECK(text(expand_publish(n, o, e, publish({"80"}), false)) == "80/tcp 0.0.0.0 0-0;");
  e.ipv6.reset();
  CHECK(text(expand_publish(n, o, e, publish({"80", "[::]:81:81"}), true)) == "80/tcp 0.0.0.0 0-0;");
  // host_binding_ipv4 is the default address; routed maps nothing and binds to 0.0.0.0.
  auto hb = dual_stack({{kOptHostBindingIpv4, "127.0.0.1"}});
  CHECK(text(expand_publish(hb, parse_bridge_options(hb.options), moby_endpoint(), publish({"80"}), true)) ==
        "80/tcp 127.0.0.1 0-0;");
  auto routed = dual_stack({{kOptGatewayModeIpv4, "routed"}});
  CHECK(text(expand_publish(routed, parse_bridge_options(routed.options), moby_endpoint(),
                            publish({"127.0.0.1:8080:80"}), true)) == "80/tcp 0.0.0.0 8080-8080 routed;");
  auto internal = dual_stack();
  internal.internal = true;
  CHECK(expand_publish(internal, o, moby_endpoint(), publish({"80"}), true).empty());
  // IPv4-mapped IPv6 is IPv4 to Docker (To4), given with -p or as the default binding address.
  CHECK(text(expand_publish(n, o, moby_endpoint(), publish({"[::ffff:127.0.0.1]:80:80"}), true)) ==
        "80/tcp 127.0.0.1 80-80;");
  auto mapped = dual_stack({{kOptHostBindingIpv4, "::ffff:127.0.0.1"}});
  CHECK(text(expand_publish(mapped, parse_bridge_options(mapped.options), moby_endpoint(), publish({"80"}), true)) ==
        "80/tcp 127.0.0.1 0-0;");
}

TEST_CASE("stored bindings: text round trip, and hostile text refused") {
  PortBinding v6{17, 53, ip("::1"), 9000};
  CHECK(binding_text(v6) == "[::1]:9000->53/udp");
  CHECK(parse_binding_text("[::1]:9000->53/udp") == v6);
  CHECK(parse_binding_text("0.0.0.0:0->80/sctp") == PortBinding{132, 80, ip("0.0.0.0"), 0});
  for (const char* bad : {"", "0.0.0.0:80", "::1:9000->53/udp", "[1.2.3.4]:1->2/tcp", "0.0.0.0:65536->80/tcp",
                          "0.0.0.0:1->0/tcp", "0.0.0.0:1->80/icmp", "0.0.0.0:01->80/tcp", "0.0.0.0:1->80/tcp/x",
                          "x:1->80/tcp", "0.0.0.0:-1->80/tcp"})
    CHECK_FALSE(parse_binding_text(bad));
}

TEST_CASE("port collisions follow Docker's allocator: same family, same address or either unspecified") {
  PortBinding any4{6, 80, ip("0.0.0.0"), 8080};
  CHECK(port_collides(any4, ip("127.0.0.1"), 6, 8080));
  CHECK(port_collides({6, 80, ip("127.0.0.1"), 8080}, ip("0.0.0.0"), 6, 8080));
  CHECK_FALSE(port_collides({6, 80, ip("127.0.0.1"), 8080}, ip("127.0.0.2"), 6, 8080));
  CHECK_FALSE(port_collides(any4, ip("::"), 6, 8080));
  CHECK_FALSE(port_collides(any4, ip("0.0.0.0"), 17, 8080));
  CHECK_FALSE(port_collides({6, 80, ip("0.0.0.0"), 0}, ip("0.0.0.0"), 6, 0));  // routed holds nothing
}

TEST_CASE("docker port's lines, naturally sorted") {
  std::vector<PortBinding> b = {{6, 80, ip("::"), 32768}, {6, 80, ip("0.0.0.0"), 32768}, {6, 80, ip("::1"), 8082},
                                {6, 80, ip("0.0.0.0"), 8081}, {17, 53, ip("127.0.0.1"), 9000}, {6, 80, ip("0.0.0.0"), 0}};
  CHECK(port_lines(b) == std::vector<std::string>{"53/udp -> 127.0.0.1:9000", "80/tcp -> 0.0.0.0:",
                                                  "80/tcp -> 0.0.0.0:8081", "80/tcp -> 0.0.0.0:32768",
                                                  "80/tcp -> [::1]:8082", "80/tcp -> [::]:32768"});
  CHECK(port_lines_for(b, 80, "udp").empty());
  CHECK(port_lines_for(b, 53, "udp") == std::vector<std::string>{"127.0.0.1:9000"});
}

// moby@docker-v29.7.2 TestIptabler, hairpin=true, 8080->80/tcp on 0.0.0.0 and [::] (bindlh=false)
// or 127.0.0.1 and [::1] (bindlh=true): the per-port lines of the goldens.
TEST_CASE("port rules: moby's hairpin=true goldens, NAT, loopback, nat-unprotected, routed, internal") {
  auto e = moby_endpoint();
  e.ports = {{6, 80, ip("0.0.0.0"), 8080}, {6, 80, ip("::"), 8080}};
  CHECK(port_rule_lines(dual_stack(), e) ==
        std::vector<std::string>{
            "nat -A DOCKER -p tcp -m tcp --dport 8080 -j DNAT --to-destination 192.168.0.2:80",
            "nat -A POSTROUTING -s 192.168.0.2/32 -d 192.168.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE",
            "filter -A DOCKER -d 192.168.0.2/32 ! -i br-dummy -o br-dummy -p tcp -m tcp --dport 80 -j ACCEPT",
            "6 nat -A DOCKER ! -s fe80::/10 -p tcp -m tcp --dport 8080 -j DNAT --to-destination [fd49:efd7:54aa::1]:80",
            "6 nat -A POSTROUTING -s fd49:efd7:54aa::1/128 -d fd49:efd7:54aa::1/128 -p tcp -m tcp --dport 80 -j MASQUERADE",
            "6 filter -A DOCKER -d fd49:efd7:54aa::1/128 ! -i br-dummy -o br-dummy -p tcp -m tcp --dport 80 -j ACCEPT"});
  e.ports = {{6, 80, ip("127.0.0.1"), 8080}, {6, 80, ip("::1"), 8080}};
  auto lh = port_rule_lines(dual_stack(), e);
  CHECK(lh[0] == "raw -A PREROUTING -d 127.0.0.1/32 ! -i lo -p tcp -m tcp --dport 8080 -j DROP");
  CHECK(lh[1] == "nat -A DOCKER -d 127.0.0.1/32 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 192.168.0.2:80");
  CHECK(std::count_if(lh.begin(), lh.end(), [](const std::string& l) { return l.find("raw") != std::string::npos; }) == 1);
  CHECK(lh[4] ==
        "6 nat -A DOCKER ! -s fe80::/10 -d ::1/128 -p tcp -m tcp --dport 8080 -j DNAT --to-destination [fd49:efd7:54aa::1]:80");
  // nat-unprotected: no per-port ACCEPT (the bridge accepts everything); routed: only the ACCEPT.
  e.ports = {{6, 80, ip("0.0.0.0"), 8080}};
  auto open = port_rule_lines(dual_stack({{kOptGatewayModeIpv4, "nat-unprotected"}}), e);
  CHECK(open.size() == 2);
  e.ports = {{6, 80, ip("0.0.0.0"), 0}};
  CHECK(port_rule_lines(dual_stack({{kOptGatewayModeIpv4, "routed"}}), e) ==
        std::vector<std::string>{
            "filter -A DOCKER -d 192.168.0.2/32 ! -i br-dummy -o br-dummy -p tcp -m tcp --dport 80 -j ACCEPT"});
  auto internal = dual_stack();
  internal.internal = true;
  CHECK(port_rule_lines(internal, e).empty());
  // Several host ports to one container port: one MASQUERADE and one ACCEPT.
  e.ports = {{6, 80, ip("0.0.0.0"), 80}, {6, 80, ip("0.0.0.0"), 8080}};
  CHECK(port_rule_lines(dual_stack(), e).size() == 4);
}

namespace {

void prepare(Fixture& f) {
  f.kernel.namespaces = {{"/run/netns/c1", 101}, {"/run/netns/c2", 102}};
  f.kernel.state.sysctls["net.ipv4.ip_local_port_range"] = "32768\t60999";
  service::create_network(f.ctx, fakes::net("web"));
}

service::ConnectRequest with_ports(const char* c, std::initializer_list<const char*> specs) {
  auto r = fakes::to("web", c);
  r.publish = publish(specs);
  return r;
}

}  // namespace

TEST_CASE("connect --publish: ports chosen, stored, taken ones refused with nothing changed") {
  Fixture f;
  prepare(f);
  service::connect_container(f.ctx, with_ports("c1", {"80", "8080:80", "7000-7010:90"}));
  const auto& e = fakes::endpoint(f, "web", "c1");
  CHECK(e.ports == std::vector<PortBinding>{{6, 80, ip("0.0.0.0"), 8080}, {6, 80, ip("0.0.0.0"), 32768},
                                            {6, 90, ip("0.0.0.0"), 7000}});
  auto before = f.kernel.state;
  auto saved = f.store.saved;
  REQUIRE_THROWS_WITH(service::connect_container(f.ctx, with_ports("c2", {"127.0.0.1:8080:80"})),
                      Catch::Matches("driver failed programming external connectivity on endpoint c2 \\([0-9a-f]{64}\\): "
                                     "Bind for 0.0.0.0:8080 failed: port is already allocated"));
  CHECK(f.kernel.state == before);
  CHECK(f.store.saved == saved);
  // A process holds 7001; the range goes on to 7002. An ephemeral request skips reserved ports.
  f.kernel.busy_ports = {"0.0.0.0:7001/6", "0.0.0.0:8095/6"};
  f.kernel.state.sysctls["net.ipv4.ip_local_reserved_ports"] = "32769-32770";
  REQUIRE_THROWS_WITH(service::connect_container(f.ctx, with_ports("c2", {"8095:80"})),
                      Catch::EndsWith(": failed to bind host port 0.0.0.0:8095/tcp: address already in use"));
  f.kernel.no_sctp = true;
  REQUIRE_THROWS_WITH(service::connect_container(f.ctx, with_ports("c2", {"8096:80/sctp"})),
                      Catch::EndsWith(": failed to create socket for 0.0.0.0:8096/sctp: protocol not supported"));
  REQUIRE_THROWS_WITH(service::connect_container(f.ctx, with_ports("c2", {"0-5:86"})),
                      Catch::EndsWith(": invalid port range: 0-5"));
  service::connect_container(f.ctx, with_ports("c2", {"7000-7010:90", "80"}));
  CHECK(fakes::endpoint(f, "web", "c2").ports ==
        std::vector<PortBinding>{{6, 80, ip("0.0.0.0"), 32771}, {6, 90, ip("0.0.0.0"), 7002}});
}

TEST_CASE("connect --publish: the ephemeral range exhausted is Docker's 'all ports are allocated'") {
  Fixture f;
  prepare(f);
  f.kernel.state.sysctls["net.ipv4.ip_local_port_range"] = "40000\t40000";
  service::connect_container(f.ctx, with_ports("c1", {"80"}));
  CHECK(fakes::endpoint(f, "web", "c1").ports == std::vector<PortBinding>{{6, 80, ip("0.0.0.0"), 40000}});
  REQUIRE_THROWS_WITH(service::connect_container(f.ctx, with_ports("c2", {"80"})), Catch::EndsWith(": all ports are allocated"));
}
