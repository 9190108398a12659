#include <fmt/format.h>

#include "lib/core/strings.hpp"
#include "lib/store/state_decode.hpp"
#include "lib/store/state_format.hpp"
#include "lib/store/yaml_codec.hpp"

namespace docknet::store {
namespace {

// A YAML double-quoted scalar: backslash escapes for quotes, backslashes and control bytes. A
// YAML file must be UTF-8, so bytes that are not (a name made of raw bytes) go as !!binary.
std::string q(const std::string& s) {
  if (!valid_utf8(s)) return "!!binary \"" + base64_encode(s) + "\"";
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

const char* b(bool v) { return v ? "true" : "false"; }

std::string flow_map(const StringMap& m) {
  std::string out = "{";
  for (const auto& [k, v] : m) out += (out.size() > 1 ? ", " : "") + q(k) + ": " + q(v);
  return out + "}";
}

std::string pool(const model::IpamConfig& c) {
  std::string out = "{subnet: " + q(c.subnet.to_string());
  if (c.ip_range) out += ", ip_range: " + q(c.ip_range->to_string());
  if (c.gateway) out += ", gateway: " + q(c.gateway->to_string());
  if (!c.aux_addresses.empty()) {
    StringMap aux;
    for (const auto& [k, ip] : c.aux_addresses) aux[k] = ip.to_string();
    out += ", aux_addresses: " + flow_map(aux);
  }
  return out + "}";
}

std::string endpoint(const model::Endpoint& e) {
  std::string out = "{name: " + q(e.name) + ", endpoint_id: " + q(e.endpoint_id) + ", mac_address: " + q(e.mac_address);
  if (e.ipv4) out += ", ipv4: " + q(e.ipv4->to_string());
  if (e.ipv6) out += ", ipv6: " + q(e.ipv6->to_string());
  out += ", host_ifname: " + q(e.host_ifname) + ", ifname: " + q(e.ifname);
  std::vector<std::string> ips;
  for (const auto& ip : e.link_local_ips) ips.push_back(ip.to_string());
  if (!e.aliases.empty()) out += ", aliases: " + q(join(e.aliases, ","));
  if (!e.links.empty()) out += ", links: " + q(join(e.links, ","));
  if (!ips.empty()) out += ", link_local_ips: " + q(join(ips, ","));
  if (e.static_ip) out += ", static_ip: true";
  if (e.gw_priority != 0) out += ", gw_priority: " + q(std::to_string(e.gw_priority));
  if (!e.sysctls.empty()) out += ", sysctls: " + q(e.sysctls);
  if (!e.intent.empty()) out += ", intent: " + q(e.intent);
  return out + "}";
}

void emit_network(std::string& out, const model::Network& n) {
  out += "  - name: " + q(n.name) + "\n";
  out += "    id: " + q(n.id) + "\n";
  out += "    created: " + q(n.created.rfc3339nano()) + "\n";
  out += "    scope: " + q(n.scope) + "\n";
  out += "    driver: " + q(n.driver) + "\n";
  out += fmt::format("    enable_ipv4: {}\n    enable_ipv6: {}\n", b(n.enable_ipv4), b(n.enable_ipv6));
  out += fmt::format("    internal: {}\n    attachable: {}\n    ingress: {}\n    config_only: {}\n", b(n.internal),
                     b(n.attachable), b(n.ingress), b(n.config_only));
  out += "    config_from: " + q(n.config_from) + "\n";
  out += fmt::format("    bridge_preexisting: {}\n", b(n.bridge_preexisting));
  if (!n.bridge_addresses_found.empty()) {
    std::vector<std::string> found;
    for (const auto& a : n.bridge_addresses_found) found.push_back(a.to_string());
    out += "    bridge_addresses_found: " + q(join(found, ",")) + "\n";
  }
  if (n.pending) out += "    pending: true\n";
  if (n.removing) out += "    removing: true\n";
  if (n.user_subnet) out += "    user_subnet: true\n";
  if (n.parent_link_created) out += "    parent_link_created: true\n";
  out += "    ipam_driver: " + q(n.ipam_driver) + "\n";
  out += "    ipam_options: " + (n.ipam_options ? flow_map(*n.ipam_options) : "null") + "\n";
  out += n.ipam_config.empty() ? "    ipam_config: []\n" : "    ipam_config:\n";
  for (const auto& c : n.ipam_config) out += "      - " + pool(c) + "\n";
  out += "    options: " + flow_map(n.options) + "\n";
  out += "    labels: " + flow_map(n.labels) + "\n";
  out += n.containers.empty() ? "    containers: {}\n" : "    containers:\n";
  for (const auto& [cid, e] : n.containers) out += "      " + q(cid) + ": " + endpoint(e) + "\n";
}

}  // namespace

std::string emit_state(const model::State& state) {
  std::string out = "# docknet state. docknet rewrites this file on every change; keep any edit valid YAML.\n";
  out += fmt::format("schema: {}\n", kSchemaVersion);
  out += "boot_id: " + q(state.boot_id) + "\n";
  out += state.containers.empty() ? "containers: []\n" : "containers:\n";
  for (const auto& c : state.containers)
    out += fmt::format("  - {{id: {}, name: {}, netns: {}, dev: {}, ino: {}{}}}\n", q(c.id), q(c.name), q(c.netns_path),
                       c.dev, c.ino, c.ipv6_disabled ? ", ipv6_disabled: true" : "");
  out += state.networks.empty() ? "networks: []\n" : "networks:\n";
  for (const auto& n : state.networks) emit_network(out, n);
  // Last, so that a file cut short anywhere lacks it and is refused (see state_decode.hpp).
  out += kEndMarker;
  out += '\n';
  return out;
}

}  // namespace docknet::store
