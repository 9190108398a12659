#pragma once
#include <iosfwd>
#include <memory>
#include <string>

#include "cmd/config_notice.hpp"
#include "lib/service/context.hpp"

namespace docknet::cli {

/// The composition root: the only place that names the real store and kernel backends.
class Runtime {
 public:
  /// `debug`: --debug, trace lines on stderr.
  Runtime(const std::string& root, bool debug = false);
  ~Runtime();
  service::ServiceContext& context();
  /// Tells `err` which daemon.json keys of the config file docknet ignores, when `when` says
  /// so (cmd/config_notice.hpp); a changing command records the content as told.
  void report_config(std::ostream& err, const ConfigNoticeWhen& when);

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

/// --root, else $DOCKNET_ROOT, else /var/lib/docknet.
std::string state_root(const std::string& flag_value);

}  // namespace docknet::cli
