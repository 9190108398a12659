#pragma once
#include "lib/kernel/link_backend.hpp"
#include "lib/kernel/netlink/handles.hpp"

namespace docknet::kernel {

/// LinkBackend over one NETLINK_ROUTE socket, opened lazily on first use.
class NetlinkLinkBackend : public LinkBackend {
 public:
  bool link_exists(const std::string& name) override;
  void create_bridge(const std::string& name, int mtu) override;
  void delete_link(const std::string& name) override;
  void add_address(const std::string& link, const IpPrefix& address) override;
  void set_up(const std::string& name) override;
  std::vector<IpPrefix> onlink_routes() override;
  void create_endpoint(const EndpointLink& endpoint) override;
  std::vector<std::string> netns_link_names(const std::string& netns_path) override;

 private:
  nl_sock* sock();
  RtnlLink get_link(const std::string& name, const char* op);
  NlSock sock_;
};

/// Turns a negative libnl return code into a KernelError with the errno it stands for.
[[noreturn]] void throw_nl_error(const std::string& op, const std::string& object, int nl_code);
int nl_to_errno(int nl_code);

}  // namespace docknet::kernel
