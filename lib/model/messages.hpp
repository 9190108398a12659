#pragma once
#include <cstdint>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "lib/core/error.hpp"
#include "lib/core/ip.hpp"

/// Every Docker-visible error text lives here (Docker 29 wording; docker-compat.md §b.4), and
/// docknet's own texts beside them. Functions returning Error are thrown as they are; those
/// returning std::string are one line of an error that gathers several (the caller joins them).
namespace docknet::model::msg {

// Finding networks by name or ID (messages.cpp)
Error network_not_found(const std::string& ref);
Error ambiguous_network_inspect(const std::string& ref, size_t matches, bool by_name);
Error ambiguous_network(const std::string& ref, size_t matches, bool by_name);
Error config_only_network_not_found(const std::string& ref);

// Creating and removing networks, the daemon's checks (messages.cpp)
Error network_exists(const std::string& name);
Error empty_name();
Error predefined_network_operation(const std::string& name);
Error predefined_network_removal(const std::string& name);
/// endpoints: (endpoint name, endpoint ID) of each endpoint still on the network.
Error active_endpoints(const std::string& name, const std::vector<std::pair<std::string, std::string>>& endpoints);
Error not_config_only(const std::string& name);
Error config_from_with_options();
Error configuration_network_in_use(const std::string& name);
Error invalid_scope(const std::string& scope);
Error pools_exhausted();
Error pool_overlaps();
Error plugin_not_found(const std::string& driver);
Error single_instance_driver(const std::string& driver);

// ls and prune filters (messages.cpp; the until filter in option_messages.cpp)
Error invalid_filter(const std::string& key);
Error invalid_filter_value(const std::string& key, const std::string& value);
Error invalid_dangling_value();
Error more_than_one_until();
Error invalid_until(const std::string& value);

// docknet's own refusals, where Docker has no text (messages.cpp)
Error permission_denied(const std::string& what);
/// A mutating command while a Docker daemon runs on the host; `why` says how it was seen.
Error docker_daemon_running(const std::string& why);
Error foreign_bridge_address(const std::string& bridge, const std::string& gateway, const std::vector<std::string>& has);

// connect and disconnect (endpoint_messages.cpp)
/// The daemon's endpoint-settings check: "invalid endpoint settings:" and one line per error,
/// the lines below and unrecognised_sysctl's.
Error invalid_endpoint_settings(const std::vector<std::string>& errors);
std::string ip_on_predefined_network();
std::string aliases_on_predefined_network();
std::string invalid_endpoint_ip(const IpAddress& ip, bool v6);  // of the wrong family, or unspecified
std::string ip_not_in_subnet(const IpAddress& ip);
Error config_only_not_connectable(const std::string& network);
Error shared_namespace_not_connectable();
Error none_network_exclusive();
Error link_container_not_found(const std::string& name);
Error invalid_link_local_ip(const std::string& ip);  // not an address at all
Error not_link_local_ip(const std::string& ip);      // an address, but not link-local
Error ambiguous_container(const std::string& ref);
Error cannot_connect(const std::string& network, const std::string& why);
Error no_such_container(const std::string& ref);
Error endpoint_exists(const std::string& endpoint, const std::string& network);
Error endpoint_not_found(const std::string& ref);
Error not_connected(const std::string& container, const std::string& network);
Error host_network_not_connectable();
Error address_in_use();
Error no_free_address(bool v6, const std::string& network, const std::string& id);

// Container, alias and link names in a connect (option_messages.cpp)
Error invalid_container_name(const std::string& name);  // Docker's, for a named netns
Error invalid_hosts_name(const std::string& name);      // docknet's own: a name /etc/hosts cannot hold
Error invalid_alias(const std::string& alias);
Error invalid_link(const std::string& link);

// network create and the drivers' checks (driver_messages.cpp)
Error not_swarm_manager();
Error config_only_with_operator_fields();
Error config_from_config_only();
Error ingress_not_global();
Error swarm_scope_inactive();
Error null_ipam_with_pools();
Error no_address_family();
// Overlay networks (overlay_messages.cpp).
Error overlay_encryption_unsupported();
Error overlay_multiple_subnets();
Error invalid_vni(const std::string& value);
Error vni_in_use(uint32_t vni, const std::string& network);
Error vni_exhausted();
Error cluster_unavailable(const std::string& why);
Error no_such_cluster_host(const std::string& name);
Error cannot_remove_local_host(const std::string& name);
Error cluster_store_needed();
Error empty_pool(bool v4);
Error multicast_subnet(const std::string& subnet);
Error link_local_clash(const std::string& subnet);
Error isolated_not_internal();
Error bridge_multiple_subnets();
Error same_bridge_name(const std::string& id, const std::string& other_id, const std::string& bridge);
Error link_exists(const std::string& name);
/// "requested DRIVER mode 'MODE' is not valid, 'DEFAULT' mode is the DRIVER driver default"
Error invalid_sublink_mode(const std::string& driver, const std::string& mode, const std::string& default_mode);
Error invalid_ipvlan_flag(const std::string& flag);
Error loopback_parent(const std::string& driver);
Error parent_in_use(const std::string& network, const std::string& parent);
Error passthru_parent_in_use(const std::string& network, const std::string& parent);
Error parent_in_passthru(const std::string& network, const std::string& parent);
Error vlan_parent_not_found(const std::string& parent);
Error vlan_id_out_of_range(long long id);

// The bridge driver's -o options (option_messages.cpp)
Error bridge_option_not_bool(const std::string& key, const std::string& value);
Error bridge_option_not_ip(const std::string& key, const std::string& value);
Error bridge_option_not_int(const std::string& key, const std::string& value);
Error bridge_option_wrong_family(const std::string& key, bool v6);
Error invalid_mtu(long long mtu);
Error invalid_gateway_mode(const std::string& key);
Error bridge_name_too_long(const std::string& name);

// A macvlan or ipvlan parent NAME.VLAN (option_messages.cpp)
Error vlan_parent_without_dot(const std::string& parent);
Error vlan_parent_format(const std::string& parent);
Error vlan_id_unparsable(const std::string& id);

// A bridge's link: its name held by another kind of link, its IPv6 setup (driver_messages.cpp)
/// "existing interface LINK is not a bridge": the words a conflict is reported in.
std::string not_a_bridge(const std::string& link);
Error link_not_bridge(const std::string& conflict);           // refused at create
Error link_not_bridge_at_setup(const std::string& conflict);  // found when making the bridge
Error ipv6_setup_unreadable(const std::string& bridge, const std::string& why);

// The neighbour advertisement options of network create: one line each, joined (option_messages.cpp)
std::string advertise_nmsgs_not_integer(const std::string& value);
std::string advertise_nmsgs_out_of_range();
std::string advertise_ms_not_integer(const std::string& value);
std::string advertise_ms_out_of_range();
Error invalid_advertise_options(const std::vector<std::string>& errors);

// The endpoint sysctls option, com.docker.network.endpoint.sysctls (option_messages.cpp)
std::string unrecognised_sysctl(const std::string& sysctl);
Error sysctl_without_value(const std::string& sysctl);
Error sysctl_not_five_parts(const std::string& sysctl);

// A network's IPAM config, checked by the daemon: one line each, gathered (ipam_messages.cpp)
std::string subnet_not_masked(const IpPrefix& subnet);
std::string ip_range_wrong_family(const IpPrefix& range, int family);
std::string ip_range_bigger_than_subnet(const IpPrefix& range, const IpPrefix& subnet);
std::string ip_range_not_masked(const IpPrefix& range);
std::string ip_range_outside_subnet(const IpPrefix& range, const IpPrefix& subnet);
/// The subject of an address line: "gateway IP", "auxiliary address NAME".
std::string gateway_subject(const IpAddress& gateway);
std::string aux_address_subject(const std::string& name);
std::string address_wrong_family(const std::string& subject, int family);
std::string address_outside_subnet(const std::string& subject, const IpPrefix& subnet);
/// "invalid network config:" and one line per error.
Error invalid_network_config(const std::vector<std::string>& errors);

// Allocating a pool's gateway and auxiliary addresses (ipam_messages.cpp)
Error no_gateway_address();
Error aux_address_outside_pool(const std::string& name, const IpAddress& ip, const IpPrefix& pool);
Error aux_address_in_use(const std::string& name, const IpAddress& ip);

// The CLI's own checks of create's address and label flags, client-side (ipam_messages.cpp)
Error range_or_gateway_without_subnet();
Error overlapping_subnets();
Error invalid_cidr(const std::string& subnet);         // net.ParseCIDR's refusal
Error invalid_subnet_flag(const std::string& subnet);  // netip.ParsePrefix's refusal, with Go's reason
Error multiple_ranges(const IpPrefix& range, const IpPrefix& existing, const std::string& subnet);
Error no_subnet_for_range(const IpPrefix& range);
Error multiple_gateways(const IpAddress& gateway, const IpAddress& existing, const std::string& subnet);
Error no_subnet_for_gateway(const IpAddress& gateway);
Error invalid_aux_address(const std::string& text);
Error no_subnet_for_aux_address(const std::string& text);
std::string label_without_name(const std::string& label);
std::string label_with_whitespace(const std::string& key);

// docker run --publish and docker port, checked by the CLI (port_messages.cpp)
/// The long form's "name=value" pairs: a pair without '=' or with an empty name.
Error invalid_publish_opts(const std::string& pair);
Error no_port_specified(const std::string& spec);  // "no port specified: SPEC<empty>"
Error invalid_proto(const std::string& proto);
/// A bracketed host address Go's net.SplitHostPort refused: the text and its reason.
Error invalid_bracketed_ip(const std::string& ip, const std::string& why);
Error invalid_host_ip(const std::string& ip);
Error invalid_container_port(const std::string& ports);
Error invalid_host_port(const std::string& ports);
Error mismatched_port_ranges(const std::string& container_ports, const std::string& host_ports);
/// docker port's PRIVATE_PORT: empty, or a port Go's strconv refused (`why`: its words).
Error empty_port_arg();
Error invalid_port_arg(const std::string& port, const std::string& why);
/// docker port CONTAINER PRIVATE_PORT when nothing is published there (the argument as given).
Error no_public_port(const std::string& arg, const std::string& container);
/// The daemon's check of a container's port bindings: container port 0 ("0/tcp").
Error invalid_port_specification(const std::string& port);

// The kernel and the store in Docker's words (kernel_messages.cpp)
/// An address the kernel would not put on a bridge; `code` is the errno.
Error bridge_address_failed(const IpPrefix& address, int code);
/// A failure from the kernel or store layers in words: a KernelError's fact becomes Docker's
/// text (or docknet's own where Docker has none); any other Error is returned as it is. The
/// services call it wherever an error leaves them or becomes text.
Error in_docker_words(const Error& e);
/// The same for any exception, as the text a warning or a report line shows.
std::string docker_text(const std::exception& e);

// Publishing ports: choosing and binding host ports (publish_messages.cpp). The std::string
// texts are what publish_failed wraps.
Error publish_failed(const std::string& endpoint, const std::string& endpoint_id, const std::string& why);
std::string port_already_allocated(const IpAddress& ip, uint16_t port);
std::string all_ports_allocated();
std::string invalid_port_range(uint16_t start, uint16_t end);
std::string host_port_socket_failed(const IpAddress& ip, uint16_t port, int protocol, int code);
std::string host_port_bind_failed(const IpAddress& ip, uint16_t port, int protocol, int code);

}  // namespace docknet::model::msg
