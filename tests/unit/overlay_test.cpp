// Overlay networks across hosts: two (or three) hosts with their own fake kernels and local
// stores share one MemoryKv (etcd's semantics), as real hosts share one etcd.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <set>

#include "fakes/cluster_host.hpp"
#include "lib/core/error.hpp"
#include "lib/model/overlay.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/cluster.hpp"
#include "lib/service/connect.hpp"
#include "lib/service/create_network.hpp"
#include "lib/service/query.hpp"
#include "lib/service/remove_network.hpp"
#include "lib/store/cluster_keys.hpp"
#include "lib/store/cluster_store.hpp"

using namespace docknet;

namespace {

using Host = fakes::ClusterHost;

service::ConnectRequest to(const std::string& net, const std::string& c) {
  service::ConnectRequest r;
  r.network = net;
  r.container = c;
  return r;
}

model::CreateRequest overlay(const std::string& name) {
  model::CreateRequest r;
  r.name = name;
  r.driver = "overlay";
  return r;
}

std::string sandbox(Host& h, const std::string& net) { return model::sandbox_path(h.net(h.state(), net)); }

}  // namespace

TEST_CASE("overlay: without cluster-store, Docker's swarm error") {
  fakes::MemoryKv kv;
  Host h(kv, 1);
  h.config.cluster_store.clear();
  CHECK_THROWS_WITH(service::create_network(h.ctx, overlay("ov")), Catch::StartsWith("This node is not a swarm manager."));
}

TEST_CASE("overlay: created on one host, global on every host; subnets and VXLAN IDs from Docker's ranges") {
  fakes::MemoryKv kv;
  Host h1(kv, 1), h2(kv, 2);
  std::string id = service::create_network(h1.ctx, overlay("ov"));
  service::create_network(h2.ctx, overlay("ov2"));
  auto s = h2.state();
  const auto& n = h2.net(s, "ov");
  CHECK(n.id == id);
  CHECK(n.scope == "global");
  CHECK(n.driver == "overlay");
  CHECK(n.ipam_config.at(0).subnet.to_string() == "10.0.0.0/24");
  CHECK(n.ipam_config.at(0).gateway->to_string() == "10.0.0.1");
  CHECK(n.options.at(model::kOptVxlanIdList) == "4096");
  auto s1 = h1.state();
  const auto& n2 = h1.net(s1, "ov2");
  CHECK(n2.ipam_config.at(0).subnet.to_string() == "10.0.1.0/24");
  CHECK(n2.options.at(model::kOptVxlanIdList) == "4097");
  // Not in the local state files: only in the cluster store.
  for (auto* h : {&h1, &h2})
    for (const auto& local : h->local.saved->networks) CHECK(local.driver != "overlay");
  // A name taken on another host is taken here.
  CHECK_THROWS_WITH(service::create_network(h2.ctx, overlay("ov")), "network with name ov already exists");
  // Nothing made in any kernel before an endpoint joins.
  CHECK(h1.kernel.overlay_sandboxes.empty());
  CHECK(h2.kernel.overlay_sandboxes.empty());
}

TEST_CASE("overlay: a given VXLAN ID in use, -o encrypted and two subnets are refused") {
  fakes::MemoryKv kv;
  Host h(kv, 1);
  auto r = overlay("a");
  r.options[model::kOptVxlanIdList] = "5000";
  service::create_network(h.ctx, r);
  r.name = "b";
  CHECK_THROWS_WITH(service::create_network(h.ctx, r), "VXLAN ID 5000 is already in use by network a");
  auto e = overlay("c");
  e.options["encrypted"] = "";
  CHECK_THROWS_WITH(service::create_network(h.ctx, e), Catch::Contains("encrypted overlay networks are not supported"));
  auto bad = overlay("d");
  bad.options[model::kOptVxlanIdList] = "abc";
  CHECK_THROWS_WITH(service::create_network(h.ctx, bad), Catch::StartsWith("invalid VXLAN ID \"abc\""));
}

