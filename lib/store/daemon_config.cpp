#include "lib/store/daemon_config.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <array>
#include <cerrno>

#include <fmt/format.h>

#include "lib/core/error.hpp"
#include "lib/core/sha256.hpp"
#include "lib/core/strings.hpp"
#include "lib/fs/unique_fd.hpp"
#include "lib/store/daemon_keys.hpp"

namespace docknet::store {
namespace {

[[noreturn]] void bad(const std::string& path, const std::string& why) {
  throw Error(ErrorKind::InvalidParameter, fmt::format("{}: {}", path, why));
}

std::string shown(const YAML::Node& v) {
  if (v.IsScalar()) return "\"" + v.Scalar() + "\"";
  return v.IsNull() ? "null" : v.IsMap() ? "a mapping" : "a list";
}

/// The file's text; nullopt when it does not exist. A symlink is followed (configuration
/// managers link /etc files, and docknet only reads this one), but what it reaches must be a
/// regular file: a FIFO or device is refused instead of hanging the call.
std::optional<std::string> read_config(const std::string& path) {
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT) return std::nullopt;
    throw KernelError("open", path, errno);
  }
  struct stat st {};
  if (fstat(fd.get(), &st) != 0) throw KernelError("stat", path, errno);
  if (!S_ISREG(st.st_mode)) bad(path, "not a regular file: refusing to read it");
  std::string text;
  char buf[4096];
  for (;;) {
    ssize_t n = read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw KernelError("read", path, errno);
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  return text;
}

struct Reader {
  const std::string& path;

  bool boolean(const YAML::Node& v, const std::string& key) const {
    if (v.IsScalar() && v.Tag() == "?" && (v.Scalar() == "true" || v.Scalar() == "false")) return v.Scalar() == "true";
    bad(path, fmt::format("{}: {} is not true or false", key, shown(v)));
  }
  long long integer(const YAML::Node& v, const std::string& key, long long lo, long long hi) const {
    auto n = v.IsScalar() && v.Tag() == "?" ? parse_int(v.Scalar()) : std::nullopt;
    if (!n || *n < lo || *n > hi) bad(path, fmt::format("{}: {} is not an integer from {} to {}", key, shown(v), lo, hi));
    return *n;
  }
  std::string string(const YAML::Node& v, const std::string& key) const {
    if (!v.IsScalar()) bad(path, fmt::format("{}: {} is not a string", key, shown(v)));
    return v.Scalar();
  }
};

FirewallBackendChoice backend_choice(const std::string& path, const std::string& value) {
  // Docker's "iptables" backend writes through whichever iptables the host has: docknet's auto.
  if (value == "auto" || value == "iptables") return FirewallBackendChoice::Auto;
  if (value == "iptables-nft") return FirewallBackendChoice::IptablesNft;
  if (value == "iptables-legacy") return FirewallBackendChoice::IptablesLegacy;
  if (value == "none") return FirewallBackendChoice::None;
  if (value == "nftables")
    bad(path, "firewall-backend: \"nftables\" (Docker's own nftables tables) is not supported: use auto, iptables, "
              "iptables-nft, iptables-legacy or none");
  bad(path, fmt::format("firewall-backend: \"{}\" is not auto, iptables-nft, iptables-legacy or none", value));
}

std::string hex(const std::array<uint8_t, 32>& bytes) {
  std::string out;
  for (uint8_t b : bytes) out += fmt::format("{:02x}", b);
  return out;
}

// " (did you mean mtu?)" after a key nobody knows, when a known one is close to it.
std::string did_you_mean(const std::string& key, const std::vector<std::string_view>& known) {
  auto near = closest_key(key, known);
  return near ? fmt::format(" (did you mean {}?)", *near) : "";
}

// A network key whose value is what docknet does anyway: nothing to tell. docknet runs no
// userland proxy (published ports are NAT rules only), gives the default bridge no IPv6, and drops traffic routed straight to a
// container's address from outside its bridge (raw PREROUTING), as Docker does when these are false.
bool matches_docknet(const std::string& key, const YAML::Node& v) {
  bool is_false = v.IsScalar() && v.Tag() == "?" && v.Scalar() == "false";
  return is_false && (key == "userland-proxy" || key == "ipv6" || key == "allow-direct-routing");
}

}  // namespace

