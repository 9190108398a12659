#pragma once
// Shared by the service-level tests: stock requests and lookups in the fake store.
#include <stdexcept>
#include <string>

#include "fakes/fixture.hpp"
#include "lib/model/create_spec.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/connect.hpp"

namespace docknet::fakes {

/// Namespaces c1 and c2, a veth end "vparent" to hang macvlan/ipvlan from, built-ins and
/// docker0 made, and the mutation counter reset.
inline void prepare_with_parent(Fixture& f) {
  f.kernel.namespaces = {{"/run/netns/c1", 101}, {"/run/netns/c2", 102}};
  f.kernel.state.links["vparent"] = FakeLink{.kind = "veth", .up = true};
  service::open_for_write(f.ctx);
  f.kernel.ops.clear();
  f.kernel.mutations = 0;
}

inline model::CreateRequest net(const std::string& name, const std::string& driver = "bridge") {
  model::CreateRequest r;
  r.name = name;
  r.driver = driver;
  return r;
}

inline model::IpamConfig subnet(const char* s, const char* gw = nullptr) {
  model::IpamConfig c;
  c.subnet = *IpPrefix::parse(s);
  if (gw) c.gateway = IpAddress::parse(gw);
  return c;
}

inline service::ConnectRequest to(const std::string& network, const std::string& c) {
  service::ConnectRequest r;
  r.network = network;
  r.container = c;
  return r;
}

inline const model::Network& find(const Fixture& f, const std::string& name) {
  for (const auto& n : f.store.saved->networks)
    if (n.name == name) return n;
  throw std::runtime_error("no network " + name);
}

inline const model::Endpoint& endpoint(const Fixture& f, const std::string& network, const std::string& container) {
  for (const auto& c : f.store.saved->containers)
    if (c.name == container) return find(f, network).containers.at(c.id);
  throw std::runtime_error("no container " + container);
}

}  // namespace docknet::fakes
