#include "lib/store/daemon_config.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>

#include <fmt/format.h>

#include "lib/core/error.hpp"
#include "lib/core/strings.hpp"
#include "lib/fs/unique_fd.hpp"

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
  if (value == "auto") return FirewallBackendChoice::Auto;
  if (value == "iptables-nft") return FirewallBackendChoice::IptablesNft;
  if (value == "iptables-legacy") return FirewallBackendChoice::IptablesLegacy;
  if (value == "none") return FirewallBackendChoice::None;
  bad(path, fmt::format("firewall-backend: \"{}\" is not auto, iptables-nft, iptables-legacy or none", value));
}

}  // namespace

DaemonConfig load_daemon_config(const std::string& path) {
  DaemonConfig c;
  auto text = read_config(path);
  if (!text) return c;
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
              bad(path, fmt::format("{}: unknown key {}", key, fk));
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
      } else if (key == "ip") {
        c.default_bind_ip = r.string(v, key);
        if (!IpAddress::parse(c.default_bind_ip)) bad(path, fmt::format("ip: {} is not an IP address", shown(v)));
      } else {
        bad(path, fmt::format("unknown key {} (docknet reads default-address-pools, bip, mtu, icc, ip-masq, "
                              "ip-forward, ip-forward-no-drop, iptables, ip6tables, ip and firewall-backend)",
                              key));
      }
    }
  } catch (const YAML::Exception& e) {
    bad(path, e.what());
  }
  return c;
}

}  // namespace docknet::store
