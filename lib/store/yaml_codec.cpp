#include "lib/store/yaml_codec.hpp"

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include "lib/core/error.hpp"
#include "lib/store/state_format.hpp"

namespace docknet::store {
namespace {

[[noreturn]] void bad(const std::string& origin, const std::string& why) {
  throw Error(ErrorKind::System, fmt::format("corrupt state file {}: {}", origin, why));
}

template <class T>
T parse_or(const std::string& origin, const std::string& text, std::optional<T> (*parse)(std::string_view)) {
  auto v = parse(text);
  if (!v) bad(origin, fmt::format("invalid address {}", text));
  return *v;
}

StringMap read_map(const YAML::Node& node) {
  StringMap m;
  if (node && node.IsMap())
    for (const auto& kv : node) m[kv.first.as<std::string>()] = kv.second.as<std::string>();
  return m;
}

model::Network read_network(const YAML::Node& y, const std::string& origin) {
  model::Network n;
  n.name = y["name"].as<std::string>();
  n.id = y["id"].as<std::string>();
  auto created = Timestamp::parse_rfc3339(y["created"].as<std::string>());
  if (!created) bad(origin, "invalid created time of " + n.name);
  n.created = *created;
  n.scope = y["scope"].as<std::string>("local");
  n.driver = y["driver"].as<std::string>("bridge");
  n.enable_ipv4 = y["enable_ipv4"].as<bool>(true);
  n.enable_ipv6 = y["enable_ipv6"].as<bool>(false);
  n.ipam_driver = y["ipam_driver"].as<std::string>("default");
  if (y["ipam_options"] && !y["ipam_options"].IsNull()) n.ipam_options = read_map(y["ipam_options"]);
  for (const auto& c : y["ipam_config"]) {
    model::IpamConfig pool;
    pool.subnet = parse_or<IpPrefix>(origin, c["subnet"].as<std::string>(), &IpPrefix::parse);
    if (c["ip_range"]) pool.ip_range = parse_or<IpPrefix>(origin, c["ip_range"].as<std::string>(), &IpPrefix::parse);
    if (c["gateway"]) pool.gateway = parse_or<IpAddress>(origin, c["gateway"].as<std::string>(), &IpAddress::parse);
    for (const auto& [k, v] : read_map(c["aux_addresses"]))
      pool.aux_addresses[k] = parse_or<IpAddress>(origin, v, &IpAddress::parse);
    n.ipam_config.push_back(pool);
  }
  n.internal = y["internal"].as<bool>(false);
  n.attachable = y["attachable"].as<bool>(false);
  n.ingress = y["ingress"].as<bool>(false);
  n.config_only = y["config_only"].as<bool>(false);
  n.config_from = y["config_from"].as<std::string>("");
  n.bridge_preexisting = y["bridge_preexisting"].as<bool>(false);
  if (y["bridge_addresses_found"])
    for (const auto& a : split(y["bridge_addresses_found"].as<std::string>(), ','))
      n.bridge_addresses_found.push_back(parse_or<IpPrefix>(origin, a, &IpPrefix::parse));
  n.pending = y["pending"].as<bool>(false);
  n.removing = y["removing"].as<bool>(false);
  n.user_subnet = y["user_subnet"].as<bool>(false);
  n.parent_link_created = y["parent_link_created"].as<bool>(false);
  n.options = read_map(y["options"]);
  n.labels = read_map(y["labels"]);
  for (const auto& kv : y["containers"]) {
    model::Endpoint e;
    e.container_id = kv.first.as<std::string>();
    const YAML::Node& v = kv.second;
    e.name = v["name"].as<std::string>("");
    e.endpoint_id = v["endpoint_id"].as<std::string>("");
    e.mac_address = v["mac_address"].as<std::string>("");
    if (v["ipv4"]) e.ipv4 = parse_or<IpPrefix>(origin, v["ipv4"].as<std::string>(), &IpPrefix::parse);
    if (v["ipv6"]) e.ipv6 = parse_or<IpPrefix>(origin, v["ipv6"].as<std::string>(), &IpPrefix::parse);
    e.host_ifname = v["host_ifname"].as<std::string>("");
    e.ifname = v["ifname"].as<std::string>("");
    if (v["aliases"]) e.aliases = split(v["aliases"].as<std::string>(), ',');
    e.static_ip = v["static_ip"].as<bool>(false);
    e.sysctls = v["sysctls"].as<std::string>("");
    e.intent = v["intent"].as<std::string>("");
    if (v["links"]) e.links = split(v["links"].as<std::string>(), ',');
    if (v["link_local_ips"])
      for (const auto& ip : split(v["link_local_ips"].as<std::string>(), ','))
        e.link_local_ips.push_back(parse_or<IpAddress>(origin, ip, &IpAddress::parse));
    n.containers[e.container_id] = e;
  }
  return n;
}

}  // namespace

std::string encode_state(const model::State& state) { return emit_state(state); }

model::State decode_state(const std::string& text, const std::string& origin) {
  if (auto fast = read_state_fast(text)) return std::move(*fast);
  return decode_state_with_yaml_cpp(text, origin);
}

model::State decode_state_with_yaml_cpp(const std::string& text, const std::string& origin) {
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsMap()) bad(origin, "not a YAML mapping");
    int schema = root["schema"].as<int>(0);
    if (schema != kSchemaVersion)
      bad(origin, fmt::format("schema version {} is not {} (written by another docknet version?)", schema,
                              kSchemaVersion));
    model::State state;
    state.schema = schema;
    state.boot_id = root["boot_id"].as<std::string>("");
    for (const auto& c : root["containers"])
      state.containers.push_back(model::Container{c["id"].as<std::string>(), c["name"].as<std::string>(""),
                                                  c["netns"].as<std::string>(""), c["dev"].as<uint64_t>(0),
                                                  c["ino"].as<uint64_t>(0)});
    for (const auto& n : root["networks"]) state.networks.push_back(read_network(n, origin));
    return state;
  } catch (const YAML::Exception& e) {
    bad(origin, e.what());
  }
}

}  // namespace docknet::store
