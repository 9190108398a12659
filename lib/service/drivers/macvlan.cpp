// The macvlan driver (moby daemon/libnetwork/drivers/macvlan): endpoints are macvlan links on
// the parent, each with its own MAC address.
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
    else if (key == "macvlan_mode") o.mode = value;
  }
  if (o.mode.empty()) o.mode = "bridge";
  return o;
}

class MacvlanDriver final : public SublinkDriver {
 public:
  explicit MacvlanDriver(const StringMap& options) : SublinkDriver(read_options(options)) {}
  model::DriverKind kind() const override { return model::DriverKind::Macvlan; }

  void name_endpoint(ServiceContext& ctx, model::Endpoint& e) const override { e.mac_address = random_mac(ctx.new_id()); }

 protected:
  void check_options() const override {
    if (o_.mode != "bridge" && o_.mode != "private" && o_.mode != "vepa" && o_.mode != "passthru")
      throw model::msg::invalid_sublink_mode("macvlan", o_.mode, "bridge");
    if (o_.parent == "lo") throw model::msg::loopback_parent("macvlan");
  }

  // A parent is shared unless one of the two is in passthru mode (macvlan_network.go).
  void refuse_shared_parent(const model::Network& other, const std::string& parent) const override {
    if (o_.mode == "passthru")
      throw model::msg::passthru_parent_in_use(other.id, parent);
    if (read_options(other.options).mode == "passthru")
      throw model::msg::parent_in_passthru(other.id, parent);
  }

  kernel::EndpointKind link_kind() const override { return kernel::EndpointKind::Macvlan; }
};

}  // namespace

std::unique_ptr<NetworkDriver> make_macvlan_driver(const StringMap& options) {
  return std::make_unique<MacvlanDriver>(options);
}

}  // namespace docknet::service
