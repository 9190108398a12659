#include <fmt/format.h>

#include "lib/model/messages.hpp"

// Overlay networks' own texts. Docker's overlay driver has no refusal for these outside swarm
// mode; they say what docknet does instead, in Docker's style.
namespace docknet::model::msg {

using K = ErrorKind;

Error overlay_encryption_unsupported() {
  return Error(K::InvalidParameter,
               "encrypted overlay networks are not supported: Docker encrypts them with IPsec keys that only swarm "
               "mode distributes, and docknet has no swarm (remove -o encrypted)");
}

Error overlay_multiple_subnets() {
  return Error(K::InvalidParameter, "docknet's overlay networks take one subnet per address family");
}

Error invalid_vni(const std::string& value) {
  return Error(K::InvalidParameter,
               fmt::format("invalid VXLAN ID \"{}\": com.docker.network.driver.overlay.vxlanid_list takes a number from 1 "
                           "to 16777215",
                           value));
}

Error vni_in_use(uint32_t vni, const std::string& network) {
  return Error(K::Conflict, fmt::format("VXLAN ID {} is already in use by network {}", vni, network));
}

Error vni_exhausted() { return Error(K::System, "no free VXLAN ID left"); }

Error cluster_unavailable(const std::string& why) {
  return Error(K::System, why + " (nothing was changed; overlay networks need the cluster store)");
}

Error no_such_cluster_host(const std::string& name) {
  return Error(K::NotFound, fmt::format("host {} is not in the cluster", name));
}

Error cannot_remove_local_host(const std::string& name) {
  return Error(K::Forbidden, fmt::format("host {} is this host: disconnect its containers instead", name));
}

Error cluster_store_needed() {
  return Error(K::InvalidParameter,
               "no cluster store: set cluster-store: etcd://HOST:2379 in the config file to use overlay networks");
}

}  // namespace docknet::model::msg
