#include "lib/store/yaml_codec.hpp"

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include "lib/core/error.hpp"

namespace docknet::store {
namespace {

void emit_map(YAML::Emitter& out, const char* key, const StringMap& m) {
  out << YAML::Key << key << YAML::Value << YAML::BeginMap;
  for (const auto& [k, v] : m) out << YAML::Key << k << YAML::Value << YAML::DoubleQuoted << v;
  out << YAML::EndMap;
}

void emit_pool(YAML::Emitter& out, const model::IpamConfig& c) {
  out << YAML::BeginMap << YAML::Key << "subnet" << YAML::Value << c.subnet.to_string();
  if (c.ip_range) out << YAML::Key << "ip_range" << YAML::Value << c.ip_range->to_string();
  if (c.gateway) out << YAML::Key << "gateway" << YAML::Value << c.gateway->to_string();
  if (!c.aux_addresses.empty()) {
    out << YAML::Key << "aux_addresses" << YAML::Value << YAML::BeginMap;
    for (const auto& [k, ip] : c.aux_addresses) out << YAML::Key << k << YAML::Value << ip.to_string();
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

void emit_endpoint(YAML::Emitter& out, const model::Endpoint& e) {
  out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << YAML::DoubleQuoted << e.name;
  out << YAML::Key << "endpoint_id" << YAML::Value << e.endpoint_id;
  out << YAML::Key << "mac_address" << YAML::Value << e.mac_address;
  if (e.ipv4) out << YAML::Key << "ipv4" << YAML::Value << e.ipv4->to_string();
  if (e.ipv6) out << YAML::Key << "ipv6" << YAML::Value << e.ipv6->to_string();
  out << YAML::EndMap;
}

void emit_network(YAML::Emitter& out, const model::Network& n) {
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << YAML::DoubleQuoted << n.name;
  out << YAML::Key << "id" << YAML::Value << n.id;
  out << YAML::Key << "created" << YAML::Value << n.created.rfc3339nano();
  out << YAML::Key << "scope" << YAML::Value << n.scope;
  out << YAML::Key << "driver" << YAML::Value << n.driver;
  out << YAML::Key << "enable_ipv4" << YAML::Value << n.enable_ipv4;
  out << YAML::Key << "enable_ipv6" << YAML::Value << n.enable_ipv6;
  out << YAML::Key << "ipam" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "driver" << YAML::Value << n.ipam_driver;
  if (n.ipam_options) emit_map(out, "options", *n.ipam_options);
  out << YAML::Key << "config" << YAML::Value << YAML::BeginSeq;
  for (const auto& c : n.ipam_config) emit_pool(out, c);
  out << YAML::EndSeq << YAML::EndMap;
  out << YAML::Key << "internal" << YAML::Value << n.internal;
  out << YAML::Key << "attachable" << YAML::Value << n.attachable;
  out << YAML::Key << "ingress" << YAML::Value << n.ingress;
  out << YAML::Key << "config_only" << YAML::Value << n.config_only;
  out << YAML::Key << "config_from" << YAML::Value << YAML::DoubleQuoted << n.config_from;
  out << YAML::Key << "bridge_preexisting" << YAML::Value << n.bridge_preexisting;
  emit_map(out, "options", n.options);
  emit_map(out, "labels", n.labels);
  out << YAML::Key << "containers" << YAML::Value << YAML::BeginMap;
  for (const auto& [cid, ep] : n.containers) {
    out << YAML::Key << cid << YAML::Value;
    emit_endpoint(out, ep);
  }
  out << YAML::EndMap << YAML::EndMap;
}

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
  const YAML::Node ipam = y["ipam"];
  n.ipam_driver = ipam["driver"].as<std::string>("default");
  if (ipam["options"]) n.ipam_options = read_map(ipam["options"]);
  for (const auto& c : ipam["config"]) {
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
    n.containers[e.container_id] = e;
  }
  return n;
}

}  // namespace

std::string encode_state(const model::State& state) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "schema" << YAML::Value << kSchemaVersion;
  out << YAML::Key << "boot_id" << YAML::Value << state.boot_id;
  out << YAML::Key << "networks" << YAML::Value << YAML::BeginSeq;
  for (const auto& n : state.networks) emit_network(out, n);
  out << YAML::EndSeq << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

model::State decode_state(const std::string& text, const std::string& origin) {
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
    for (const auto& n : root["networks"]) state.networks.push_back(read_network(n, origin));
    return state;
  } catch (const YAML::Exception& e) {
    bad(origin, e.what());
  }
}

}  // namespace docknet::store
