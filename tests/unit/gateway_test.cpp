// Which endpoint gives a container its default routes: libnetwork's Endpoint.Less order and
// per-family choice (moby@docker-v29.7.2:daemon/libnetwork/sandbox.go:627-673,
// default_gateway.go:187-207), kept in the kernel across connect and disconnect.
#include <catch2/catch.hpp>

#include "fakes/fixture.hpp"
#include "fakes/service_helpers.hpp"
#include "lib/service/connect.hpp"
#include "lib/service/create_network.hpp"
#include "lib/service/gateway_choice.hpp"

using namespace docknet;
using namespace docknet::fakes;

namespace {

std::string gw4(Fixture& f, const std::string& ifname) {
  const auto& l = f.kernel.state.netns_links["/run/netns/c1"].at(ifname);
  return l.gateway ? l.gateway->to_string() : "-";
}

void create(Fixture& f, const std::string& name, const char* subnet, bool internal = false) {
  auto r = net(name);
  r.ipam_config = {fakes::subnet(subnet)};
  r.internal = internal;
  service::create_network(f.ctx, r);
}

// Networks "zeta" and "alpha" (which sorts first, so takes the default route over), c1 on zeta.
void c1_on_zeta_with_alpha(Fixture& f, const char* zeta_subnet, const char* alpha_subnet) {
  prepare_with_parent(f);
  create(f, "zeta", zeta_subnet);
  create(f, "alpha", alpha_subnet);
  service::connect_container(f.ctx, to("zeta", "c1"));
}

}  // namespace

TEST_CASE("default route: the network name decides between equals, so a later 'a' network takes it over") {
  Fixture f;
  c1_on_zeta_with_alpha(f, "10.1.0.0/24", "10.2.0.0/24");
  CHECK(gw4(f, "eth0") == "10.1.0.1");
  service::connect_container(f.ctx, to("alpha", "c1"));  // "alpha" < "zeta": Docker moves the gateway
  CHECK(gw4(f, "eth0") == "-");
  CHECK(gw4(f, "eth1") == "10.2.0.1");
  service::disconnect_container(f.ctx, "alpha", "c1", false);
  CHECK(gw4(f, "eth0") == "10.1.0.1");  // handed back to the one left
}

TEST_CASE("default route: an internal first network leaves it to the next non-internal one") {
  Fixture f;
  prepare_with_parent(f);
  create(f, "aaa-internal", "10.3.0.0/24", true);
  create(f, "zzz-open", "10.4.0.0/24");
  service::connect_container(f.ctx, to("aaa-internal", "c1"));
  CHECK(gw4(f, "eth0") == "-");
  service::connect_container(f.ctx, to("zzz-open", "c1"));
  CHECK(gw4(f, "eth1") == "10.4.0.1");
  const auto& s = *f.store.saved;
  CHECK(service::choose_gateways(s, s.containers[0].id).v4 == find(f, "zzz-open").id);
}

TEST_CASE("default route: --gw-priority wins over the name, and the highest keeps it") {
  Fixture f;
  prepare_with_parent(f);
  create(f, "alpha", "10.5.0.0/24");
  create(f, "beta", "10.6.0.0/24");
  auto high = to("beta", "c1");
  high.gw_priority = 10;
  service::connect_container(f.ctx, to("alpha", "c1"));
  service::connect_container(f.ctx, high);
  CHECK(gw4(f, "eth0") == "-");
  CHECK(gw4(f, "eth1") == "10.6.0.1");
  CHECK(endpoint(f, "beta", "c1").gw_priority == 10);
  auto before = f.kernel.state;
  f.kernel.fail_at = f.kernel.mutations + 1;  // a failure midway puts every route back
  CHECK_THROWS(service::disconnect_container(f.ctx, "beta", "c1", false));
  CHECK(f.kernel.state == before);
}

TEST_CASE("default route: a failed connect gives the old gateway its route back") {
  Fixture f;
  c1_on_zeta_with_alpha(f, "10.7.0.0/24", "10.8.0.0/24");
  auto before = f.kernel.state;
  for (int k = 0; k < 6; ++k) {
    f.kernel.fail_at = f.kernel.mutations + k;
    try {
      service::connect_container(f.ctx, to("alpha", "c1"));
    } catch (const std::exception&) {
      CHECK(f.kernel.state == before);
      continue;
    }
    break;  // got through: every step failed once before
  }
  CHECK(gw4(f, "eth1") == "10.8.0.1");
}

TEST_CASE("a container with IPv6 off gets no IPv6 address on a dual-stack network, as Docker's") {
  Fixture f;
  prepare_with_parent(f);
  auto r = net("dual");
  r.enable_ipv6 = true;
  r.ipam_config = {fakes::subnet("10.9.0.0/24"), fakes::subnet("fd00:9::/64")};
  service::create_network(f.ctx, r);
  f.kernel.ipv6_off = {"/run/netns/c1"};
  service::connect_container(f.ctx, to("dual", "c1"));
  service::connect_container(f.ctx, to("dual", "c2"));
  CHECK(endpoint(f, "dual", "c1").ipv4->to_string() == "10.9.0.2/24");
  CHECK_FALSE(endpoint(f, "dual", "c1").ipv6);
  CHECK(endpoint(f, "dual", "c2").ipv6->to_string() == "fd00:9::2/64");  // none was taken for c1
  CHECK(f.store.saved->containers[0].ipv6_disabled);
  CHECK_FALSE(f.store.saved->containers[1].ipv6_disabled);
  // Its hosts file has no IPv6 localhost lines and no IPv6 address of its own (etchosts.BuildNoIPv6).
  std::string c1 = f.kernel.state.files.at("/etc/netns/c1/hosts"), c2 = f.kernel.state.files.at("/etc/netns/c2/hosts");
  CHECK(c1.find("127.0.0.1\tlocalhost\n") != std::string::npos);
  CHECK(c1.find("ip6-") == std::string::npos);
  CHECK(c1.find("::1") == std::string::npos);
  CHECK(c2.find("::1\tlocalhost ip6-localhost ip6-loopback\n") != std::string::npos);
  CHECK(c2.find("ff02::2\tip6-allrouters\n") != std::string::npos);
}
