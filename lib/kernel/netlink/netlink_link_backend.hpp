#pragma once
#include <array>
#include <functional>
#include <optional>

#include "lib/kernel/link_backend.hpp"
#include "lib/kernel/netlink/handles.hpp"

namespace docknet::kernel {

/// LinkBackend over one NETLINK_ROUTE socket, opened lazily on first use.
class NetlinkLinkBackend : public LinkBackend {
 public:
  bool link_exists(const std::string& name) override;
  void create_bridge(const std::string& name, int mtu) override;
  void delete_link(const std::string& name) override;
  void delete_links(const std::vector<std::string>& names) override;
  void delete_netns_link(const std::string& netns_path, const std::string& name) override;
  void create_dummy(const std::string& name) override;
  void create_vlan(const std::string& name, const std::string& master, int vlan_id) override;
  void add_address(const std::string& link, const IpPrefix& address) override;
  void delete_address(const std::string& link, const IpPrefix& address) override;
  void set_up(const std::string& name) override;
  std::optional<LinkInfo> link_info(const std::string& name) override;
  std::vector<IpPrefix> onlink_routes() override;
  void create_endpoint(const EndpointLink& endpoint) override;
  void delete_endpoint(const EndpointLink& endpoint) override;
  void replace_default_routes(const EndpointLink& endpoint, bool v4, bool v6) override;
  std::vector<std::string> netns_link_names(const std::string& netns_path) override;
  bool netns_ipv6_disabled(const std::string& netns_path) override;
  std::string advertise_addresses(const EndpointLink& endpoint, uint64_t dev, uint64_t ino, int count,
                                  int interval_ms) override;

 private:
  nl_sock* sock();
  RtnlLink get_link(const std::string& name, const char* op);
  NlSock sock_;
};

/// A NETLINK_ROUTE socket bound inside another namespace.
NlSock socket_in(const std::string& netns_path);

/// The link named `name` as seen through socket `sk`; `op` names the failing operation.
RtnlLink link_by_name(nl_sock* sk, const std::string& name, const char* op);

/// An address (IPv4 or IPv6) with a prefix length, for libnl.
NlAddr to_nl_addr(const IpAddress& ip, int prefix_len);

/// "aa:bb:cc:dd:ee:ff" as six bytes; nullopt for anything else (no MAC to set).
std::optional<std::array<unsigned char, 6>> parse_mac(const std::string& text);

/// Runs `fn` with the calling thread inside the namespace, then returns to its own (or aborts:
/// going on in the wrong namespace would change the host).
void run_in_netns(const std::string& netns_path, const std::function<void()>& fn);

/// Adds an address to the link with index `ifindex` on socket `sk`: the IPv4 broadcast for
/// prefixes shorter than /31, no duplicate address detection for IPv6 (as Docker).
void add_ip_address(nl_sock* sk, int ifindex, const IpPrefix& address, const std::string& link_name);
/// The same, returning libnl's code (0, or a negative NLE_*) instead of throwing.
int try_add_ip_address(nl_sock* sk, int ifindex, const IpPrefix& address);

/// Creates a macvlan or ipvlan link on `parent` (host namespace) born in `netns_fd`.
void create_sublink(nl_sock* sk, const EndpointLink& endpoint, int parent_ifindex, int netns_fd);

/// The addresses of the link with index `ifindex` (IPv6 link-local ones left out).
std::vector<IpPrefix> link_addresses(nl_sock* sk, int ifindex);

/// Turns a negative libnl return code into a KernelError with the errno it stands for.
[[noreturn]] void throw_nl_error(const std::string& op, const std::string& object, int nl_code);
int nl_to_errno(int nl_code);

}  // namespace docknet::kernel
