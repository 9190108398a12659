#include "cmd/cluster_identity.hpp"

#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>

#include <fmt/format.h>

#include "lib/fs/unique_fd.hpp"
#include "lib/model/naming.hpp"
#include "lib/store/cluster_keys.hpp"

namespace docknet::cli {
namespace {

// systemd's machine ID (one line of 32 hex digits), "" when there is none.
std::string machine_id() {
  for (const char* path : {"/etc/machine-id", "/var/lib/dbus/machine-id"}) {
    std::ifstream in(path);
    std::string id;
    if (std::getline(in, id) && id.size() == 32 && id.find_first_not_of("0123456789abcdef") == std::string::npos)
      return id;
  }
  return "";
}

std::string hostname() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "";
  return buf;
}

// The first etcd host of "etcd://HOST:PORT[,...]" (brackets of an IPv6 address dropped).
std::string first_etcd_host(const std::string& url) {
  std::string rest = url.substr(url.find("://") == std::string::npos ? 0 : url.find("://") + 3);
  rest = rest.substr(0, rest.find(','));
  if (!rest.empty() && rest[0] == '[') return rest.substr(1, rest.find(']') - 1);
  return rest.substr(0, rest.find(':'));
}

// The address this host would send from to reach `host`: a UDP socket connected to it, which
// sends nothing, tells the kernel's choice.
std::optional<IpAddress> source_towards(const std::string& host) {
  // An address, not a name: the static binary has no resolver (lib/core/nss_stubs.c).
  sockaddr_storage peer{};
  socklen_t peer_len = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&peer);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&peer);
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(2379);
    peer_len = sizeof *v4;
  } else if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(2379);
    peer_len = sizeof *v6;
  } else {
    return std::nullopt;
  }
  UniqueFd fd(socket(peer.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (fd.get() < 0 || connect(fd.get(), reinterpret_cast<sockaddr*>(&peer), peer_len) != 0) return std::nullopt;
  sockaddr_storage local{};
  socklen_t len = sizeof local;
  if (getsockname(fd.get(), reinterpret_cast<sockaddr*>(&local), &len) != 0) return std::nullopt;
  char text[INET6_ADDRSTRLEN] = {};
  const void* raw = local.ss_family == AF_INET ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(&local)->sin_addr)
                                               : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(&local)->sin6_addr);
  if (!inet_ntop(local.ss_family, raw, text, sizeof text)) return std::nullopt;
  return IpAddress::parse(text);
}

IpAddress advertised_address(const store::DaemonConfig& c, kernel::LinkBackend& links) {
  if (auto ip = IpAddress::parse(c.cluster_advertise)) return *ip;
  if (!c.cluster_advertise.empty()) {
    auto info = links.link_info(c.cluster_advertise);
    if (!info) throw Error(ErrorKind::System, fmt::format("cluster-advertise: no interface {}", c.cluster_advertise));
    for (bool v6 : {false, true})
      for (const auto& a : info->addresses)
        if (a.addr().is_v6() == v6) return a.addr();
    throw Error(ErrorKind::System, fmt::format("cluster-advertise: interface {} has no address", c.cluster_advertise));
  }
  auto ip = source_towards(first_etcd_host(c.cluster_store));
  if (!ip || ip->to_string().rfind("127.", 0) == 0 || ip->to_string() == "::1")
    throw Error(ErrorKind::System,
                "cannot tell this host's address in the cluster: set cluster-advertise: IP or INTERFACE in the config file");
  return *ip;
}

}  // namespace

bool Cluster::wait_for_change() {
  client.watch(store::cluster::kRoot, store::prefix_end(store::cluster::kRoot), store.revision() + 1,
               [](int64_t, const std::vector<store::WatchEvent>&) { return false; });
  return true;
}

std::unique_ptr<Cluster> join_cluster(store::DaemonConfig& config, kernel::LinkBackend& links, store::Store& local) {
  if (config.cluster_store.empty()) return nullptr;
  config.cluster_host = hostname();
  std::string refusal;
  IpAddress address;
  try {
    address = advertised_address(config, links);
    config.cluster_address = address;
  } catch (const Error& e) {
    refusal = e.what();
  }
  // The host's name keys its endpoints in the store: one that cannot be a key is refused.
  if (refusal.empty() && !model::valid_container_name(config.cluster_host))
    refusal = fmt::format("this host's name \"{}\" cannot name it in the cluster: give it a hostname of letters, "
                          "digits, '.', '_' and '-'", config.cluster_host);
  auto cluster = std::make_unique<Cluster>(config.cluster_store, local, config.cluster_host, address, machine_id());
  if (!refusal.empty()) cluster->store.refuse(refusal);
  return cluster;
}

}  // namespace docknet::cli
