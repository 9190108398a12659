#include "lib/store/daemon_config.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "lib/core/error.hpp"

namespace docknet::store {

DaemonConfig load_daemon_config(const std::string& path) {
  DaemonConfig c;
  std::ifstream in(path);
  if (!in) return c;
  std::stringstream text;
  text << in.rdbuf();
  try {
    YAML::Node root = YAML::Load(text.str());
    if (!root || root.IsNull()) return c;
    if (auto pools = root["default-address-pools"]) {
      c.default_address_pools.clear();
      for (const auto& p : pools) {
        auto base = IpPrefix::parse(p["base"].as<std::string>());
        int size = p["size"].as<int>();
        if (!base || size < base->len() || size > 32)
          throw Error(ErrorKind::InvalidParameter, fmt::format("{}: invalid default-address-pools entry", path));
        c.default_address_pools.push_back({*base, size});
      }
    }
    if (auto bip = root["bip"]) {
      auto p = IpPrefix::parse(bip.as<std::string>());
      if (!p || !p->is_v4()) throw Error(ErrorKind::InvalidParameter, fmt::format("{}: invalid bip", path));
      c.bip = *p;
    }
    c.mtu = root["mtu"].as<int>(c.mtu);
    c.icc = root["icc"].as<bool>(c.icc);
    c.ip_masq = root["ip-masq"].as<bool>(c.ip_masq);
    c.ip_forward = root["ip-forward"].as<bool>(c.ip_forward);
    c.default_bind_ip = root["ip"].as<std::string>(c.default_bind_ip);
  } catch (const YAML::Exception& e) {
    throw Error(ErrorKind::InvalidParameter, fmt::format("{}: {}", path, e.what()));
  }
  return c;
}

}  // namespace docknet::store
