// Hidden ([.bench]): how long reading and writing a 100-network state takes in-process, so a
// change to the readers or the emitter can be compared before and after without the noise of
// exec and the kernel (make bench measures whole commands). Run: docknet_unit_tests '[bench]'
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "lib/store/state_format.hpp"
#include "lib/store/yaml_codec.hpp"

using namespace docknet;
using namespace docknet::model;

namespace {

// Like the state after `docknet create net1` ... `net100`, each with one container connected.
State hundred_networks() {
  State s;
  s.boot_id = "5c3f0a8e-3d1b-4d8e-9d0c-0f6c1a2b3c4d";
  for (int i = 1; i <= 100; ++i) {
    Network n;
    n.name = "net" + std::to_string(i);
    n.id = std::string(60, 'a') + std::to_string(1000 + i);
    n.created = Timestamp{1795872214 + i, 123456789, 7200};
    n.ipam_options = StringMap{};
    n.ipam_config.push_back(IpamConfig{*IpPrefix::parse("10.128." + std::to_string(i) + ".0/24"), std::nullopt,
                                       *IpAddress::parse("10.128." + std::to_string(i) + ".1"), {}});
    n.options = {{"com.docker.network.bridge.name", "br-" + n.id.substr(0, 12)}};
    n.user_subnet = i % 2 == 0;
    Endpoint e;
    e.container_id = std::string(64, 'c');
    e.name = "c";
    e.endpoint_id = std::string(64, 'e');
    e.mac_address = "02:42:0a:80:00:02";
    e.ipv4 = *IpPrefix::parse("10.128." + std::to_string(i) + ".2/24");
    e.host_ifname = "veth1234567";
    e.ifname = "eth0";
    n.containers[e.container_id] = e;
    s.networks.push_back(n);
  }
  s.containers.push_back(Container{std::string(64, 'c'), "c", "/run/netns/c", 4, 4026532000});
  return s;
}

template <class F>
double micros_per_call(int runs, F&& f) {
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < runs; ++i) f();
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() / runs;
}

}  // namespace

TEST_CASE("bench: read and write a state of 100 networks", "[.bench]") {
  State s = hundred_networks();
  std::string text = store::encode_state(s);
  REQUIRE(store::read_state_fast(text) == s);
  int runs = 400;
  size_t sink = 0;  // used, so that no call is optimised away; no Catch assertion in the timed loops
  double emit = micros_per_call(runs, [&] { sink += store::emit_state(s).size(); });
  double fast = micros_per_call(runs, [&] { sink += store::read_state_fast(text)->networks.size(); });
  double full = micros_per_call(runs / 20, [&] { sink += store::decode_state_with_yaml_cpp(text, "b").networks.size(); });
  CHECK(sink > 0);
  std::printf("100 networks, %zu bytes: emit %.0f us, fast read %.0f us, yaml-cpp read %.0f us\n", text.size(), emit,
              fast, full);
}

// Hidden ([.dump]): writes the emitted text of a few states to $DOCKNET_DUMP, so the bytes of
// two builds of the emitter can be compared with diff.
TEST_CASE("dump: emitted states, for comparing emitters", "[.dump]") {
  const char* dir = std::getenv("DOCKNET_DUMP");
  REQUIRE(dir);
  State full = hundred_networks();
  Network& n = full.networks[7];
  n.scope = "swarm";
  n.driver = "macvlan";
  n.enable_ipv4 = false;
  n.enable_ipv6 = n.internal = n.attachable = n.ingress = n.config_only = true;
  n.config_from = "cfg \"x\"\\";
  n.ipam_driver = "other";
  n.ipam_options = StringMap{{"a", "b"}, {std::string("\xff", 1), "c\x01"}};
  n.ipam_config.push_back(IpamConfig{*IpPrefix::parse("fd00::/64"), *IpPrefix::parse("fd00::/80"),
                                     *IpAddress::parse("fd00::1"), {{"x", *IpAddress::parse("fd00::9")}}});
  n.labels = {{"l", ""}};
  n.bridge_preexisting = n.pending = n.removing = n.user_subnet = n.parent_link_created = true;
  n.bridge_addresses_found = {*IpPrefix::parse("10.9.9.9/8"), *IpPrefix::parse("fd01::1/64")};
  Endpoint& e = n.containers.begin()->second;
  e.ipv6 = *IpPrefix::parse("fd00::2/64");
  e.aliases = {"a", "b"};
  e.links = {"c:d"};
  e.link_local_ips = {*IpAddress::parse("169.254.1.1"), *IpAddress::parse("fe80::1")};
  e.static_ip = true;
  e.gw_priority = -42;
  e.sysctls = "net.ipv4.conf.IFNAME.x=1";
  e.intent = "connect-new-container";
  full.containers.push_back(Container{"k", std::string("n\xc3\x28", 3), "/proc/1/ns/net", 1, 2, true});
  full.networks[8].ipam_options.reset();
  full.networks[9].ipam_config.clear();
  full.networks[9].containers.clear();
  int i = 0;
  for (const State& s : {State{}, hundred_networks(), full})
    std::ofstream(std::string(dir) + "/state" + std::to_string(i++) + ".yaml") << store::emit_state(s);
}
