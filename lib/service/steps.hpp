#pragma once
#include <string>
#include <string_view>
#include <utility>

#include "lib/service/context.hpp"

namespace docknet::service {

/// Names the steps run while it lives: "connect.veth", "rm.delete_bridge", "restore.bridge".
/// Scopes nest (the recovery run by open_for_write names its own steps), and a step's full name
/// tells the operation, so test builds can fail or die at exactly one place.
class Operation {
 public:
  Operation(ServiceContext& ctx, std::string name) : ctx_(ctx), outer_(std::exchange(ctx.operation, std::move(name))) {}
  Operation(const Operation&) = delete;
  Operation& operator=(const Operation&) = delete;
  ~Operation() { ctx_.operation = std::move(outer_); }

 private:
  ServiceContext& ctx_;
  std::string outer_;
};

/// A named point between two changes of a mutating operation: test builds fail or die here.
inline void step(ServiceContext& ctx, std::string_view name) {
  std::string full = ctx.operation + "." + std::string(name);
  ctx.debug("step " + full);
  ctx.fail_point(full);
}

}  // namespace docknet::service
