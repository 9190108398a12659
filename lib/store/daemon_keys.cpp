#include "lib/store/daemon_keys.hpp"

#include <algorithm>
#include <cctype>

namespace docknet::store {
namespace {

struct KeyEntry {
  std::string_view name;
  DaemonKeyKind kind;
};

using K = DaemonKeyKind;

// Taken from moby v28.5.2 cmd/dockerd/{config,config_unix,options,docker}.go and
// docker-v29.7.2 daemon/command/ (the same files moved), daemon/config/config.go
// (skipValidateOptions, flatOptions) and config_linux.go: dockerd's config loader accepts a
// key when a flag of that long name exists, when it is the name of a list/map option, or when
// it is skipped from validation. api-cors-header is left out: dockerd 28 refuses it as removed.
// The applied keys come first, so a "did you mean" tie goes to one docknet reads.
constexpr KeyEntry kKeys[] = {
    // Read and applied (daemon_config.cpp).
    {"default-address-pools", K::Applied}, {"bip", K::Applied}, {"mtu", K::Applied}, {"icc", K::Applied},
    {"ip-masq", K::Applied}, {"ip-forward", K::Applied}, {"ip-forward-no-drop", K::Applied},
    {"iptables", K::Applied}, {"ip6tables", K::Applied}, {"ip", K::Applied}, {"firewall-backend", K::Applied},
    {"cluster-store", K::Applied}, {"cluster-advertise", K::Applied},
    // Docker's network keys docknet does not apply.
    {"bridge", K::Network}, {"fixed-cidr", K::Network}, {"fixed-cidr-v6", K::Network}, {"ipv6", K::Network},
    {"bip6", K::Network}, {"default-gateway", K::Network}, {"default-gateway-v6", K::Network},
    {"userland-proxy", K::Network}, {"userland-proxy-path", K::Network}, {"allow-direct-routing", K::Network},
    {"bridge-accept-fwmark", K::Network}, {"default-network-opts", K::Network}, {"default-network-opt", K::Network},
    {"default-address-pool", K::Network}, {"network-control-plane-mtu", K::Network},
    {"network-diagnostic-port", K::Network},
    // The daemon's own settings and its containers' defaults: nothing for docknet to apply them to.
    {"add-runtime", K::Daemon}, {"allow-nondistributable-artifacts", K::Daemon}, {"authorization-plugin", K::Daemon},
    {"authorization-plugins", K::Daemon}, {"builder", K::Daemon}, {"cdi-spec-dir", K::Daemon},
    {"cdi-spec-dirs", K::Daemon}, {"cgroup-parent", K::Daemon}, {"config-file", K::Daemon},
    {"containerd", K::Daemon}, {"containerd-namespace", K::Daemon},
    {"containerd-plugins-namespace", K::Daemon}, {"cpu-rt-period", K::Daemon}, {"cpu-rt-runtime", K::Daemon},
    {"cri-containerd", K::Daemon}, {"data-root", K::Daemon}, {"debug", K::Daemon},
    {"default-cgroupns-mode", K::Daemon}, {"default-ipc-mode", K::Daemon}, {"default-runtime", K::Daemon},
    {"default-shm-size", K::Daemon}, {"default-stop-timeout", K::Daemon}, {"default-ulimit", K::Daemon},
    {"default-ulimits", K::Daemon}, {"deprecated-key-path", K::Daemon}, {"dns", K::Daemon},
    {"dns-opt", K::Daemon}, {"dns-opts", K::Daemon}, {"dns-search", K::Daemon}, {"exec-opt", K::Daemon},
    {"exec-opts", K::Daemon}, {"exec-root", K::Daemon}, {"experimental", K::Daemon}, {"feature", K::Daemon},
    {"features", K::Daemon}, {"group", K::Daemon}, {"help", K::Daemon}, {"host", K::Daemon},
    {"host-gateway-ip", K::Daemon}, {"host-gateway-ips", K::Daemon}, {"hosts", K::Daemon},
    {"http-proxy", K::Daemon}, {"https-proxy", K::Daemon}, {"init", K::Daemon}, {"init-path", K::Daemon},
    {"insecure-registries", K::Daemon}, {"insecure-registry", K::Daemon}, {"label", K::Daemon},
    {"labels", K::Daemon}, {"live-restore", K::Daemon}, {"log-driver", K::Daemon}, {"log-format", K::Daemon},
    {"log-level", K::Daemon}, {"log-opt", K::Daemon}, {"log-opts", K::Daemon},
    {"max-concurrent-downloads", K::Daemon}, {"max-concurrent-uploads", K::Daemon},
    {"max-download-attempts", K::Daemon}, {"metrics-addr", K::Daemon}, {"min-api-version", K::Daemon},
    {"no-new-privileges", K::Daemon}, {"no-proxy", K::Daemon}, {"node-generic-resource", K::Daemon},
    {"node-generic-resources", K::Daemon}, {"nri-opts", K::Daemon}, {"pidfile", K::Daemon},
    {"proxies", K::Daemon}, {"raw-logs", K::Daemon}, {"registry-mirror", K::Daemon},
    {"registry-mirrors", K::Daemon}, {"restart", K::Daemon}, {"rootless", K::Daemon},
    {"runtimes", K::Daemon}, {"seccomp-profile", K::Daemon}, {"selinux-enabled", K::Daemon},
    {"shutdown-timeout", K::Daemon}, {"storage-driver", K::Daemon}, {"storage-opt", K::Daemon},
    {"storage-opts", K::Daemon}, {"swarm-default-advertise-addr", K::Daemon},
    {"swarm-raft-election-tick", K::Daemon}, {"swarm-raft-heartbeat-tick", K::Daemon}, {"tls", K::Daemon},
    {"tlscacert", K::Daemon}, {"tlscert", K::Daemon}, {"tlskey", K::Daemon}, {"tlsverify", K::Daemon},
    {"userns-remap", K::Daemon}, {"validate", K::Daemon}, {"version", K::Daemon},
};

std::string normalized(std::string_view s) {
  std::string out;
  for (char c : s) out += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Levenshtein distance, stopping early: only "at most 2" matters.
size_t distance(const std::string& a, const std::string& b) {
  if (a.size() > b.size() + 2 || b.size() > a.size() + 2) return 3;
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::optional<DaemonKeyKind> daemon_key_kind(std::string_view key) {
  for (const auto& k : kKeys)
    if (k.name == key) return k.kind;
  return std::nullopt;
}

std::vector<std::string_view> daemon_keys() {
  std::vector<std::string_view> out;
  for (const auto& k : kKeys) out.push_back(k.name);
  return out;
}

std::optional<std::string> closest_key(std::string_view unknown, const std::vector<std::string_view>& candidates) {
  std::string u = normalized(unknown);
  std::optional<std::string> best;
  size_t best_d = 3;
  for (auto c : candidates) {
    size_t d = distance(u, normalized(c));
    if (d < best_d && d < u.size()) {
      best_d = d;
      best = std::string(c);
    }
  }
  return best;
}

}  // namespace docknet::store
