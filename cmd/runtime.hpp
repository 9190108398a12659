#pragma once
#include <memory>
#include <string>

#include "lib/service/context.hpp"

namespace docknet::cli {

/// The composition root: the only place that names the real store and kernel backends.
class Runtime {
 public:
  /// `debug`: --debug, trace lines on stderr.
  Runtime(const std::string& root, bool debug = false);
  ~Runtime();
  service::ServiceContext& context();

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

/// --root, else $DOCKNET_ROOT, else /var/lib/docknet.
std::string state_root(const std::string& flag_value);

}  // namespace docknet::cli
