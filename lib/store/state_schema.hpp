#pragma once
// The state file's schema, written once: for every struct the store holds, its fields in file
// order, each with its YAML key and when it is written. The emitter (state_emit.cpp), the decoder
// both readers share (state_decode.cpp) and the round-trip test (store_schema_test.cpp) are
// visitors over these lists, so a field added here is written, read and tested; a field added to
// a struct and not here fails that test.
//
// A visitor V provides
//   v.field(key, member, When)       one YAML key
//   v.map_key(member)                the member is the key its entry is stored under in the
//                                    enclosing mapping (Endpoint::container_id), not a YAML key
// How a member is encoded follows from its C++ type (one rule per type, in every visitor):
//   std::string                  double-quoted ("!!binary" base64 when not UTF-8)
//   bool                         true / false
//   uint64_t                     plain decimal
//   long long                    quoted decimal ("-5"): the one signed number
//   Timestamp                    quoted RFC 3339 with nanoseconds
//   IpPrefix, IpAddress          quoted text; std::optional of either: see When
//   std::vector of those/strings one quoted string, the items joined by commas
//   PortBinding                  an item of such a list: "0.0.0.0:8080->80/tcp", "[::]:0->80/udp"
//   StringMap, map<str, IpAddr>  a flow mapping of quoted strings; std::optional<StringMap>:
//                                null when unset
//   std::vector<struct>          a list of the structs
//   std::map<string, struct>     a mapping of the structs by their map_key
//   SchemaVersion                the number kSchemaVersion; any other is refused
//   Intent                       a string, one of model::kIntent*
// Layout: State and Network are block mappings (one key per line); every other struct is a flow
// mapping on one line ({key: value, ...}). See kBlockLayout.
#include <type_traits>

#include "lib/model/network.hpp"

namespace docknet::store {

/// The version written first in every state file; a reader refuses any other.
inline constexpr int kSchemaVersion = 1;

}  // namespace docknet::store

namespace docknet::store::schema {

/// Always: written every time, and a file without it is refused (missing key).
/// NonDefault: written only when not empty / false / 0 / unset, so a file may lack it.
enum class When { Always, NonDefault };

/// Members that need a rule of their own rather than their type's: wrappers over a reference
/// (const when the visitor reads).
template <class R>
struct SchemaVersion {
  R& value;
};
template <class R>
struct Intent {
  R& value;
};
template <class R>
SchemaVersion<R> schema_version(R& r) { return {r}; }
template <class R>
Intent<R> intent(R& r) { return {r}; }

/// Structs written one key per line; the others are written on one line.
template <class T>
inline constexpr bool kBlockLayout = false;
template <>
inline constexpr bool kBlockLayout<model::State> = true;
template <>
inline constexpr bool kBlockLayout<model::Network> = true;

// Visited with T const or not (the emitter reads, the decoder writes): one template per struct.

template <class V, class T>
  requires std::is_same_v<std::remove_const_t<T>, model::IpamConfig>
void visit_fields(V& v, T& p) {
  v.field("subnet", p.subnet, When::Always);
  v.field("ip_range", p.ip_range, When::NonDefault);
  v.field("gateway", p.gateway, When::NonDefault);
  v.field("aux_addresses", p.aux_addresses, When::NonDefault);
}

template <class V, class T>
  requires std::is_same_v<std::remove_const_t<T>, model::Endpoint>
void visit_fields(V& v, T& e) {
  v.map_key(e.container_id);
  v.field("name", e.name, When::Always);
  v.field("endpoint_id", e.endpoint_id, When::Always);
  v.field("mac_address", e.mac_address, When::Always);
  v.field("ipv4", e.ipv4, When::NonDefault);
  v.field("ipv6", e.ipv6, When::NonDefault);
  v.field("host_ifname", e.host_ifname, When::Always);
  v.field("ifname", e.ifname, When::Always);
  v.field("aliases", e.aliases, When::NonDefault);
  v.field("links", e.links, When::NonDefault);
  v.field("link_local_ips", e.link_local_ips, When::NonDefault);
  v.field("static_ip", e.static_ip, When::NonDefault);
  v.field("gw_priority", e.gw_priority, When::NonDefault);
  v.field("sysctls", e.sysctls, When::NonDefault);
  v.field("ports", e.ports, When::NonDefault);
  v.field("intent", intent(e.intent), When::NonDefault);
  v.field("host", e.host, When::NonDefault);
}

template <class V, class T>
  requires std::is_same_v<std::remove_const_t<T>, model::Container>
void visit_fields(V& v, T& c) {
  v.field("id", c.id, When::Always);
  v.field("name", c.name, When::Always);
  v.field("netns", c.netns_path, When::Always);
  v.field("dev", c.dev, When::Always);
  v.field("ino", c.ino, When::Always);
  v.field("ipv6_disabled", c.ipv6_disabled, When::NonDefault);
}

template <class V, class T>
  requires std::is_same_v<std::remove_const_t<T>, model::Network>
void visit_fields(V& v, T& n) {
  v.field("name", n.name, When::Always);
  v.field("id", n.id, When::Always);
  v.field("created", n.created, When::Always);
  v.field("scope", n.scope, When::Always);
  v.field("driver", n.driver, When::Always);
  v.field("enable_ipv4", n.enable_ipv4, When::Always);
  v.field("enable_ipv6", n.enable_ipv6, When::Always);
  v.field("internal", n.internal, When::Always);
  v.field("attachable", n.attachable, When::Always);
  v.field("ingress", n.ingress, When::Always);
  v.field("config_only", n.config_only, When::Always);
  v.field("config_from", n.config_from, When::Always);
  v.field("bridge_preexisting", n.bridge_preexisting, When::Always);
  v.field("bridge_addresses_found", n.bridge_addresses_found, When::NonDefault);
  v.field("pending", n.pending, When::NonDefault);
  v.field("removing", n.removing, When::NonDefault);
  v.field("user_subnet", n.user_subnet, When::NonDefault);
  v.field("parent_link_created", n.parent_link_created, When::NonDefault);
  v.field("ipam_driver", n.ipam_driver, When::Always);
  v.field("ipam_options", n.ipam_options, When::Always);
  v.field("ipam_config", n.ipam_config, When::Always);
  v.field("options", n.options, When::Always);
  v.field("labels", n.labels, When::Always);
  v.field("containers", n.containers, When::Always);
}

template <class V, class T>
  requires std::is_same_v<std::remove_const_t<T>, model::State>
void visit_fields(V& v, T& s) {
  v.field("schema", schema_version(s.schema), When::Always);
  v.field("boot_id", s.boot_id, When::Always);
  v.field("containers", s.containers, When::Always);
  v.field("networks", s.networks, When::Always);
}

/// The structs with a schema: the types visit_fields takes (const or not).
template <class T>
concept Struct = requires(T& t, int& v) { visit_fields(v, t); };

}  // namespace docknet::store::schema