DaemonConfig load_daemon_config(const std::string& path) {
  DaemonConfig c;
  auto text = read_config(path);
  if (!text) return c;
  c.digest = hex(sha256(*text));
  Reader r{path};
  try {
    YAML::Node root = YAML::Load(*text);
    if (!root || root.IsNull()) return c;
    if (!root.IsMap()) bad(path, "not a YAML mapping of daemon.json keys");
    for (const auto& kv : root) {
      std::string key = kv.first.as<std::string>();
      const YAML::Node& v = kv.second;
      if (key == "default-address-pools") {
        if (!v.IsSequence()) bad(path, fmt::format("{}: {} is not a list", key, shown(v)));
        c.default_address_pools.clear();
        for (const auto& p : v) {
          if (!p.IsMap()) bad(path, fmt::format("{}: {} is not a mapping of base and size", key, shown(p)));
          std::optional<IpPrefix> base;
          std::optional<int> size;
          for (const auto& f : p) {
            std::string fk = f.first.as<std::string>();
            if (fk == "base") {
              base = IpPrefix::parse(r.string(f.second, key + ": base"));
              if (!base) bad(path, fmt::format("{}: base: {} is not a subnet", key, shown(f.second)));
            } else if (fk == "size") {
              size = static_cast<int>(r.integer(f.second, key + ": size", 0, 128));
            } else {
              bad(path, fmt::format("{}: unknown key {}: an entry has only base and size{}", key, fk,
                                    did_you_mean(fk, {"base", "size"})));
            }
          }
          if (!base || !size || *size < base->len() || *size > (base->is_v4() ? 32 : 128))
            bad(path, "invalid default-address-pools entry");
          c.default_address_pools.push_back({*base, *size});
        }
      } else if (key == "bip") {
        auto p = IpPrefix::parse(r.string(v, key));
        if (!p || !p->is_v4()) bad(path, fmt::format("invalid bip: {} is not an IPv4 address with a prefix length", shown(v)));
        c.bip = *p;
      } else if (key == "mtu") {
        c.mtu = static_cast<int>(r.integer(v, key, 68, 65535));
      } else if (key == "icc") {
        c.icc = r.boolean(v, key);
      } else if (key == "ip-masq") {
        c.ip_masq = r.boolean(v, key);
      } else if (key == "ip-forward") {
        c.ip_forward = r.boolean(v, key);
      } else if (key == "iptables") {
        c.iptables = r.boolean(v, key);
      } else if (key == "ip6tables") {
        c.ip6tables = r.boolean(v, key);
      } else if (key == "ip-forward-no-drop") {
        c.ip_forward_no_drop = r.boolean(v, key);
      } else if (key == "firewall-backend") {
        c.firewall_backend = backend_choice(path, r.string(v, key));
      } else if (key == "cluster-store") {
        c.cluster_store = r.string(v, key);
        if (c.cluster_store.rfind("etcd://", 0) != 0)
          bad(path, fmt::format("cluster-store: {} is not etcd://HOST:PORT[,HOST:PORT...] (docknet supports etcd only)",
                                shown(v)));
      } else if (key == "cluster-advertise") {
        c.cluster_advertise = r.string(v, key);
        // Docker's form IP:PORT or IFACE:PORT is taken too; the port (the engine's API) means nothing here.
        if (auto colon = c.cluster_advertise.rfind(':');
            colon != std::string::npos && !IpAddress::parse(c.cluster_advertise) &&
            c.cluster_advertise.find_first_not_of("0123456789", colon + 1) == std::string::npos)
          c.cluster_advertise.erase(colon);
        if (c.cluster_advertise.empty() || c.cluster_advertise.size() > 64 ||
            c.cluster_advertise.find_first_of(" /\\\n\t") != std::string::npos)
          bad(path, fmt::format("cluster-advertise: {} is not an IP address or an interface name", shown(v)));
      } else if (key == "ip") {
        c.default_bind_ip = r.string(v, key);
        if (!IpAddress::parse(c.default_bind_ip)) bad(path, fmt::format("ip: {} is not an IP address", shown(v)));
      } else if (auto kind = daemon_key_kind(key); kind == DaemonKeyKind::Network) {
        if (!matches_docknet(key, v)) c.ignored_network_keys.push_back(key);
      } else if (kind == DaemonKeyKind::Daemon) {
        c.ignored_daemon_keys.push_back(key);
      } else {
        // Neither Docker's nor docknet's (an Applied key not read above would be a bug here).
        bad(path, fmt::format("unknown key {}: not a daemon.json key of Docker or docknet{}", key,
                              did_you_mean(key, daemon_keys())));
      }
    }
  } catch (const YAML::Exception& e) {
    bad(path, e.what());
  }
  return c;
}

}  // namespace docknet::store
