#include <catch2/catch.hpp>

#include "fakes/fixture.hpp"
#include "fakes/service_helpers.hpp"
#include "lib/core/error.hpp"
#include "lib/model/naming.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/connect.hpp"
#include "lib/service/create_network.hpp"
#include "lib/service/remove_network.hpp"

using namespace docknet;
using docknet::fakes::Fixture;

namespace {

void prepare(Fixture& f) {
  f.kernel.namespaces = {{"/run/netns/c1", 101}, {"/run/netns/c2", 102}};
  model::CreateRequest r;
  r.name = "bnet";
  service::create_network(f.ctx, r);
  f.kernel.ops.clear();
  f.kernel.mutations = 0;
}

service::ConnectRequest to(const std::string& net, const std::string& c) {
  service::ConnectRequest r;
  r.network = net;
  r.container = c;
  return r;
}

const model::Network& bnet(const Fixture& f) {
  for (const auto& n : f.store.saved->networks)
    if (n.name == "bnet") return n;
  throw std::runtime_error("no bnet");
}

}  // namespace

TEST_CASE("connect: lowest free address, eth0, default route, Docker's raw rule, hosts files") {
  Fixture f;
  prepare(f);
  service::connect_container(f.ctx, to("bnet", "c1"));
  auto r2 = to("bnet", "c2");
  r2.aliases = {"db"};
  service::connect_container(f.ctx, r2);
  const auto& n = bnet(f);
  REQUIRE(n.containers.size() == 2);
  const auto& c1 = f.store.saved->containers[0];
  const auto& e1 = n.containers.at(c1.id);
  CHECK(e1.ipv4->to_string() == "172.18.0.2/16");
  CHECK(e1.ifname == "eth0");
  CHECK(e1.host_ifname.size() == 11);
  CHECK((std::stoul(e1.mac_address.substr(0, 2), nullptr, 16) & 3) == 2);  // locally administered, unicast
  auto inner = f.kernel.state.netns_links["/run/netns/c1"].at("eth0");
  CHECK(inner.addresses == std::vector<IpPrefix>{*IpPrefix::parse("172.18.0.2/16")});
  CHECK(inner.gateway->to_string() == "172.18.0.1");
  CHECK(f.kernel.state.links.at(e1.host_ifname).master == model::bridge_name(n));
  CHECK(f.kernel.save(model::Table::Raw) ==
        "-A PREROUTING -d 172.18.0.2/32 ! -i " + model::bridge_name(n) + " -j DROP\n-A PREROUTING -d 172.18.0.3/32 ! -i " +
            model::bridge_name(n) + " -j DROP\n");
  std::string hosts = f.kernel.state.files.at("/etc/netns/c1/hosts");
  CHECK(hosts.find("172.18.0.2\tc1 c1.bnet " + c1.id.substr(0, 12) + "\n") != std::string::npos);  // NAME.NETWORK too
  CHECK(hosts.find("172.18.0.3\tc2 db ") != std::string::npos);
}

TEST_CASE("connect refuses what Docker refuses") {
  Fixture f;
  prepare(f);
  service::connect_container(f.ctx, to("bnet", "c1"));
  CHECK_THROWS_WITH(service::connect_container(f.ctx, to("bnet", "c1")), "endpoint with name c1 already exists in network bnet");
  CHECK_THROWS_WITH(service::connect_container(f.ctx, to("nosuch", "c1")), "network nosuch not found");
  CHECK_THROWS_WITH(service::connect_container(f.ctx, to("bnet", "ghost")), "No such container: ghost");
  CHECK_THROWS_WITH(service::connect_container(f.ctx, to("host", "c2")),
                    "cannot connect container to host network - container must be created in host network mode");
  // 29.1+: --ip inside an automatic pool is taken (docker29-deltas row 14a).
  auto fixed = to("bnet", "c2");
  fixed.ip = *IpAddress::parse("172.18.0.9");
  service::connect_container(f.ctx, fixed);
  CHECK(fakes::find(f, "bnet").containers.size() == 2);
}

