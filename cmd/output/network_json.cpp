#include "cmd/output/network_json.hpp"

#include "lib/core/ids.hpp"
#include "lib/model/ipam.hpp"

namespace docknet::output {
namespace {

Value string_map(const StringMap& m) {
  Value v = Value::map("map[string]string");
  for (const auto& [k, val] : m) v.set(k, Value::string(val));
  return v;
}

Value pool_value(const model::IpamConfig& c) {
  Value v = Value::structure("network.IPAMConfig");
  v.set("Subnet", Value::string(c.subnet.to_string()), "", true);
  v.set("IPRange", Value::string(c.ip_range ? c.ip_range->to_string() : ""), "", true);
  v.set("Gateway", Value::string(c.gateway ? c.gateway->to_string() : ""), "", true);
  // A Go nil map when there are none: omitted from JSON, "null" through {{json}}, "map[]" printed.
  Value aux = Value::nil_map("map[string]string");
  if (!c.aux_addresses.empty()) {
    aux = Value::map("map[string]string");
    for (const auto& [k, ip] : c.aux_addresses) aux.set(k, Value::string(ip.to_string()));
  }
  v.set("AuxiliaryAddresses", aux, "AuxAddress", true);
  return v;
}

Value endpoint_value(const model::Endpoint& e) {
  Value v = Value::structure("network.EndpointResource");
  v.set("Name", Value::string(e.name));
  v.set("EndpointID", Value::string(e.endpoint_id));
  v.set("MacAddress", Value::string(e.mac_address));
  v.set("IPv4Address", Value::string(e.ipv4 ? e.ipv4->to_string() : ""));
  v.set("IPv6Address", Value::string(e.ipv6 ? e.ipv6->to_string() : ""));
  return v;
}

Value status_value(const model::Network& n) {
  Value subnets = Value::map("map[netip.Prefix]network.SubnetStatus");
  if (!n.config_only) {
    for (const auto& pool : n.ipam_config) {
      std::vector<IpAddress> used;
      for (const auto* eps : {&n.containers, &n.remote_endpoints})
        for (const auto& [_, ep] : *eps) {
          if (ep.ipv4) used.push_back(ep.ipv4->addr());
          if (ep.ipv6) used.push_back(ep.ipv6->addr());
        }
      auto s = model::subnet_status(pool, used);
      Value entry = Value::structure("network.SubnetStatus");
      entry.set("IPsInUse", Value::unsigned_integer(static_cast<unsigned long long>(s.ips_in_use)));
      entry.set("DynamicIPsAvailable", Value::unsigned_integer(static_cast<unsigned long long>(s.dynamic_ips_available)));
      subnets.set(pool.subnet.to_string(), entry);
    }
  }
  // Subnets is omitempty: host, null and configuration networks have none, so `"IPAM": {}`
  // (moby@docker-v29.7.2:daemon/libnetwork/network.go:2172-2180; docker29-deltas row 12c).
  Value ipam = Value::structure("network.IPAMStatus");
  ipam.set("Subnets", subnets, "", true);
  Value status = Value::structure("*network.Status");
  status.set("IPAM", ipam);
  return status;
}

}  // namespace

Value inspect_value(const model::Network& n) {
  Value v = Value::structure("network.Inspect");
  v.set("Name", Value::string(n.name));
  v.set("Id", Value::string(n.id), "ID");
  v.set("Created", Value::time(n.created.rfc3339nano(), n.created.go_string()));
  v.set("Scope", Value::string(n.scope));
  v.set("Driver", Value::string(n.driver));
  v.set("EnableIPv4", Value::boolean(n.enable_ipv4));
  v.set("EnableIPv6", Value::boolean(n.enable_ipv6));
  Value ipam = Value::structure("network.IPAM");
  ipam.set("Driver", Value::string(n.ipam_driver));
  ipam.set("Options", n.ipam_options ? string_map(*n.ipam_options) : Value::nil_map("map[string]string"));
  // A network that allocated nothing (host, none) has a nil slice: `"Config": null`
  // (moby@docker-v29.7.2:daemon/network.go:821; docker29-deltas row 12d). So has a config-only
  // network: it never runs ipamAllocate, and the config loop needs allocated pools
  // (daemon/network.go:827; row 7d). Its subnets stay stored for the --config-from networks.
  bool no_pools = n.ipam_config.empty() || n.config_only;
  Value config = no_pools ? Value::nil_array("[]network.IPAMConfig") : Value::array({}, "[]network.IPAMConfig");
  if (!no_pools)
    for (const auto& c : n.ipam_config) config.push(pool_value(c));
  ipam.set("Config", config);
  v.set("IPAM", ipam);
  v.set("Internal", Value::boolean(n.internal));
  v.set("Attachable", Value::boolean(n.attachable));
  v.set("Ingress", Value::boolean(n.ingress));
  Value from = Value::structure("network.ConfigReference");
  from.set("Network", Value::string(n.config_from));
  v.set("ConfigFrom", from);
  v.set("ConfigOnly", Value::boolean(n.config_only));
  v.set("Options", string_map(n.options));
  v.set("Labels", string_map(n.labels));
  // Swarm-only fields, nil on a local network: absent from the JSON (omitempty), yet a typed
  // template sees them (`{{json .Peers}}` is null) (api/types/network/network.go, inspect.go at
  // moby docker-v29.7.2; docker29-deltas row 20).
  Value peers = Value::nil_array("[]network.PeerInfo");
  if (!n.peers.empty()) {
    // An overlay network: the hosts with an endpoint on it, as swarm's network DB lists them.
    peers = Value::array({}, "[]network.PeerInfo");
    for (const auto& [name, ip] : n.peers) {
      Value p = Value::structure("network.PeerInfo");
      p.set("Name", Value::string(name));
      p.set("IP", Value::string(ip.to_string()));
      peers.push(p);
    }
  }
  v.set("Peers", peers, "", true);
  Value containers = Value::map("map[string]network.EndpointResource");
  for (const auto& [cid, ep] : n.containers) containers.set(cid, endpoint_value(ep));
  v.set("Containers", containers);
  v.set("Services", Value::nil_map("map[string]network.ServiceInfo"), "", true);
  v.set("Status", status_value(n));
  return v;
}

Value raw_value(const Value& typed) {
  switch (typed.kind()) {
    case Value::Kind::Time: return Value::string(typed.as_string());
    case Value::Kind::Array: {
      if (typed.is_nil()) return Value::null();
      Value out = Value::array();
      for (const auto& item : typed.items()) out.push(raw_value(item));
      return out;
    }
    case Value::Kind::Object: {
      if (typed.is_nil_map()) return Value::null();
      Value out = Value::map();
      for (const auto& f : typed.fields())
        if (!(f.omit_empty && f.value.empty())) out.set(f.name, raw_value(f.value));
      return out;
    }
    default: return typed;
  }
}

Value list_row(const model::Network& n, bool no_trunc) {
  std::vector<std::string> labels;
  for (const auto& [k, val] : n.labels) labels.push_back(k + "=" + val);
  auto b = [](bool x) { return Value::string(x ? "true" : "false"); };
  Value v = Value::structure("*network.networkContext");
  v.set("CreatedAt", Value::string(n.created.go_string()));
  v.set("Driver", Value::string(n.driver));
  v.set("ID", Value::string(no_trunc ? n.id : short_id(n.id)));
  v.set("IPv4", b(n.enable_ipv4));
  v.set("IPv6", b(n.enable_ipv6));
  v.set("Internal", b(n.internal));
  v.set("Labels", Value::string(join(labels, ",")));
  v.set("Name", Value::string(n.name));
  v.set("Scope", Value::string(n.scope));
  v.add_method("Label", [labels = n.labels.empty() ? nullptr : std::make_shared<StringMap>(n.labels)](
                            const std::vector<Value>& args) {
    if (args.empty() || !labels) return Value::string("");
    auto it = labels->find(args[0].as_string());
    return Value::string(it == labels->end() ? "" : it->second);
  }, 1);
  return v;
}

Value list_header() {
  Value v = Value::structure();
  v.set("CreatedAt", Value::string("CREATED AT"));
  v.set("Driver", Value::string("DRIVER"));
  v.set("ID", Value::string("NETWORK ID"));
  v.set("IPv4", Value::string("IPV4"));
  v.set("IPv6", Value::string("IPV6"));
  v.set("Internal", Value::string("INTERNAL"));
  v.set("Labels", Value::string("LABELS"));
  v.set("Name", Value::string("NAME"));
  v.set("Scope", Value::string("SCOPE"));
  // docker's header for {{.Label "a.b-c"}}: the last dotted part with - and _ as spaces.
  v.add_method("Label", [](const std::vector<Value>& args) {
    std::string key = args.empty() ? "" : args[0].as_string();
    std::string last = key.substr(key.rfind('.') == std::string::npos ? 0 : key.rfind('.') + 1);
    for (auto& c : last)
      if (c == '-' || c == '_') c = ' ';
    return Value::string(last);
  }, 1);
  return v;
}

}  // namespace docknet::output
