// Issue 9: the store is all-or-nothing. A state file cut short, mistyped or planted is refused
// with an error naming the file, never read with defaults and never overwritten.
#include <catch2/catch.hpp>

#include "fakes/temp_dir.hpp"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "lib/core/error.hpp"
#include "lib/store/daemon_config.hpp"
#include "lib/store/file_store.hpp"
#include "lib/core/base64.hpp"
#include "lib/store/state_decode.hpp"
#include "lib/store/state_format.hpp"
#include "lib/store/yaml_codec.hpp"

using namespace docknet;
using namespace docknet::model;

using docknet::fakes::slurp;
using docknet::fakes::TempDir;

namespace {

IpPrefix P(const char* s) { return *IpPrefix::parse(s); }
IpAddress A(const char* s) { return *IpAddress::parse(s); }

/// A store as a busy host has it: built-ins, bridges with IPv4 and IPv6 pools, options, labels,
/// endpoints (static, aliased, with intents), a macvlan network and a pending one.
State realistic() {
  State s;
  s.boot_id = "5c1e8b52-9f3a-4d53-8a40-2b1f0e6c9d11";
  s.containers.push_back(Container{std::string(64, '1'), "web", "/run/netns/web", 4, 4026532001});
  s.containers.push_back(Container{std::string(64, '2'), "db", "/run/netns/db", 4, 4026532002});
  for (const char* name : {"bridge", "host", "none"}) {
    Network n;
    n.name = name;
    n.id = std::string(64, name[0]);
    n.driver = name;
    n.created = Timestamp{1795872214, 1000, 0};
    if (std::string(name) == "bridge") {
      n.ipam_config.push_back(IpamConfig{P("172.17.0.0/16"), std::nullopt, A("172.17.0.1"), {}});
      n.options = {{"com.docker.network.bridge.default_bridge", "true"}, {"com.docker.network.bridge.name", "docker0"}};
    } else {
      n.ipam_options = std::nullopt;
    }
    s.networks.push_back(n);
  }
  Network lab;
  lab.name = "lab";
  lab.id = std::string(64, 'd');
  lab.created = Timestamp{1795872300, 123456789, 3600};
  lab.enable_ipv6 = true;
  lab.user_subnet = true;
  lab.ipam_options = StringMap{};
  lab.ipam_config.push_back(IpamConfig{P("10.10.0.0/24"), P("10.10.0.128/25"), A("10.10.0.1"), {{"router", A("10.10.0.2")}}});
  lab.ipam_config.push_back(IpamConfig{P("fd00:db8:1::/64"), std::nullopt, A("fd00:db8:1::1"), {}});
  lab.options = {{"com.docker.network.bridge.name", "br-lab"}, {"com.docker.network.driver.mtu", "1400"}};
  lab.labels = {{"env", "ci"}, {"owner", "team \"net\""}, {"empty", ""}};
  Endpoint web{std::string(64, '1'), "web", std::string(64, 'e'), "02:42:0a:0a:00:80", P("10.10.0.128/24"),
               P("fd00:db8:1::2/64"), "veth1a2b3c4", "eth0", {"www", "front"}, {"db:database"}, {A("169.254.1.1")},
               true};
  web.sysctls = "net.ipv4.conf.IFNAME.log_martians=1";
  lab.containers[web.container_id] = web;
  Endpoint db{std::string(64, '2'), "db", std::string(64, 'f'), "02:42:0a:0a:00:81", P("10.10.0.129/24"),
              std::nullopt, "veth5d6e7f8", "eth0", {}, {}, {}, false};
  db.intent = kIntentConnect;
  lab.containers[db.container_id] = db;
  s.networks.push_back(lab);
  Network mv;
  mv.name = "lan";
  mv.id = std::string(64, '9');
  mv.created = Timestamp{1795872400, 0, -18000};
  mv.driver = "macvlan";
  mv.internal = true;
  mv.parent_link_created = true;
  mv.removing = true;
  mv.options = {{"parent", "dummy0.10"}, {"macvlan_mode", "bridge"}};
  mv.ipam_config.push_back(IpamConfig{P("192.168.50.0/24"), std::nullopt, A("192.168.50.1"), {}});
  s.networks.push_back(mv);
  Network pend;
  pend.name = "half";
  pend.id = std::string(64, '7');
  pend.created = Timestamp{1795872500, 0, 0};
  pend.pending = true;
  pend.attachable = true;
  pend.ipam_config.push_back(IpamConfig{P("172.19.0.0/16"), std::nullopt, A("172.19.0.1"), {}});
  s.networks.push_back(pend);
  return s;
}

/// Both readers (and decode_state, which picks one) refuse `text`, or both accept it.
enum class Verdict { Refused, Accepted, Mixed };
Verdict judge(const std::string& text, const State* expect) {
  bool fast_refused = false, full_refused = false, any_refused = false;
  try {
    auto fast = store::read_state_fast(text, "cut.yaml");
    fast_refused = !fast;  // giving up is refusing; it never returns a partial state
    if (fast && expect && !(*fast == *expect)) return Verdict::Mixed;
  } catch (const Error&) {
    fast_refused = true;
  }
  try {
    State full = store::decode_state_with_yaml_cpp(text, "cut.yaml");
    if (expect && !(full == *expect)) return Verdict::Mixed;
  } catch (const Error&) {
    full_refused = true;
  }
  try {
    store::decode_state(text, "cut.yaml");
  } catch (const Error&) {
    any_refused = true;
  }
  if (fast_refused && full_refused && any_refused) return Verdict::Refused;
  if (!fast_refused && !full_refused && !any_refused) return Verdict::Accepted;
  return Verdict::Mixed;
}

void expect_refused(const std::string& text, const std::string& needle) {
  INFO(text);
  CHECK_THROWS_WITH(store::decode_state_with_yaml_cpp(text, "s.yaml"), Catch::Contains(needle));
  CHECK_THROWS_WITH(store::decode_state(text, "s.yaml"), Catch::Contains(needle));
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("integrity: a store cut at any byte is refused by both readers, never defaulted") {
  State s = realistic();
  std::string text = store::encode_state(s);
  REQUIRE(text.size() > 2000);
  REQUIRE(judge(text, &s) == Verdict::Accepted);
  size_t tried = 0, refused = 0, accepted = 0;
  for (size_t cut = 0; cut < text.size(); ++cut) {
    ++tried;
    std::string part = text.substr(0, cut);
    // Only the complete file, or the complete file without its final newline, may be read.
    bool complete = cut + 1 == text.size();
    Verdict v = judge(part, complete ? &s : nullptr);
    INFO("cut at byte " << cut << " of " << text.size());
    if (v == Verdict::Refused) ++refused;
    else if (v == Verdict::Accepted && complete) ++accepted;
    else FAIL("a truncated store was read");
  }
  std::printf("store integrity: %zu-byte store cut at every offset: %zu tried, %zu refused, %zu accepted (the whole "
              "file less its final newline)\n",
              text.size(), tried, refused, accepted);
  CHECK(refused == tried - 1);
  CHECK(accepted == 1);
}

TEST_CASE("integrity: a file without the end marker is refused with how to recover") {
  std::string text = store::encode_state(realistic());
  expect_refused(replaced(text, "# end of docknet state\n", ""), "s.yaml: its last line is not \"# end of docknet state\"");
  expect_refused("schema: 1\n", "cut short");
  expect_refused("", "cut short");
  // Something after the marker: the marker is not the last line.
  expect_refused(text + "networks: []\n", "cut short");
  CHECK_THROWS_WITH(store::read_state_fast("schema: 1\n", "s.yaml"), Catch::Contains("cut short"));
}

TEST_CASE("integrity: every value is type-checked, the error naming key and value") {
  std::string text = store::encode_state(realistic());
  expect_refused(replaced(text, "internal: true", "internal: ture"), "internal: \"ture\" is not true or false");
  expect_refused(replaced(text, "internal: false", "internal: 1"), "internal: \"1\" is not true or false");
  expect_refused(replaced(text, "internal: false", "internal: \"false\""), "is not true or false");
  // A quoted boolean is read by the fast reader, which must refuse it the same way.
  CHECK_THROWS_WITH(store::read_state_fast(replaced(text, "internal: false", "internal: \"false\""), "s.yaml"),
                    Catch::Contains("network \"bridge\": internal: \"false\" is not true or false"));
  expect_refused(replaced(text, "dev: 4,", "dev: 18446744073709551616,"),
                 "dev: \"18446744073709551616\" is not an integer from 0 to 18446744073709551615");
  expect_refused(replaced(text, "dev: 4,", "dev: -1,"), "dev: \"-1\" is not an integer");
  expect_refused(replaced(text, "ino: 4026532001", "ino: 4.5"), "ino: \"4.5\" is not an integer");
  expect_refused(replaced(text, "schema: 1", "schema: one"), "schema: \"one\" is not an integer");
  expect_refused(replaced(text, "\"10.10.0.1\"", "\"10.10.0.300\""), "gateway: \"10.10.0.300\" is not an IP address");
  expect_refused(replaced(text, "intent: \"connect\"", "intent: \"conect\""),
                 "intent: \"conect\" is not connect, connect-new-container or disconnect");
  expect_refused(replaced(text, "created: \"", "created: \"yesterday"), "created:");
  expect_refused(replaced(text, "labels: {\"empty\"", "labels: [\"empty\"]\n    x: {\"empty\""), "labels: a list is not a mapping");
}

TEST_CASE("integrity: unknown, duplicate and missing keys are refused, not dropped") {
  std::string text = store::encode_state(realistic());
  expect_refused(replaced(text, "    internal: true\n", "    internl: true\n"), "network \"lan\": internl: unknown key");
  expect_refused(replaced(text, "static_ip: true", "static_ip: true, staticip: true"), "staticip: unknown key");
  expect_refused(replaced(text, "boot_id:", "bootid: \"x\"\nboot_id:"), "bootid: unknown key");
  expect_refused(replaced(text, "    scope: \"local\"\n", "    scope: \"local\"\n    scope: \"global\"\n"),
                 "scope: appears twice");
  expect_refused(replaced(text, "    scope: \"local\"\n", ""), "missing key scope");
  // Keys only set sometimes (the intents) are known, and the others stay optional.
  State s = realistic();
  CHECK(store::decode_state_with_yaml_cpp(text, "s.yaml") == s);
  CHECK(text.find("removing: true") != std::string::npos);
  CHECK(text.find("intent: \"connect\"") != std::string::npos);
}

TEST_CASE("integrity: names that are not UTF-8 are written as valid YAML and read back exactly") {
  State s = realistic();
  Network& lab = s.networks[3];
  lab.name = std::string("caf\xe9\xff", 5);
  lab.labels[std::string("k\x80", 2)] = std::string("\xc3\x28 bad", 6);
  lab.labels["utf8"] = "caf\xc3\xa9 \xe2\x9c\x93";  // valid UTF-8 stays readable
  lab.options["ctl"] = std::string("a\x01\x7f" "b", 4);
  Endpoint e = lab.containers.begin()->second;
  e.container_id = std::string("\xfe\xed", 2);
  e.name = std::string("\xed\xa0\x80", 3);  // a UTF-16 surrogate: not UTF-8
  lab.containers[e.container_id] = e;
  s.containers.push_back(Container{e.container_id, e.name, "/proc/1/ns/net", 1, 2});
  std::string text = store::encode_state(s);
  CHECK(store::valid_utf8(text));
  CHECK(text.find("caf\xc3\xa9 \xe2\x9c\x93") != std::string::npos);
  CHECK(text.find("!!binary") != std::string::npos);
  auto fast = store::read_state_fast(text, "s.yaml");
  REQUIRE(fast);
  CHECK(*fast == s);
  CHECK(store::decode_state_with_yaml_cpp(text, "s.yaml") == s);
}

TEST_CASE("integrity: base64 and UTF-8 helpers") {
  for (std::string v : {"", "a", "ab", "abc", "abcd", "\xff\x00\x80"}) CHECK(base64_decode(base64_encode(v)) == v);
  CHECK_FALSE(base64_decode("abc"));
  CHECK_FALSE(base64_decode("a=bc"));
  CHECK_FALSE(base64_decode("YQ"));  // unpadded: etcd's JSON only (Base64Padding::Optional)
  CHECK(store::valid_utf8("plain \xc3\xa9\xf0\x9f\x98\x80"));
  CHECK_FALSE(store::valid_utf8("\xc0\xaf"));  // overlong
  CHECK_FALSE(store::valid_utf8("\xe2\x9c"));  // cut
  CHECK_FALSE(store::valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
}

TEST_CASE("file store: keeps the previous good state as networks.yaml.prev") {
  TempDir dir;
  store::FileStore fs(dir.path + "/state");
  auto lock = fs.lock(true);
  State one = realistic();
  fs.save(one);
  CHECK(access((dir.path + "/state/networks.yaml.prev").c_str(), F_OK) != 0);
  State two = one;
  two.networks.pop_back();
  fs.save(two);
  CHECK(slurp(dir.path + "/state/networks.yaml.prev") == store::encode_state(one));
  CHECK(slurp(dir.path + "/state/networks.yaml") == store::encode_state(two));
  CHECK(access((dir.path + "/state/networks.yaml.prev.tmp").c_str(), F_OK) != 0);
}

TEST_CASE("file store: a refused store is reported with its path and never replaced") {
  TempDir dir;
  std::string root = dir.path + "/state";
  {
    store::FileStore fs(root);
    auto lock = fs.lock(true);
    fs.save(realistic());
    fs.save(realistic());
  }
  std::ofstream(root + "/networks.yaml", std::ios::trunc) << "schema: 1\n";
  store::FileStore fs(root);
  auto lock = fs.lock(true);
  CHECK_THROWS_WITH(fs.load(), Catch::Contains(root + "/networks.yaml: its last line is not") &&
                                   Catch::Contains("cp " + root + "/networks.yaml.prev " + root + "/networks.yaml"));
  CHECK_THROWS_WITH(fs.save(State{}), Catch::Contains("refusing to replace"));
  CHECK(slurp(root + "/networks.yaml") == "schema: 1\n");
  // An empty file is not "no networks": only a missing file is.
  std::ofstream(root + "/networks.yaml", std::ios::trunc).flush();
  CHECK_THROWS(store::FileStore(root).load());
}

TEST_CASE("file store: symlinks, FIFOs and a state directory others can write are refused") {
  TempDir dir;
  std::string root = dir.path + "/state";
  std::string victim = dir.path + "/victim";
  std::ofstream(victim) << "precious\n";
  { store::FileStore(root).lock(true); }
  for (const char* name : {"networks.yaml.tmp", "lock", "networks.yaml"}) {
    std::string link = root + "/" + name;
    unlink(link.c_str());
    REQUIRE(symlink(victim.c_str(), link.c_str()) == 0);
    store::FileStore fs(root);
    INFO(name);
    CHECK_THROWS_WITH(
        [&] {
          auto l = fs.lock(true);
          auto st = fs.load();
          fs.save(st ? *st : State{});
        }(),
        Catch::Contains(link + " is a symbolic link"));
    CHECK(slurp(victim) == "precious\n");
    unlink(link.c_str());
  }
  REQUIRE(mkfifo((root + "/networks.yaml").c_str(), 0600) == 0);
  auto t0 = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH(store::FileStore(root).load(), Catch::Contains("is a FIFO, not a regular file"));
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));
  unlink((root + "/networks.yaml").c_str());
  chmod(root.c_str(), 0777);
  CHECK_THROWS_WITH(store::FileStore(root).lock(false), Catch::Contains("writable by group or others (mode 0777)"));
  chmod(root.c_str(), 0720);
  CHECK_THROWS_WITH(store::FileStore(root).lock(false), Catch::Contains("writable by group or others"));
  chmod(root.c_str(), 0755);
  CHECK_NOTHROW(store::FileStore(root).lock(false));
  // The state directory itself may not be a symlink.
  std::string alias = dir.path + "/alias";
  REQUIRE(symlink(root.c_str(), alias.c_str()) == 0);
  CHECK_THROWS(store::FileStore(alias).lock(false));
}

TEST_CASE("daemon config: values of the wrong type and unknown keys are refused") {
  TempDir dir;
  std::string path = dir.path + "/c.yaml";
  auto refused = [&](const std::string& text, const std::string& needle) {
    std::ofstream(path, std::ios::trunc) << text;
    INFO(text);
    CHECK_THROWS_WITH(store::load_daemon_config(path), Catch::Contains(path) && Catch::Contains(needle));
  };
  refused("icc: maybe\n", "icc: \"maybe\" is not true or false");
  refused("ip-masq: yes\n", "ip-masq: \"yes\" is not true or false");
  refused("ip-forward: \"true\"\n", "ip-forward: \"true\" is not true or false");
  refused("mtu: abc\n", "mtu: \"abc\" is not an integer from 68 to 65535");
  refused("mtu: 99999999999999999999\n", "mtu: \"99999999999999999999\" is not an integer");
  refused("mtu: 10\n", "mtu: \"10\" is not an integer from 68");
  refused("ip: nowhere\n", "ip: \"nowhere\" is not an IP address");
  refused("icc: false\nmut: 1400\n", "unknown key mut");
  refused("default-address-pools:\n  - base: 10.10.0.0/16\n    size: big\n", "size: \"big\" is not an integer");
  refused("default-address-pools:\n  - base: 10.10.0.0/16\n    sise: 24\n", "unknown key sise");
  refused("- mtu\n", "not a YAML mapping");
  refused("iptables: no\n", "iptables: \"no\" is not true or false");
  refused("firewall-backend: pf\n", "firewall-backend: \"pf\" is not auto, iptables-nft, iptables-legacy or none");
  std::ofstream(path, std::ios::trunc) << "{\"icc\": false, \"mtu\": 1450, \"ip-masq\": true, \"ip\": \"127.0.0.1\"}\n";
  auto c = store::load_daemon_config(path);
  CHECK_FALSE(c.icc);
  CHECK(c.mtu == 1450);
  CHECK(c.default_bind_ip == "127.0.0.1");
  std::ofstream(path, std::ios::trunc).flush();
  CHECK(store::load_daemon_config(path).mtu == 1500);
  // daemon.json's firewall keys, and docknet's backend choice; the defaults are Docker's.
  c = store::load_daemon_config(path);
  CHECK(c.iptables);
  CHECK(c.ip6tables);
  CHECK_FALSE(c.ip_forward_no_drop);
  CHECK(c.firewall_backend == store::FirewallBackendChoice::Auto);
  std::ofstream(path, std::ios::trunc) << "{\"iptables\": false, \"ip6tables\": false, \"ip-forward-no-drop\": true, "
                                          "\"firewall-backend\": \"iptables-nft\"}\n";
  c = store::load_daemon_config(path);
  CHECK_FALSE(c.iptables);
  CHECK_FALSE(c.ip6tables);
  CHECK(c.ip_forward_no_drop);
  CHECK(c.firewall_backend == store::FirewallBackendChoice::IptablesNft);
}

TEST_CASE("daemon config: a FIFO is refused at once; a symlink to a regular file is read") {
  TempDir dir;
  std::string fifo = dir.path + "/fifo.yaml";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  auto t0 = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH(store::load_daemon_config(fifo), Catch::Contains("not a regular file"));
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));
  std::ofstream(dir.path + "/real.yaml") << "mtu: 1400\n";
  REQUIRE(symlink((dir.path + "/real.yaml").c_str(), (dir.path + "/link.yaml").c_str()) == 0);
  CHECK(store::load_daemon_config(dir.path + "/link.yaml").mtu == 1400);
}