TEST_CASE("overlay: endpoints on two hosts, each host's sandbox programmed with the other's") {
  fakes::MemoryKv kv;
  Host h1(kv, 1), h2(kv, 2);
  service::create_network(h1.ctx, overlay("ov"));
  service::connect_container(h1.ctx, to("ov", "c1"));
  auto r = to("ov", "c2");
  r.aliases = {"web"};
  service::connect_container(h2.ctx, r);
  service::reconcile_host(h1.ctx);  // what the watching reconcile does on h1

  auto s1 = h1.state();
  const auto& n1 = h1.net(s1, "ov");
  REQUIRE(n1.containers.size() == 1);
  REQUIRE(n1.remote_endpoints.size() == 1);
  const auto& mine = n1.containers.begin()->second;
  const auto& theirs = n1.remote_endpoints.begin()->second;
  CHECK(mine.ipv4->to_string() == "10.0.0.2/24");
  CHECK(theirs.ipv4->to_string() == "10.0.0.3/24");
  CHECK(mine.host == "h1");
  CHECK(theirs.host == "h2");
  CHECK(n1.peers == std::vector<std::pair<std::string, IpAddress>>{{"h1", h1.address}, {"h2", h2.address}});

  // h1's vxlan0 sends c2's MAC to h2, and answers ARP for c2's address; and the other way round.
  std::string path = model::sandbox_path(n1);
  REQUIRE(h1.kernel.overlay_sandboxes.count(path));
  CHECK(h1.kernel.overlay_sandboxes[path].vni == 4096);
  CHECK(h1.kernel.overlay_peers[path] ==
        std::vector<kernel::OverlayPeer>{{theirs.mac_address, {theirs.ipv4->addr()}, h2.address}});
  CHECK(h2.kernel.overlay_peers[path] == std::vector<kernel::OverlayPeer>{{mine.mac_address, {mine.ipv4->addr()}, h1.address}});
  // The container's veth: its host end on the sandbox's br0.
  CHECK(h1.kernel.state.netns_links[path].count(mine.host_ifname));
  CHECK(h1.kernel.state.netns_links[path][mine.host_ifname].master == "br0");
  CHECK(h1.kernel.state.netns_links["/run/netns/c1"].at("eth0").addresses == std::vector<IpPrefix>{*mine.ipv4});
  // Names of the other host's containers in this host's hosts files.
  auto hosts = h1.kernel.state.files.at("/etc/netns/c1/hosts");
  CHECK(hosts.find("10.0.0.3\tc2 web c2.ov web.ov") != std::string::npos);
}

TEST_CASE("overlay: the same address is never handed out twice, whoever writes first") {
  fakes::MemoryKv kv;
  Host h1(kv, 1), h2(kv, 2);
  service::create_network(h1.ctx, overlay("ov"));
  // h2 reads the cluster (nothing connected yet), then h1 takes 10.0.0.2: h2's own write of
  // 10.0.0.2 finds the address key taken, and its connect runs again and takes 10.0.0.3.
  auto stale = service::open_for_write(h2.ctx);
  service::connect_container(h1.ctx, to("ov", "c1"));
  model::Network& n = const_cast<model::Network&>(service::resolve_network(stale.state, "ov"));
  model::Endpoint e;
  e.container_id = std::string(64, 'f');
  e.host = "h2";
  e.ipv4 = IpPrefix::parse("10.0.0.2/24");
  n.containers[e.container_id] = e;
  CHECK_THROWS_AS(h2.cluster.save(stale.state), store::StoreConflict);
  stale.lock.reset();
  service::connect_container(h2.ctx, to("ov", "c2"));
  auto s = h2.state();
  CHECK(h2.net(s, "ov").containers.begin()->second.ipv4->to_string() == "10.0.0.3/24");
  auto keys = kv.range(store::cluster::kAddresses, store::prefix_end(store::cluster::kAddresses)).kvs;
  CHECK(keys.size() == 2);
}