TEST_CASE("connect: endpoint settings checked as Docker 29.7, every error at once (docker29-deltas 14a, 14c)") {
  Fixture f;
  prepare(f);
  auto wrong = to("bnet", "c1");
  wrong.ip6 = *IpAddress::parse("fd00::5");  // bnet has no IPv6
  CHECK_THROWS_WITH(service::connect_container(f.ctx, wrong),
                    "invalid endpoint settings:\nno configured subnet contains IP address fd00::5");
  auto swapped = to("bnet", "c1");
  swapped.ip = *IpAddress::parse("fd00::5");
  CHECK_THROWS_WITH(service::connect_container(f.ctx, swapped),
                    "invalid endpoint settings:\n* invalid IPv4 address: fd00::5\n* no configured subnet contains IP address "
                    "fd00::5");
  auto on_default = to("bridge", "c1");
  on_default.ip = *IpAddress::parse("172.17.0.9");
  on_default.aliases = {"web"};
  CHECK_THROWS_WITH(service::connect_container(f.ctx, on_default),
                    "invalid endpoint settings:\n* user-specified IP address is supported on user-defined networks only\n"
                    "* network-scoped aliases are only supported for user-defined networks");
  CHECK(fakes::find(f, "bnet").containers.empty());
}

TEST_CASE("connect --ip on a user subnet: taken, outside and valid addresses") {
  Fixture f;
  f.kernel.namespaces = {{"/run/netns/c1", 101}, {"/run/netns/c2", 102}};
  model::CreateRequest r;
  r.name = "lab";
  model::IpamConfig c;
  c.subnet = *IpPrefix::parse("10.10.0.0/24");
  r.ipam_config.push_back(c);
  service::create_network(f.ctx, r);
  auto a = to("lab", "c1");
  a.ip = *IpAddress::parse("10.10.0.50");
  service::connect_container(f.ctx, a);
  auto b = to("lab", "c2");
  b.ip = *IpAddress::parse("10.10.0.50");
  CHECK_THROWS_WITH(service::connect_container(f.ctx, b), "Address already in use");
  b.ip = *IpAddress::parse("10.99.0.1");
  CHECK_THROWS_WITH(service::connect_container(f.ctx, b),
                    "invalid endpoint settings:\nno configured subnet contains IP address 10.99.0.1");
  b.ip = std::nullopt;
  service::connect_container(f.ctx, b);
  CHECK(f.store.saved->networks.back().containers.size() == 2);
}

TEST_CASE("disconnect removes exactly what connect made; rm works again") {
  Fixture f;
  prepare(f);
  auto before = f.kernel.state;
  service::connect_container(f.ctx, to("bnet", "c1"));
  CHECK(service::remove_networks(f.ctx, {"bnet"}, false)[0].error);
  service::disconnect_container(f.ctx, "bnet", "c1", false);
  CHECK(f.kernel.state == before);
  std::string cid = f.store.saved->containers.at(0).id;
  CHECK_THROWS_WITH(service::disconnect_container(f.ctx, "bnet", "c1", false),
                    "container " + cid + " is not connected to network bnet");
  CHECK_FALSE(service::remove_networks(f.ctx, {"bnet"}, false)[0].error);
}

TEST_CASE("a namespace that is gone releases its endpoints on the next call") {
  Fixture f;
  prepare(f);
  auto before = f.kernel.state;
  service::connect_container(f.ctx, to("bnet", "c1"));
  // `ip netns del c1`: the namespace and the veth inside it disappear.
  f.kernel.namespaces.erase("/run/netns/c1");
  std::string host = bnet(f).containers.begin()->second.host_ifname;
  f.kernel.state.links.erase(host);
  f.kernel.state.netns_links.erase("/run/netns/c1");
  auto out = service::remove_networks(f.ctx, {"bnet"}, false);
  CHECK_FALSE(out[0].error);
  CHECK(f.store.saved->containers.empty());
  CHECK(f.kernel.state.files.empty());
}

TEST_CASE("connect: failing at any step leaves the kernel, files and store as they were") {
  Fixture probe;
  prepare(probe);
  service::connect_container(probe.ctx, to("bnet", "c1"));
  const int steps = probe.kernel.mutations;
  REQUIRE(steps >= 3);
  int k = GENERATE_COPY(range(0, steps));
  Fixture f;
  prepare(f);
  auto kernel_before = f.kernel.state;
  auto store_before = f.store.saved;
  f.kernel.fail_at = k;
  CHECK_THROWS(service::connect_container(f.ctx, to("bnet", "c1")));
  CHECK(f.kernel.state == kernel_before);
  CHECK(f.store.saved == store_before);
}

