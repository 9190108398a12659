#include <fmt/format.h>

#include "lib/core/strings.hpp"
#include "lib/core/time.hpp"
#include "lib/model/messages.hpp"

// The texts of options and names checked before anything is made: the bridge driver's -o
// options, a sub-interface parent, the endpoint sysctls, container, alias and link names and
// the prune filter's until (Docker 29 wording; docker-compat.md §b.4).
namespace docknet::model::msg {

using K = ErrorKind;

// The bridge driver's -o options --------------------------------------------------------------

namespace {

// A value Go's strconv or netip refused: the key, the value and the parser's own words.
Error option_parse_error(const std::string& key, const std::string& value, const std::string& why) {
  return Error(K::InvalidParameter, fmt::format("failed to parse {} value: {} ({})", key, value, why));
}

}  // namespace

Error bridge_option_not_bool(const std::string& key, const std::string& value) {
  return option_parse_error(key, value, fmt::format("strconv.ParseBool: parsing {}: invalid syntax", go_quote(value)));
}

Error bridge_option_not_ip(const std::string& key, const std::string& value) {
  return option_parse_error(key, value, fmt::format("ParseAddr({}): unable to parse IP", go_quote(value)));
}

Error bridge_option_not_int(const std::string& key, const std::string& value) {
  return option_parse_error(key, value, fmt::format("strconv.Atoi: parsing {}: invalid syntax", go_quote(value)));
}

Error bridge_option_wrong_family(const std::string& key, bool v6) {
  return Error(K::InvalidParameter, fmt::format("{} must be an IPv{} address", key, v6 ? 6 : 4));
}

Error invalid_mtu(long long mtu) { return Error(K::InvalidParameter, fmt::format("invalid MTU number: {}", mtu)); }

Error invalid_gateway_mode(const std::string& key) {
  return Error(K::InvalidParameter,
               fmt::format("{} must be one of \"nat\", \"nat-unprotected\", \"routed\" or \"isolated\"", key));
}

Error bridge_name_too_long(const std::string& name) {
  return Error(K::InvalidParameter, fmt::format("bridge name {} is longer than 15 characters", name));
}

// A macvlan or ipvlan parent NAME.VLAN --------------------------------------------------------

Error vlan_parent_without_dot(const std::string& parent) {
  return Error(K::System, fmt::format("invalid subinterface vlan name {}, example formatting is eth0.10", parent));
}

Error vlan_parent_format(const std::string& parent) {
  return Error(K::System,
               fmt::format("required interface name format is: name.vlan_id, ex. eth0.10 for vlan 10, instead received {}",
                           parent));
}

Error vlan_id_unparsable(const std::string& id) {
  return Error(K::System, fmt::format("unable to parse a valid vlan id from: {} (ex. eth0.10 for vlan 10)", id));
}

// The endpoint sysctls option -----------------------------------------------------------------

std::string unrecognised_sysctl(const std::string& sysctl) {
  return fmt::format("unrecognised network interface sysctl '{}'; represent 'net.X.Y.ethN.Z=V' as "
                     "'net.X.Y.IFNAME.Z=V', 'X' must be 'ipv4', 'ipv6' or 'mpls'",
                     sysctl);
}

Error sysctl_without_value(const std::string& sysctl) {
  return Error(K::System, fmt::format("expected sysctl '{}' to have format name=value", sysctl));
}

Error sysctl_not_five_parts(const std::string& sysctl) {
  return Error(K::System, fmt::format("expected sysctl '{}' to have format net.X.Y.IFNAME.Z", sysctl));
}

// Container, alias and link names -------------------------------------------------------------

Error invalid_container_name(const std::string& name) {
  return Error(K::InvalidParameter,
               fmt::format("Invalid container name ({}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", name));
}

// docknet's own: a container's name becomes an /etc/hosts token.
Error invalid_hosts_name(const std::string& name) {
  return Error(K::InvalidParameter,
               fmt::format("invalid container {}: it may not hold whitespace, control characters or '#'", go_quote(name)));
}

// docknet's own: aliases and links are stored as comma-separated lists.
Error invalid_alias(const std::string& alias) {
  return Error(K::InvalidParameter,
               fmt::format("invalid alias {}: an alias must be non-empty, without whitespace, commas, control characters "
                           "or '#'",
                           go_quote(alias)));
}

Error invalid_link(const std::string& link) {
  return Error(K::InvalidParameter,
               fmt::format("invalid link {}: NAME[:ALIAS] must be non-empty, without whitespace, commas, control "
                           "characters or '#'",
                           go_quote(link)));
}

// The neighbour advertisement options -------------------------------------------------------

// Each checked, both errors joined (moby@docker-v29.7.2: daemon/libnetwork/network.go:555-562,
// network_unix.go:31-61).
std::string advertise_nmsgs_not_integer(const std::string& value) {
  return fmt::format("value for option com.docker.network.advertise_addr_nmsgs {} must be an integer", go_quote(value));
}

std::string advertise_nmsgs_out_of_range() { return "com.docker.network.advertise_addr_nmsgs must be in the range 0 to 3"; }

std::string advertise_ms_not_integer(const std::string& value) {
  return fmt::format("value for option com.docker.network.advertise_addr_ms {} must be integer milliseconds",
                     go_quote(value));
}

std::string advertise_ms_out_of_range() { return "com.docker.network.advertise_addr_ms must be in the range 100 to 2000"; }

Error invalid_advertise_options(const std::vector<std::string>& errors) { return Error(K::System, join(errors, "\n")); }

// The prune filter's until --------------------------------------------------------------------

Error more_than_one_until() { return Error(K::InvalidParameter, "more than one until filter specified"); }

// Go's time and strconv words for the value, as core's until parser knows them.
Error invalid_until(const std::string& value) { return Error(K::InvalidParameter, until_parse_error(value)); }

}  // namespace docknet::model::msg
