// The ipvlan driver (moby daemon/libnetwork/drivers/ipvlan): endpoints are ipvlan links on the
// parent, sharing its MAC address; in l3/l3s mode they route through "default dev ethN".
#include "lib/service/drivers/registry.hpp"

#include <fmt/format.h>

#include "lib/core/error.hpp"
#include "lib/model/messages.hpp"
#include "lib/service/drivers/sublink.hpp"

namespace docknet::service {
namespace {

model::SublinkOptions read_options(const StringMap& options) {
  model::SublinkOptions o;
  for (const auto& [key, value] : options) {
    if (key == "parent") o.parent = value;
    else if (key == "ipvlan_mode") o.mode = value;
    else if (key == "ipvlan_flag") o.flag = value;
  }
  if (o.mode.empty()) o.mode = "l2";
  if (o.flag.empty()) o.flag = "bridge";
  return o;
}

class IpvlanDriver final : public SublinkDriver {
 public:
  explicit IpvlanDriver(const StringMap& options) : SublinkDriver(read_options(options)) {}
  model::DriverKind kind() const override { return model::DriverKind::Ipvlan; }

  // ipvlan interfaces share their parent's MAC address: Docker reports none.
  void name_endpoint(ServiceContext&, model::Endpoint&) const override {}

  kernel::EndpointLink endpoint_link(const model::Network& n, const model::Endpoint& e, const model::Container& c,
                                     Routes routes) const override {
    if (o_.mode == "l2") return SublinkDriver::endpoint_link(n, e, c, routes);
    // l3/l3s: "default dev ethN", no gateway address, for each family it routes.
    kernel::EndpointLink l = SublinkDriver::endpoint_link(n, e, c, Routes{});
    Routes usable = usable_routes(n, routes);
    l.default_dev_v4 = usable.v4;
    l.default_dev_v6 = usable.v6;
    return l;
  }

 protected:
  void check_options() const override {
    if (o_.mode != "l2" && o_.mode != "l3" && o_.mode != "l3s")
      throw model::msg::invalid_sublink_mode("ipvlan", o_.mode, "l2");
    if (o_.flag != "bridge" && o_.flag != "private" && o_.flag != "vepa")
      throw model::msg::invalid_ipvlan_flag(o_.flag);
    if (o_.parent == "lo") throw model::msg::loopback_parent("ipvlan");
  }

  // ipvlan shares a parent with no other ipvlan network (ipvlan_network.go).
  void refuse_shared_parent(const model::Network& other, const std::string& parent) const override {
    throw model::msg::parent_in_use(model::dummy_parent_name(model::DriverKind::Ipvlan, other.id), parent);
  }

  kernel::EndpointKind link_kind() const override { return kernel::EndpointKind::Ipvlan; }
};

}  // namespace

std::unique_ptr<NetworkDriver> make_ipvlan_driver(const StringMap& options) {
  return std::make_unique<IpvlanDriver>(options);
}

}  // namespace docknet::service
