// The null driver of the built-in `none` network (and the type of configuration-only networks):
// an endpoint without interface, address or route, and a container on it may join nothing else.
#include "lib/service/drivers/registry.hpp"

namespace docknet::service {
namespace {

class NullDriver final : public NetworkDriver {
 public:
  model::DriverKind kind() const override { return model::DriverKind::Null; }
  bool has_interface() const override { return false; }
};

}  // namespace

std::unique_ptr<NetworkDriver> make_null_driver() { return std::make_unique<NullDriver>(); }

}  // namespace docknet::service
