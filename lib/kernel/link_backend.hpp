#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lib/core/ip.hpp"

namespace docknet::kernel {

/// How a container's interface reaches its network.
enum class EndpointKind {
  Veth,     // a veth pair whose host end is enslaved to a bridge
  Macvlan,  // a macvlan sub-interface of `parent`, born in the namespace
  Ipvlan,   // an ipvlan sub-interface of `parent`, born in the namespace
};

/// One container attachment as the kernel sees it.
struct EndpointLink {
  EndpointKind kind = EndpointKind::Veth;
  std::string host_ifname;  // Veth: vethXXXXXXX, enslaved to `bridge`, up
  std::string bridge;
  /// Veth: the namespace the bridge (and so the host end) is in, when it is not the host's: an
  /// overlay network's sandbox. An mtu of 0 then takes the bridge's.
  std::string bridge_netns;
  /// Veth: the bridge port sends frames back out where they came in, so a container reaches its
  /// own published port through the host's address (Docker's setHairpinMode, proxy off).
  bool hairpin = false;
  std::string parent;       // Macvlan/Ipvlan: the host link they hang from
  std::string mode;         // macvlan: bridge|private|vepa|passthru; ipvlan: l2|l3|l3s
  std::string flag;         // ipvlan: bridge|private|vepa
  std::string netns_path;   // the container's namespace
  std::string ifname;       // the container end's name (eth0, ...)
  std::string mac;          // of the container end (not settable on ipvlan)
  int mtu = 0;              // 0: kernel default
  std::optional<IpPrefix> address;   // IPv4, with the subnet's prefix length
  std::optional<IpPrefix> address6;  // IPv6, added without duplicate address detection
  std::optional<IpAddress> gateway;  // default route via it, when set
  std::optional<IpAddress> gateway6;
  bool default_dev_v4 = false;       // ipvlan l3/l3s: "default dev ifname", no gateway address
  bool default_dev_v6 = false;
  std::vector<IpAddress> extra_addresses;  // --link-local-ip, added as host routes (/32, /128)
  /// Sysctls written inside the namespace, as paths under /proc/sys (IFNAME already replaced).
  std::vector<std::pair<std::string, std::string>> sysctls;
};

/// What the kernel says about one link of the host namespace.
struct LinkInfo {
  std::string kind;    // "bridge", "veth", "macvlan", ...; "" for a link without one (lo, a NIC)
  bool up = false;     // administratively up (IFF_UP)
  std::string master;  // the bridge it is enslaved to, or ""
  std::vector<IpPrefix> addresses;  // with their prefix lengths; IPv6 link-local ones left out
};

/// Links, addresses and routes of the host network namespace. Implemented with libnl
/// (NetlinkLinkBackend) and by an in-memory fake that returns the kernel's errnos.
class LinkBackend {
 public:
  virtual ~LinkBackend() = default;
  virtual bool link_exists(const std::string& name) = 0;
  /// Creates a bridge, down, with a random locally administered MAC (as Docker 28+ does, which
  /// also makes an empty bridge report NO-CARRIER); mtu 0 keeps the kernel default. EEXIST when
  /// the name is taken.
  virtual void create_bridge(const std::string& name, int mtu) = 0;
  /// Deletes a link; a link that is already gone is not an error.
  virtual void delete_link(const std::string& name) = 0;
  /// Deletes these links of the host namespace, as far as the kernel allows under one
  /// unregister (one RCU wait instead of one per link); a gone link is not an error.
  virtual void delete_links(const std::vector<std::string>& names) = 0;
  /// Deletes a link inside a namespace; a gone link or namespace is not an error.
  virtual void delete_netns_link(const std::string& netns_path, const std::string& name) = 0;
  /// Creates an up dummy link (a parent for internal macvlan/ipvlan networks). A kernel without
  /// dummy support gives a clear Error.
  virtual void create_dummy(const std::string& name) = 0;
  /// Creates an up 802.1Q VLAN link `name` on `master` (Docker's -o parent=eth0.10).
  virtual void create_vlan(const std::string& name, const std::string& master, int vlan_id) = 0;
  /// Adds `address` (with its prefix length) and, for IPv4, the subnet's broadcast; IPv6
  /// addresses skip duplicate address detection, as Docker's do.
  virtual void add_address(const std::string& link, const IpPrefix& address) = 0;
  /// Deletes one address; an address (or link) that is already gone is not an error.
  virtual void delete_address(const std::string& link, const IpPrefix& address) = 0;
  virtual void set_up(const std::string& name) = 0;
  /// The link's kind, state, master and addresses; nullopt when there is no such link.
  virtual std::optional<LinkInfo> link_info(const std::string& name) = 0;
  /// Creates the container's interface born inside the namespace (a veth pair, or a
  /// macvlan/ipvlan link), then configures it (sysctls, addresses, up, loopback up, default
  /// routes). On failure nothing is left behind.
  virtual void create_endpoint(const EndpointLink& endpoint) = 0;
  /// Removes what create_endpoint made: the veth (its host end takes the other along), or the
  /// macvlan/ipvlan link inside the namespace. Gone already is not an error.
  virtual void delete_endpoint(const EndpointLink& endpoint) = 0;
  /// Makes `endpoint`'s default routes the namespace's own for the families asked: every default
  /// route of such a family in endpoint.netns_path goes, then the endpoint's is added (via its
  /// gateway, or "default dev" on ipvlan l3) when it has an address and a route of that family.
  /// An endpoint without routes only clears. A gone namespace is not an error.
  virtual void replace_default_routes(const EndpointLink& endpoint, bool v4, bool v6) = 0;
  /// Names of the links inside a namespace (to pick the next free ethN).
  virtual std::vector<std::string> netns_link_names(const std::string& netns_path) = 0;
  /// Whether IPv6 is off in a namespace (net.ipv6.conf.all.disable_ipv6 = 1, or no IPv6 at all).
  virtual bool netns_ipv6_disabled(const std::string& netns_path) = 0;
  /// Unsolicited ARP (IPv4) and neighbour advertisement (IPv6) of the endpoint's addresses from
  /// inside its namespace, so that neighbours drop a cached MAC of a reused address: one round
  /// now and count-1 more every interval_ms from a detached process that holds nothing between
  /// rounds. Never throws (it is an optimisation, as in Docker): returns why the first round
  /// was not sent, or "".
  /// `dev`/`ino` identify the namespace the endpoint was made in; another one found at its path
  /// gets nothing.
  virtual std::string advertise_addresses(const EndpointLink& endpoint, uint64_t dev, uint64_t ino, int count,
                                          int interval_ms) = 0;
  /// Destinations of IPv4 routes with link scope in the main table (Docker's "on-link" routes).
  virtual std::vector<IpPrefix> onlink_routes() = 0;
};

}  // namespace docknet::kernel
