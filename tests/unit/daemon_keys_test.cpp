// daemon.json keys in /etc/docknet/config.yaml: applied, ignored with a warning, or refused.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <string>

#include "cmd/config_notice.hpp"
#include "fakes/temp_dir.hpp"
#include "lib/store/daemon_config.hpp"
#include "lib/store/daemon_keys.hpp"
#include "lib/store/file_store.hpp"

using namespace docknet;
using docknet::fakes::TempDir;
using Keys = std::vector<std::string>;

namespace {

store::DaemonConfig loaded(const TempDir& dir, const std::string& text) {
  std::string path = dir.path + "/c.yaml";
  std::ofstream(path, std::ios::trunc) << text;
  return store::load_daemon_config(path);
}

std::string refusal(const TempDir& dir, const std::string& text) {
  try {
    loaded(dir, text);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(not refused)";
}

}  // namespace

TEST_CASE("daemon keys: every applied key is read and applied, none is warned about") {
  const Keys applied = {"default-address-pools", "bip", "mtu", "icc", "ip-masq", "ip-forward", "ip-forward-no-drop",
                        "iptables", "ip6tables", "ip", "firewall-backend"};
  for (const auto& k : applied) {
    INFO(k);
    CHECK(store::daemon_key_kind(k) == store::DaemonKeyKind::Applied);
  }
  TempDir dir;
  auto c = loaded(dir, "default-address-pools: [{base: 10.20.0.0/16, size: 24}]\nbip: 10.99.0.1/24\nmtu: 1400\n"
                       "icc: false\nip-masq: false\nip-forward: false\nip-forward-no-drop: true\niptables: false\n"
                       "ip6tables: false\nip: 127.0.0.1\nfirewall-backend: none\n");
  CHECK(c.default_address_pools.size() == 1);
  CHECK(c.bip->to_string() == "10.99.0.1/24");
  CHECK(c.mtu == 1400);
  CHECK_FALSE(c.icc);
  CHECK_FALSE(c.ip_masq);
  CHECK_FALSE(c.ip_forward);
  CHECK(c.ip_forward_no_drop);
  CHECK_FALSE(c.iptables);
  CHECK_FALSE(c.ip6tables);
  CHECK(c.default_bind_ip == "127.0.0.1");
  CHECK(c.firewall_backend == store::FirewallBackendChoice::None);
  CHECK(c.ignored_network_keys.empty());
  CHECK(c.ignored_daemon_keys.empty());
  CHECK(cli::config_notice_text("c.yaml", c).empty());
  // Docker's own value for its iptables backend is docknet's auto; its nftables one is refused.
  CHECK(loaded(dir, "firewall-backend: iptables\n").firewall_backend == store::FirewallBackendChoice::Auto);
  CHECK_THAT(refusal(dir, "firewall-backend: nftables\n"), Catch::Contains("\"nftables\" (Docker's own nftables"));
}

TEST_CASE("daemon keys: the table holds each key once, and every Docker key loads as a warning") {
  auto keys = store::daemon_keys();
  std::set<std::string_view> seen(keys.begin(), keys.end());
  CHECK(seen.size() == keys.size());
  CHECK(keys.size() > 100);
  TempDir dir;
  for (auto k : keys) {
    if (store::daemon_key_kind(k) == store::DaemonKeyKind::Applied) continue;
    INFO(k);
    // Any value, of any type: a warned key's value is never read.
    auto c = loaded(dir, std::string(k) + ": {any: [thing, 1]}\n");
    Keys& got = store::daemon_key_kind(k) == store::DaemonKeyKind::Network ? c.ignored_network_keys : c.ignored_daemon_keys;
    CHECK(got == Keys{std::string(k)});
  }
}

TEST_CASE("daemon keys: Docker keys docknet does not apply are collected in file order, values ignored") {
  TempDir dir;
  auto c = loaded(dir, "{\"log-driver\": \"journald\", \"mtu\": 1450, \"fixed-cidr\": \"not even a subnet\", "
                       "\"storage-driver\": \"overlay2\", \"bridge\": \"br0\", \"hosts\": [\"unix:///x\"], "
                       "\"ipv6\": true, \"default-network-opts\": {\"bridge\": {\"mtu\": \"1\"}}, "
                       "\"log-opts\": {\"max-size\": \"10m\"}, \"registry-mirrors\": 7}\n");
  CHECK(c.mtu == 1450);
  CHECK(c.ignored_network_keys == Keys{"fixed-cidr", "bridge", "ipv6", "default-network-opts"});
  CHECK(c.ignored_daemon_keys == Keys{"log-driver", "storage-driver", "hosts", "log-opts", "registry-mirrors"});
  CHECK(cli::config_notice_text("/etc/docknet/config.yaml", c) ==
        "WARNING: /etc/docknet/config.yaml: docknet does not apply these daemon.json network keys, their values are "
        "ignored: fixed-cidr, bridge, ipv6, default-network-opts\n"
        "WARNING: /etc/docknet/config.yaml: docknet has no daemon and no containers: these daemon.json keys are "
        "ignored: log-driver, storage-driver, hosts, log-opts, registry-mirrors\n");
  // The values docknet behaves as anyway are nothing to tell; the opposite ones are.
  c = loaded(dir, "ipv6: false\nuserland-proxy: false\nallow-direct-routing: false\n");
  CHECK(c.ignored_network_keys.empty());
  c = loaded(dir, "ipv6: true\nuserland-proxy: true\nallow-direct-routing: true\n");
  CHECK(c.ignored_network_keys == Keys{"ipv6", "userland-proxy", "allow-direct-routing"});
}

TEST_CASE("daemon keys: a key neither Docker nor docknet knows is refused, naming it, with a close one") {
  TempDir dir;
  auto needle = [&](const std::string& text, const std::string& expected) {
    INFO(text);
    CHECK_THAT(refusal(dir, text), Catch::StartsWith(dir.path + "/c.yaml: ") && Catch::Contains(expected));
  };
  needle("mut: 1400\n", "c.yaml: unknown key mut: not a daemon.json key of Docker or docknet (did you mean mtu?)");
  needle("MTU: 1400\n", "unknown key MTU: not a daemon.json key of Docker or docknet (did you mean mtu?)");
  needle("ip_masq: false\n", "unknown key ip_masq: not a daemon.json key of Docker or docknet (did you mean ip-masq?)");
  needle("default_address_pools: []\n", "(did you mean default-address-pools?)");
  needle("Default-Address-Pools: []\n", "(did you mean default-address-pools?)");
  needle("log_driver: journald\n", "unknown key log_driver: not a daemon.json key of Docker or docknet (did you mean log-driver?)");
  needle("ipmasq: false\n", "(did you mean ip-masq?)");
  needle("fixed-cdir: 10.0.0.0/24\n", "(did you mean fixed-cidr?)");
  needle("firewal-backend: none\n", "(did you mean firewall-backend?)");
  needle("api-cors-header: '*'\n", "unknown key api-cors-header: not a daemon.json key of Docker or docknet");
  // Nothing close: no guess.
  CHECK_THAT(refusal(dir, "x: 1\n"), Catch::EndsWith("unknown key x: not a daemon.json key of Docker or docknet"));
  CHECK_THAT(refusal(dir, "completely-unrelated: 1\n"), !Catch::Contains("did you mean"));
  // Inside a default-address-pools entry.
  needle("default-address-pools:\n  - base: 10.10.0.0/16\n    sise: 24\n",
         "default-address-pools: unknown key sise: an entry has only base and size (did you mean size?)");
  needle("default-address-pools: [{bsae: 10.10.0.0/16, size: 24}]\n", "default-address-pools: unknown key bsae: an entry has only base and size (did you mean base?)");
  needle("default-address-pools: [{Base: 10.10.0.0/16, size: 24}]\n", "(did you mean base?)");
  CHECK_THAT(refusal(dir, "default-address-pools: [{base: 10.10.0.0/16, size: 24, scope: local}]\n"),
             Catch::EndsWith("unknown key scope: an entry has only base and size"));
  // A warned key next to an unknown one: still refused.
  CHECK_THAT(refusal(dir, "log-driver: journald\nmtux: 1\n"), Catch::Contains("unknown key mtux"));
}

TEST_CASE("daemon keys: closest_key") {
  std::vector<std::string_view> c = {"base", "size"};
  CHECK(store::closest_key("sise", c) == "size");
  CHECK(store::closest_key("SIZE", c) == "size");
  CHECK(store::closest_key("bases", c) == "base");
  CHECK_FALSE(store::closest_key("scope", c));
  CHECK_FALSE(store::closest_key("s", c));
}

TEST_CASE("daemon keys: the digest follows the file's content; no file, no digest") {
  TempDir dir;
  CHECK(store::load_daemon_config(dir.path + "/none.yaml").digest.empty());
  auto a = loaded(dir, "log-driver: journald\n").digest;
  CHECK(a.size() == 64);
  CHECK(loaded(dir, "log-driver: journald\n").digest == a);
  CHECK(loaded(dir, "log-driver: syslog\n").digest != a);
  // The state root keeps the last digest told, beside the state.
  store::FileStore fs(dir.path + "/state");
  CHECK(fs.warned_config_digest().empty());
  fs.record_warned_config_digest(a);
  CHECK(fs.warned_config_digest() == a);
  CHECK(store::FileStore(dir.path + "/state").warned_config_digest() == a);
}

TEST_CASE("daemon keys: which commands tell about ignored keys") {
  using V = std::vector<std::string>;
  auto when = [](const V& args, bool debug = false) {
    auto w = cli::config_notice_when(args, debug);
    return std::string(w.always ? "always" : "") + (w.changing ? "changing" : "");
  };
  for (const V& args : {V{"create", "x"}, V{"network", "create", "x"}, V{"rm", "x"}, V{"remove", "x"},
                        V{"prune", "-f"}, V{"connect", "n", "c"}, V{"network", "disconnect", "n", "c"}, V{"network", "restore"}})
    CHECK(when(args) == "changing");
  for (const V& args : {V{"ls"}, V{"network", "ls"}, V{"inspect", "x"}, V{"version"}, V{}, V{"network"},
                        V{"__complete", "network", "create", ""}, V{"__completeNoDesc", "rm", ""}, V{"--help"},
                        V{"create", "--help"}, V{"network", "rm", "-h"}, V{"bogus"}})
    CHECK(when(args).empty());
  CHECK(when({"check"}) == "always");
  CHECK(when({"network", "check", "--repair"}) == "alwayschanging");
  CHECK(when({"check", "--help"}).empty());
  CHECK(when({"create", "--", "--help"}) == "changing");
  CHECK(when({"ls"}, true) == "always");
  CHECK(when({"create", "x"}, true) == "alwayschanging");
}