TEST_CASE("disconnect: failing at any step leaves the endpoint working and recorded") {
  Fixture probe;
  prepare(probe);
  service::connect_container(probe.ctx, to("bnet", "c1"));
  probe.kernel.mutations = 0;
  service::disconnect_container(probe.ctx, "bnet", "c1", false);
  const int steps = probe.kernel.mutations;
  int k = GENERATE_COPY(range(0, steps));
  Fixture f;
  prepare(f);
  service::connect_container(f.ctx, to("bnet", "c1"));
  auto kernel_before = f.kernel.state;
  auto store_before = f.store.saved;
  std::string raw_before = f.kernel.save(model::Table::Raw);
  REQUIRE_FALSE(raw_before.empty());
  f.kernel.mutations = 0;
  f.kernel.fail_at = k;
  CHECK_THROWS(service::disconnect_container(f.ctx, "bnet", "c1", false));
  // The veth may be a new one (recreated by the undo), but it is there, configured the same.
  CHECK(f.kernel.state.links.size() == kernel_before.links.size());
  CHECK(f.kernel.state.netns_links == kernel_before.netns_links);
  CHECK(f.kernel.state.files == kernel_before.files);
  CHECK(f.kernel.save(model::Table::Raw) == raw_before);
  CHECK(f.store.saved == store_before);
}

TEST_CASE("connect --link and --link-local-ip") {
  Fixture f;
  prepare(f);
  service::connect_container(f.ctx, to("bnet", "c1"));
  auto r = to("bnet", "c2");
  r.links = {"c1:web"};
  r.link_local_ips = {"169.254.1.5"};
  service::connect_container(f.ctx, r);
  CHECK(f.kernel.state.files.at("/etc/netns/c2/hosts").find("172.18.0.2\tweb\n") != std::string::npos);
  CHECK(f.kernel.state.files.at("/etc/netns/c1/hosts").find("\tweb\n") == std::string::npos);
  auto inner = f.kernel.state.netns_links["/run/netns/c2"].at("eth0");
  CHECK(inner.addresses.back().to_string() == "169.254.1.5/16");  // Docker's link-local prefix lengths
  auto routable = to("bnet", "c1");
  routable.link_local_ips = {"10.1.1.1"};
  service::disconnect_container(f.ctx, "bnet", "c1", false);
  CHECK_THROWS_WITH(service::connect_container(f.ctx, routable), "invalid link local IP address: 10.1.1.1");
  auto bad = to("bnet", "c2");
  service::disconnect_container(f.ctx, "bnet", "c2", false);
  bad.links = {"ghost:x"};
  CHECK_THROWS_WITH(service::connect_container(f.ctx, bad), "Could not get container for ghost");
}

TEST_CASE("connect advertises the new endpoint's addresses: Docker's 3 x 1000 ms, the network's options, none for none") {
  Fixture f;
  prepare(f);
  model::CreateRequest r;
  r.name = "fast";
  r.options = {{"com.docker.network.advertise_addr_nmsgs", "1"}, {"com.docker.network.advertise_addr_ms", "200"}};
  service::create_network(f.ctx, r);
  r.name = "silent";
  r.options = {{"com.docker.network.advertise_addr_nmsgs", "0"}};
  service::create_network(f.ctx, r);
  service::connect_container(f.ctx, to("bnet", "c1"));
  REQUIRE(f.kernel.advertised.size() == 1);
  CHECK(f.kernel.advertised[0].netns_path == "/run/netns/c1");
  CHECK(f.kernel.advertised[0].ifname == "eth0");
  CHECK(f.kernel.advertised[0].v4 == bnet(f).containers.begin()->second.ipv4->addr().to_string());
  CHECK(f.kernel.advertised[0].count == 3);
  CHECK(f.kernel.advertised[0].interval_ms == 1000);
  service::connect_container(f.ctx, to("fast", "c1"));
  REQUIRE(f.kernel.advertised.size() == 2);
  CHECK(f.kernel.advertised[1].ifname == "eth1");
  CHECK(f.kernel.advertised[1].count == 1);
  CHECK(f.kernel.advertised[1].interval_ms == 200);
  service::connect_container(f.ctx, to("none", "c2"));
  service::connect_container(f.ctx, to("silent", "c1"));
  CHECK(f.kernel.advertised.size() == 2);
  // A connect that fails advertises nothing.
  CHECK_THROWS(service::connect_container(f.ctx, to("bnet", "c1")));
  CHECK(f.kernel.advertised.size() == 2);
}
