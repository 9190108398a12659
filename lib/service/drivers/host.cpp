// The host driver of the built-in `host` network: the host's own stack, so nothing to make and
// nothing can be connected to it.
#include "lib/service/drivers/registry.hpp"

#include "lib/core/error.hpp"
#include "lib/model/messages.hpp"

namespace docknet::service {
namespace {

class HostDriver final : public NetworkDriver {
 public:
  model::DriverKind kind() const override { return model::DriverKind::Host; }
  bool has_interface() const override { return false; }
  void refuse_connect(const model::Network&) const override {
    throw model::msg::host_network_not_connectable();
  }
};

}  // namespace

std::unique_ptr<NetworkDriver> make_host_driver() { return std::make_unique<HostDriver>(); }

}  // namespace docknet::service
