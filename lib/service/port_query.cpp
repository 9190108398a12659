#include "lib/service/port_query.hpp"

#include <algorithm>

#include "lib/model/messages.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/query.hpp"

namespace docknet::service {
namespace {

// Docker's container lookup: full ID, then name, then a unique ID prefix
// (daemon/container.go GetContainer); then, as connect, a namespace reference.
const model::Container* find_container(ServiceContext& ctx, const model::State& s, const std::string& ref) {
  if (ref.empty()) return nullptr;
  for (const auto& c : s.containers)
    if (c.id == ref) return &c;
  for (const auto& c : s.containers)
    if (c.name == ref) return &c;
  if (const model::Container* c = container_by_id(s, ref)) return c;
  if (auto ns = ctx.host.find_netns(ref))
    for (const auto& c : s.containers)
      if (c.dev == ns->dev && c.ino == ns->ino) return &c;
  return nullptr;
}

}  // namespace

std::vector<model::PortBinding> published_ports(ServiceContext& ctx, const std::string& container) {
  Session session = open_for_read(ctx);
  const model::Container* c = find_container(ctx, session.state, container);
  if (!c) throw model::msg::no_such_container(container);
  std::vector<model::PortBinding> out;
  if (!ctx.host.netns_alive(c->netns_path, c->dev, c->ino)) return out;
  // Only what has rules: a binding of a family the endpoint has no address for (a hand-edited
  // store) publishes nothing, and a repeated one is one binding.
  for (const auto& n : session.state.networks)
    if (auto it = n.containers.find(c->id); it != n.containers.end())
      for (const auto& b : it->second.ports) {
        bool has_family = b.host_ip.is_v6() ? it->second.ipv6 && n.enable_ipv6 : it->second.ipv4 && n.enable_ipv4;
        if (has_family && !n.internal && std::find(out.begin(), out.end(), b) == out.end()) out.push_back(b);
      }
  return out;
}

}  // namespace docknet::service
