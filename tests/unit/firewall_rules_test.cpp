#include <catch2/catch.hpp>

#include "lib/model/bridge_options.hpp"
#include "lib/model/firewall_rules.hpp"
#include "tests/unit/rules_of.hpp"

using namespace docknet;
using namespace docknet::model;
using testing::endpoint_rules;
using testing::network_families;
using testing::network_rules;

static Network bridge_net(StringMap options = {}, bool internal = false) {
  Network n;
  n.name = "x";
  n.id = "0123456789abcdef";
  n.options = std::move(options);
  n.options[kOptBridgeName] = "br-dummy";
  n.internal = internal;
  IpamConfig c;
  c.subnet = *IpPrefix::parse("192.168.0.0/24");
  n.ipam_config.push_back(c);
  return n;
}

static std::vector<std::string> render(const std::vector<Rule>& rules) {
  std::vector<std::string> out;
  for (const auto& r : rules) out.push_back(std::string(table_name(r.table)) + " " + render_rule(r));
  return out;
}

// Expected lines are those of moby's iptabler goldens (testdata/TestIptabler_*), Docker 29.
TEST_CASE("default bridge network rules") {
  CHECK(render(network_rules(bridge_net())) ==
        std::vector<std::string>{"nat -A POSTROUTING -s 192.168.0.0/24 ! -o br-dummy -j MASQUERADE",
                                 "nat -A POSTROUTING -o br-dummy -m addrtype --src-type LOCAL -j MASQUERADE",
                                 "filter -A DOCKER-FORWARD -i br-dummy -j ACCEPT",
                                 "filter -A DOCKER ! -i br-dummy -o br-dummy -j DROP",
                                 "filter -A DOCKER-CT -o br-dummy -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                                 "filter -A DOCKER-BRIDGE -o br-dummy -j DOCKER"});
}

TEST_CASE("icc=false splits the outgoing accept and drops bridge-to-bridge") {
  auto r = render(network_rules(bridge_net({{kOptEnableIcc, "false"}})));
  CHECK(r[2] == "filter -A DOCKER-FORWARD -i br-dummy -o br-dummy -j DROP");
  CHECK(r[3] == "filter -A DOCKER-FORWARD -i br-dummy ! -o br-dummy -j ACCEPT");
}

TEST_CASE("masquerade off, SNAT with host_ipv4, routed and nat-unprotected modes") {
  auto no_masq = render(network_rules(bridge_net({{kOptEnableMasquerade, "false"}})));
  // The hairpin masquerade stays without masquerading (golden masq=false,...hairpin=true).
  CHECK(no_masq[0] == "nat -A POSTROUTING -o br-dummy -m addrtype --src-type LOCAL -j MASQUERADE");
  CHECK(no_masq[1] == "filter -A DOCKER-FORWARD -i br-dummy -j ACCEPT");
  auto snat = render(network_rules(bridge_net({{kOptHostIpv4, "192.0.2.10"}})));
  CHECK(snat.front() == "nat -A POSTROUTING -s 192.168.0.0/24 ! -o br-dummy -j SNAT --to-source 192.0.2.10");
  auto routed = render(network_rules(bridge_net({{kOptGatewayModeIpv4, "routed"}})));
  CHECK(routed[0] == "nat -A POSTROUTING -o br-dummy -m addrtype --src-type LOCAL -j MASQUERADE");
  CHECK(routed[1] == "filter -A DOCKER-FORWARD -i br-dummy -j ACCEPT");
  CHECK(routed[2] == "filter -A DOCKER -o br-dummy -p icmp -j ACCEPT");
  auto open = render(network_rules(bridge_net({{kOptGatewayModeIpv4, "nat-unprotected"}})));
  CHECK(open[3] == "filter -A DOCKER ! -i br-dummy -o br-dummy -j ACCEPT");
}

TEST_CASE("internal networks: DOCKER-INTERNAL drops, no NAT, ICC per option") {
  auto icc = network_rules(bridge_net({}, true));
  CHECK(render(icc) == std::vector<std::string>{"filter -A DOCKER-INTERNAL ! -d 192.168.0.0/24 -i br-dummy -j DROP",
                                                "filter -A DOCKER-INTERNAL ! -s 192.168.0.0/24 -o br-dummy -j DROP",
                                                "filter -A DOCKER-FORWARD -i br-dummy -o br-dummy -j ACCEPT"});
  CHECK(icc[0].position == Position::InsertTop);
  auto no_icc = render(network_rules(bridge_net({{kOptEnableIcc, "false"}}, true)));
  CHECK(no_icc[2] == "filter -A DOCKER-FORWARD -i br-dummy -o br-dummy -j DROP");
}

TEST_CASE("base layout: DOCKER-USER before DOCKER-FORWARD, nat jumps") {
  auto base = base_rules();
  CHECK(base.chains.size() == 7);
  CHECK(render(base.rules) == std::vector<std::string>{
                                  "filter -A FORWARD -j DOCKER-FORWARD", "filter -A FORWARD -j DOCKER-USER",
                                  "filter -A DOCKER-FORWARD -j DOCKER-CT", "filter -A DOCKER-FORWARD -j DOCKER-INTERNAL",
                                  "filter -A DOCKER-FORWARD -j DOCKER-BRIDGE",
                                  "nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
                                  "nat -A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER"});
}

TEST_CASE("networks without a bridge or a subnet have no rules") {
  Network host;
  host.driver = "host";
  CHECK(network_rules(host).empty());
  Network config = bridge_net();
  config.config_only = true;
  CHECK(network_rules(config).empty());
}