TEST_CASE("overlay: many connects on three hosts, interleaved reads, all distinct") {
  fakes::MemoryKv kv;
  Host h1(kv, 1), h2(kv, 2), h3(kv, 3);
  service::create_network(h1.ctx, overlay("ov"));
  std::set<std::string> seen;
  Host* hosts[] = {&h1, &h2, &h3};
  for (int round = 0; round < 3; ++round)
    for (auto* h : hosts) {
      std::string c = fmt::format("c{}", round + 1);
      service::connect_container(h->ctx, to("ov", c));
    }
  auto s = h1.state();
  const auto& n = h1.net(s, "ov");
  for (const auto* eps : {&n.containers, &n.remote_endpoints})
    for (const auto& [_, e] : *eps) CHECK(seen.insert(e.ipv4->to_string()).second);
  CHECK(seen.size() == 9);
}

TEST_CASE("overlay: rm is refused while another host has an endpoint; then every host drops its sandbox") {
  fakes::MemoryKv kv;
  Host h1(kv, 1), h2(kv, 2);
  service::create_network(h1.ctx, overlay("ov"));
  service::connect_container(h1.ctx, to("ov", "c1"));
  service::connect_container(h2.ctx, to("ov", "c2"));
  std::string path = sandbox(h1, "ov");
  auto out = service::remove_networks(h2.ctx, {"ov"}, false);
  REQUIRE(out.at(0).error);
  CHECK_THAT(std::string(out.at(0).error->what()), Catch::StartsWith("error while removing network: network ov has active endpoints"));
  service::disconnect_container(h2.ctx, "ov", "c2", false);
  CHECK(!h2.kernel.overlay_sandboxes.count(path));  // its last local endpoint went
  CHECK(h2.kernel.state.netns_links.count("/run/netns/c2") == 0);
  service::disconnect_container(h1.ctx, "ov", "c1", false);
  out = service::remove_networks(h2.ctx, {"ov"}, false);
  CHECK(!out.at(0).error);
  CHECK(kv.range(store::cluster::kRoot + "networks/", store::prefix_end(store::cluster::kRoot + "networks/")).kvs.empty());
  CHECK(kv.range(store::cluster::kEndpoints, store::prefix_end(store::cluster::kEndpoints)).kvs.empty());
  CHECK(kv.range(store::cluster::kAddresses, store::prefix_end(store::cluster::kAddresses)).kvs.empty());
}

TEST_CASE("overlay: the cluster store unreachable: a clear error and nothing changed; reads show local networks") {
  fakes::MemoryKv kv;
  Host h(kv, 1);
  service::create_network(h.ctx, overlay("ov"));
  auto ops_before = h.kernel.ops;
  auto saved_before = h.local.saved;
  kv.fail_next(1);
  CHECK_THROWS_WITH(service::connect_container(h.ctx, to("ov", "c1")),
                    Catch::StartsWith("cannot reach the cluster store etcd://fake:2379: connection refused"));
  CHECK(h.kernel.ops == ops_before);
  CHECK(h.local.saved == saved_before);
  kv.fail_next(1);
  auto s = h.state();
  CHECK(!s.cluster_unavailable.empty());
  CHECK_THROWS(h.net(s, "ov"));
  CHECK_NOTHROW(h.net(s, "bridge"));
}

TEST_CASE("overlay: node rm frees a gone host's endpoints and addresses; the local host is refused") {
  fakes::MemoryKv kv;
  Host h1(kv, 1), h2(kv, 2);
  service::create_network(h1.ctx, overlay("ov"));
  service::connect_container(h2.ctx, to("ov", "c1"));
  CHECK_THROWS_WITH(service::remove_cluster_host(h1.ctx, "h1"), Catch::StartsWith("host h1 is this host"));
  CHECK_THROWS_WITH(service::remove_cluster_host(h1.ctx, "h9"), "host h9 is not in the cluster");
  auto listed = service::list_cluster_hosts(h1.ctx);
  REQUIRE(listed.size() == 2);  // h1 registered itself when it wrote the network
  CHECK((listed[0].name == "h1" && listed[0].self && listed[0].endpoints == 0));
  CHECK((listed[1].name == "h2" && !listed[1].self && listed[1].endpoints == 1));
  service::remove_cluster_host(h1.ctx, "h2");
  listed = service::list_cluster_hosts(h1.ctx);
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].name == "h1");
  service::connect_container(h1.ctx, to("ov", "c1"));
  auto s = h1.state();
  CHECK(h1.net(s, "ov").containers.begin()->second.ipv4->to_string() == "10.0.0.2/24");  // reused
  CHECK(h1.net(s, "ov").remote_endpoints.empty());
}

