#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>

#include "fakes/temp_dir.hpp"
#include "lib/core/error.hpp"
#include "lib/store/daemon_config.hpp"
#include "lib/store/file_store.hpp"
#include "lib/store/state_format.hpp"
#include "lib/store/yaml_codec.hpp"

using namespace docknet;
using namespace docknet::model;
using docknet::fakes::TempDir;

static State sample() {
  State s;
  s.boot_id = "b1";
  Network n;
  n.name = "odd: \"name\"";
  n.id = std::string(64, 'a');
  n.created = Timestamp{1795872214, 5, 3600};
  n.ipam_options = StringMap{{"k", "v"}};
  IpamConfig c;
  c.subnet = *IpPrefix::parse("10.1.0.0/16");
  c.ip_range = *IpPrefix::parse("10.1.2.0/24");
  c.gateway = *IpAddress::parse("10.1.0.1");
  c.aux_addresses["dns"] = *IpAddress::parse("10.1.0.2");
  n.ipam_config.push_back(c);
  n.options = {{"com.docker.network.bridge.name", "br0"}};
  n.labels = {{"empty", ""}, {"yes", "true"}};
  n.internal = true;
  n.bridge_preexisting = true;
  n.bridge_addresses_found = {*IpPrefix::parse("10.1.9.9/16"), *IpPrefix::parse("fd00:9::5/64")};
  n.containers["c1"] = Endpoint{"c1", "one", "e1", "02:00:00:00:00:01", *IpPrefix::parse("10.1.2.1/16"), std::nullopt,
                                "veth1234567", "eth0", {"web", "db"}, {"two:db"}, {*IpAddress::parse("169.254.0.9")}, true};
  s.containers.push_back(Container{"c1", "one", "/run/netns/one", 4, 4026532000});
  s.networks.push_back(n);
  Network mv;
  mv.name = "mv";
  mv.id = std::string(64, 'c');
  mv.driver = "macvlan";
  mv.enable_ipv6 = true;
  mv.options = {{"parent", "eth0.10"}};
  mv.parent_link_created = true;
  mv.removing = true;
  mv.ipam_config.push_back(IpamConfig{*IpPrefix::parse("fd00:1::/64"), std::nullopt, std::nullopt, {}});
  Endpoint e6;
  e6.container_id = "c1";
  e6.ipv6 = *IpPrefix::parse("fd00:1::2/64");
  e6.ifname = "eth1";
  e6.sysctls = "net.ipv4.conf.IFNAME.forwarding=1,net.ipv6.conf.IFNAME.accept_ra=2";
  e6.intent = "disconnect";
  mv.containers["c1"] = e6;
  s.networks.push_back(mv);
  Network host;
  host.name = "host";
  host.id = std::string(64, 'b');
  host.driver = "host";
  host.ipam_options = std::nullopt;
  s.networks.push_back(host);
  return s;
}

TEST_CASE("state survives a YAML round trip exactly, through the fast reader and yaml-cpp alike") {
  State s = sample();
  std::string text = store::encode_state(s);
  CHECK(store::read_state_fast(text) == s);
  CHECK(store::decode_state_with_yaml_cpp(text, "test") == s);
  State empty;
  CHECK(store::read_state_fast(store::encode_state(empty)) == empty);
  CHECK(store::decode_state_with_yaml_cpp(store::encode_state(empty), "test") == empty);
}

TEST_CASE("the fast reader takes block lists at the very end of the file") {
  // Regression: a connected network written last made the fast reader give up, so every call
  // fell back to yaml-cpp.
  State s = sample();
  std::swap(s.networks.front(), s.networks.back());
  CHECK(store::read_state_fast(store::encode_state(s)) == s);
}

TEST_CASE("a hand-edited state file still loads, through yaml-cpp") {
  std::string text = store::encode_state(sample());
  // Re-indented and re-quoted by hand: valid YAML the fast reader does not expect.
  std::string edited = text;
  auto at = edited.find("    scope: \"local\"");
  REQUIRE(at != std::string::npos);
  edited.replace(at, 18, "    scope:   local   # edited");
  CHECK_FALSE(store::read_state_fast(edited));
  CHECK(store::decode_state(edited, "test") == sample());
}

TEST_CASE("a state file of another schema version is refused, not misread") {
  CHECK_THROWS_WITH(store::decode_state("schema: 2\nnetworks: []\n# end of docknet state\n", "x.yaml"),
                    "corrupt state file x.yaml: schema version 2 is not 1 (written by another docknet version?)");
  CHECK_THROWS(store::decode_state("not: [valid", "x.yaml"));
}

TEST_CASE("the file store saves atomically and loads back") {
  TempDir dir;
  store::FileStore fs(dir.path + "/state");
  auto lock = fs.lock(true);
  CHECK_FALSE(fs.load());
  fs.save(sample());
  CHECK(*fs.load() == sample());
  CHECK(access((dir.path + "/state/networks.yaml.tmp").c_str(), F_OK) != 0);
}

TEST_CASE("a reader's lock creates nothing and waits for a writer only as long as it is told") {
  TempDir dir;
  std::string root = dir.path + "/state";
  store::FileStore reader(root);
  CHECK_FALSE(reader.lock_existing(false, std::chrono::milliseconds(100)));  // no store: nothing to lock
  CHECK_FALSE(reader.lock_existing(true, std::nullopt));
  CHECK_FALSE(reader.load());
  CHECK(access(root.c_str(), F_OK) != 0);  // and none made
  REQUIRE(mkdir(root.c_str(), 0700) == 0);
  CHECK(store::FileStore(root).lock_existing(false, std::nullopt));  // a store: no writer ever ran
  CHECK(access((root + "/lock").c_str(), F_OK) != 0);
  store::FileStore writer(root);
  {
    auto held = writer.lock(true);  // another open file description: its flock conflicts
    auto t0 = std::chrono::steady_clock::now();
    CHECK_FALSE(store::FileStore(root).lock_existing(false, std::chrono::milliseconds(200)));
    auto waited = std::chrono::steady_clock::now() - t0;
    CHECK(waited >= std::chrono::milliseconds(200));
    CHECK(waited < std::chrono::seconds(2));
  }
  CHECK(store::FileStore(root).lock_existing(false, std::chrono::milliseconds(100)));
}

TEST_CASE("daemon config: defaults when missing, pools and bip when given") {
  TempDir dir;
  auto defaults = store::load_daemon_config(dir.path + "/none.yaml");
  CHECK(defaults.default_address_pools == default_address_pools());
  std::ofstream(dir.path + "/c.yaml") << "default-address-pools:\n  - base: 10.10.0.0/16\n    size: 24\nbip: 10.99.0.1/24\nmtu: 1400\n";
  auto c = store::load_daemon_config(dir.path + "/c.yaml");
  REQUIRE(c.default_address_pools.size() == 1);
  CHECK(c.default_address_pools[0].size == 24);
  CHECK(c.bip->to_string() == "10.99.0.1/24");
  CHECK(c.mtu == 1400);
  std::ofstream(dir.path + "/bad.yaml") << "default-address-pools:\n  - base: nope\n    size: 24\n";
  CHECK_THROWS(store::load_daemon_config(dir.path + "/bad.yaml"));
}
