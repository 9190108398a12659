// The cluster store is shared with other hosts: what it holds is input like any file, checked
// before it reaches a path, a hosts file or the kernel. And the two config keys.
#include <catch2/catch.hpp>

#include <fstream>

#include "fakes/cluster_host.hpp"
#include "fakes/temp_dir.hpp"
#include "lib/core/error.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/cluster.hpp"
#include "lib/service/connect.hpp"
#include "lib/store/cluster_codec.hpp"
#include "lib/store/cluster_keys.hpp"
#include "lib/store/cluster_store.hpp"
#include "lib/store/daemon_config.hpp"

using namespace docknet;

namespace {

const std::string kNet = std::string(64, '1');
const std::string kPeer = std::string(64, '2');

model::Network overlay_network() {
  model::Network n;
  n.name = "ov";
  n.id = kNet;
  n.driver = "overlay";
  n.scope = "global";
  model::IpamConfig pool;
  pool.subnet = *IpPrefix::parse("10.0.0.0/24");
  pool.gateway = IpAddress::parse("10.0.0.1");
  n.ipam_config.push_back(pool);
  n.options["com.docker.network.driver.overlay.vxlanid_list"] = "4096";
  return n;
}

void put(fakes::MemoryKv& kv, const std::string& key, const std::string& value) {
  kv.txn({}, {{store::TxnOp::Kind::Put, key, value, ""}});
}

// Host h1 (192.168.77.11 unless said otherwise), with the machine ID given.
struct Host : fakes::ClusterHost {
  explicit Host(fakes::MemoryKv& kv, const std::string& machine = "", const std::string& address = "")
      : ClusterHost(kv, 1, machine, address) {}
};

}  // namespace

TEST_CASE("cluster store: a record whose key is no ID, or that is not what its key says, is refused by name") {
  fakes::MemoryKv kv;
  Host h(kv);
  model::Network n = overlay_network();
  // A key of a shape docknet never writes is not docknet's: left alone, shown nowhere.
  n.id = "../../etc";
  put(kv, store::cluster::kNetworks + "../../etc", store::cluster::encode_network(n));
  CHECK(service::open_for_read(h.ctx).state.networks.size() == 3);
  n.id = "..";
  put(kv, store::cluster::kNetworks + "..", store::cluster::encode_network(n));
  CHECK_THROWS_WITH(service::open_for_read(h.ctx), Catch::StartsWith("corrupt cluster store record /docknet/v1/networks/..:"));
  fakes::MemoryKv kv2;
  Host h2(kv2);
  put(kv2, store::cluster::network_key(kNet), "not: [yaml");
  CHECK_THROWS_WITH(service::open_for_read(h2.ctx), Catch::Contains("corrupt cluster store record") && Catch::Contains("etcdctl"));
  fakes::MemoryKv kv3;
  Host h3(kv3);
  model::Network bridge = overlay_network();
  bridge.driver = "bridge";
  put(kv3, store::cluster::network_key(kNet), store::cluster::encode_network(bridge));
  CHECK_THROWS_WITH(service::open_for_read(h3.ctx), Catch::EndsWith("not an overlay network (fix or delete it with etcdctl)"));
}

TEST_CASE("cluster store: another host's hostile endpoint never adds a hosts line or breaks the other peers") {
  fakes::MemoryKv kv;
  Host h(kv);
  put(kv, store::cluster::network_key(kNet), store::cluster::encode_network(overlay_network()));
  put(kv, store::cluster::host_key("h2"), "192.168.77.12");
  model::Endpoint bad;
  bad.container_id = kPeer;
  bad.name = "evil\n10.9.9.9 victim";
  bad.aliases = {"ok-alias", "a b", "x\ty"};
  bad.host = "h2";
  bad.mac_address = "not-a-mac";
  bad.ipv4 = IpPrefix::parse("10.0.0.9/24");
  put(kv, store::cluster::endpoint_key(kNet, kPeer), store::cluster::encode_endpoint(kNet, bad));
  model::Endpoint good = bad;
  good.container_id = std::string(64, '3');
  good.name = "good";
  good.aliases = {};
  good.mac_address = "02:42:0a:00:00:0a";
  good.ipv4 = IpPrefix::parse("10.0.0.10/24");
  put(kv, store::cluster::endpoint_key(kNet, good.container_id), store::cluster::encode_endpoint(kNet, good));
  service::ConnectRequest r;
  r.network = "ov";
  r.container = "c1";
  REQUIRE_NOTHROW(service::connect_container(h.ctx, r));
  std::string hosts = h.kernel.state.files.at("/etc/netns/c1/hosts");
  CHECK(hosts.find("victim") == std::string::npos);
  CHECK(hosts.find("10.0.0.9\tok-alias ok-alias.ov") != std::string::npos);  // only the safe words
  CHECK(hosts.find("10.0.0.10\tgood good.ov") != std::string::npos);
  // The peer with a MAC no kernel takes is left out; the good one is programmed.
  auto& peers = h.kernel.overlay_peers.begin()->second;
  REQUIRE(peers.size() == 1);
  CHECK(peers[0].mac == "02:42:0a:00:00:0a");
  // The hostile one's address stays taken: the new container got the lowest free one.
  auto s = service::open_for_read(h.ctx).state;
  for (const auto& n : s.networks)
    if (n.name == "ov") CHECK(n.containers.begin()->second.ipv4->to_string() == "10.0.0.2/24");
}