TEST_CASE("overlay: a connect cut short on one host is undone by that host's next call, never by another's") {
  fakes::MemoryKv kv;
  Host h1(kv, 1), h2(kv, 2);
  service::create_network(h1.ctx, overlay("ov"));
  h1.ctx.fail_point = [](const std::string& step) {
    if (step == "connect.interface") throw std::runtime_error("killed");
  };
  CHECK_THROWS(service::connect_container(h1.ctx, to("ov", "c1")));
  // The failed call undid itself: no endpoint, no address, no sandbox.
  CHECK(kv.range(store::cluster::kAddresses, store::prefix_end(store::cluster::kAddresses)).kvs.empty());
  CHECK(h1.kernel.overlay_sandboxes.empty());
  // A crash instead: the intent stays in the store. h2's calls leave it alone; h1's undoes it.
  // A crash instead, between the intent's etcd write and its local one: the store holds an
  // endpoint of h1 whose container h1 never recorded.
  auto s = service::open_for_write(h1.ctx);
  model::Endpoint e;
  e.container_id = std::string(64, 'a');
  e.host = "h1";
  e.name = "ghost";
  e.intent = model::kIntentConnect;
  e.ipv4 = IpPrefix::parse("10.0.0.2/24");
  const_cast<model::Network&>(service::resolve_network(s.state, "ov")).containers[e.container_id] = e;
  h1.cluster.save(s.state);
  s.lock.reset();
  service::reconcile_host(h2.ctx);
  CHECK(h2.network_now("ov").remote_endpoints.size() == 1);
  service::reconcile_host(h1.ctx);
  CHECK(h2.network_now("ov").remote_endpoints.empty());
  CHECK(kv.range(store::cluster::kAddresses, store::prefix_end(store::cluster::kAddresses)).kvs.empty());
}

TEST_CASE("overlay: another host reconciling in the middle of an rm neither finishes nor breaks it") {
  fakes::MemoryKv kv;
  Host h1(kv, 1), h2(kv, 2);
  service::create_network(h1.ctx, overlay("ov"));
  bool reconciled = false;
  h1.ctx.fail_point = [&](const std::string& step) {
    if (step != "rm.store" || reconciled) return;
    reconciled = true;  // the intent is saved, the network not yet deleted: h2's watch wakes now
    service::reconcile_host(h2.ctx);
    CHECK(h2.state().networks.size() == 4);  // still there for h2, unmarked
  };
  auto out = service::remove_networks(h1.ctx, {"ov"}, false);
  CHECK(reconciled);
  CHECK(!out.at(0).error);
  CHECK(h2.state().networks.size() == 3);
  CHECK(kv.range(store::cluster::kRoot, store::prefix_end(store::cluster::kRoot)).kvs.size() == 1);  // h1's host key
}

TEST_CASE("overlay: a container connected on another host during an rm makes the rm report it in use") {
  fakes::MemoryKv kv;
  Host h1(kv, 1), h2(kv, 2);
  service::create_network(h1.ctx, overlay("ov"));
  bool raced = false;
  h1.ctx.fail_point = [&](const std::string& step) {
    if (step != "rm.store" || raced) return;
    raced = true;
    service::connect_container(h2.ctx, to("ov", "c2"));
  };
  auto out = service::remove_networks(h1.ctx, {"ov"}, false);
  CHECK(raced);
  REQUIRE(out.at(0).error);
  CHECK_THAT(std::string(out.at(0).error->what()), Catch::StartsWith("error while removing network: network ov has active endpoints"));
  CHECK(h2.network_now("ov").containers.size() == 1);
}