TEST_CASE("cluster store unreachable: a read shows this host's networks and says the overlay ones are missing") {
  fakes::MemoryKv kv;
  Host h(kv);
  put(kv, store::cluster::network_key(kNet), store::cluster::encode_network(overlay_network()));
  service::open_for_read(h.ctx);  // first use: records the built-in networks
  kv.fail_next(1);
  auto s = service::open_for_read(h.ctx).state;
  CHECK(s.networks.size() == 3);
  REQUIRE(h.ctx.warnings.size() == 1);
  CHECK(h.ctx.warnings[0] ==
        "cannot reach the cluster store etcd://fake:2379: connection refused: overlay networks are not shown");
}

TEST_CASE("config: cluster-store and cluster-advertise") {
  fakes::TempDir dir;
  auto load = [&](const std::string& text) {
    std::string path = dir.path + "/c.yaml";
    std::ofstream(path, std::ios::trunc) << text;
    return store::load_daemon_config(path);
  };
  auto c = load("cluster-store: etcd://10.0.0.5:2379,10.0.0.6:2379\ncluster-advertise: eth1:2376\n");
  CHECK(c.cluster_store == "etcd://10.0.0.5:2379,10.0.0.6:2379");
  CHECK(c.cluster_advertise == "eth1");  // Docker's IFACE:PORT: the port is the engine's API, not ours
  CHECK(load("cluster-advertise: 192.168.1.5\n").cluster_advertise == "192.168.1.5");
  CHECK(load("cluster-advertise: fd00::5\n").cluster_advertise == "fd00::5");
  CHECK_THROWS_WITH(load("cluster-store: consul://10.0.0.5:8500\n"), Catch::Contains("docknet supports etcd only"));
  CHECK_THROWS_WITH(load("cluster-store: [a]\n"), Catch::Contains("cluster-store"));
  CHECK_THROWS_WITH(load("cluster-advertise: \"eth0\\nx\"\n"), Catch::Contains("not an IP address or an interface name"));
  CHECK(load("").cluster_store.empty());
}

TEST_CASE("cluster store unreachable at boot: network restore makes this host's own networks anyway") {
  fakes::MemoryKv kv;
  Host h(kv);
  service::open_for_write(h.ctx);  // first use: docker0 made
  h.kernel.state.links.clear();    // a reboot
  h.kernel.boot = "boot-2";
  kv.fail_next(1);
  CHECK_THROWS_WITH(service::open_for_write(h.ctx), Catch::StartsWith("cannot reach the cluster store"));
  kv.fail_next(1);
  service::open_for_write(h.ctx, true);
  CHECK(h.kernel.state.links.count("docker0"));
  REQUIRE(!h.ctx.warnings.empty());
  CHECK_THAT(h.ctx.warnings.back(), Catch::EndsWith(": only this host's own networks are restored"));
}

TEST_CASE("cluster store: a second machine with this hostname is refused, never taken for this host") {
  fakes::MemoryKv kv;
  Host first(kv, std::string(32, 'a'));
  put(kv, store::cluster::network_key(kNet), store::cluster::encode_network(overlay_network()));
  service::ConnectRequest r;
  r.network = "ov";
  r.container = "c1";
  service::connect_container(first.ctx, r);
  CHECK(kv.range(store::cluster::host_key("h1"), "").kvs.at(0).value == "192.168.77.11 " + std::string(32, 'a'));
  // A clone with the same hostname: it would take the first one's endpoint for its own and
  // forget it (its container is not here). It changes nothing and says why.
  Host clone(kv, std::string(32, 'b'), "192.168.77.13");
  CHECK_THROWS_WITH(service::connect_container(clone.ctx, r),
                    Catch::StartsWith("another machine is in the cluster as h1 (192.168.77.11)"));
  CHECK_THROWS_WITH(service::reconcile_host(clone.ctx), Catch::StartsWith("another machine is in the cluster as h1"));
  CHECK(kv.range(store::cluster::kEndpoints, store::prefix_end(store::cluster::kEndpoints)).kvs.size() == 1);
  CHECK(kv.range(store::cluster::host_key("h1"), "").kvs.at(0).value == "192.168.77.11 " + std::string(32, 'a'));
  // The same machine with a new address (DHCP) is still this host.
  Host moved(kv, std::string(32, 'a'), "192.168.77.21");
  moved.local = first.local;
  CHECK_NOTHROW(service::reconcile_host(moved.ctx));
}

TEST_CASE("cluster store: an address key whose endpoint was deleted by hand is handed out again") {
  fakes::MemoryKv kv;
  Host h(kv);
  put(kv, store::cluster::network_key(kNet), store::cluster::encode_network(overlay_network()));
  put(kv, store::cluster::address_key(kNet, "10.0.0.2"), kPeer);  // its endpoint deleted with etcdctl
  service::ConnectRequest r;
  r.network = "ov";
  r.container = "c1";
  service::connect_container(h.ctx, r);
  auto s = service::open_for_read(h.ctx).state;
  const model::Endpoint& e = s.networks.back().containers.begin()->second;
  CHECK(e.ipv4->to_string() == "10.0.0.2/24");
  CHECK(kv.range(store::cluster::address_key(kNet, "10.0.0.2"), "").kvs.at(0).value == e.container_id);
}
