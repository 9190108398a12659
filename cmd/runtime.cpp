#include "cmd/runtime.hpp"

#include <cstdlib>

#include "lib/core/error.hpp"
#include "lib/core/ids.hpp"
#include "lib/kernel/iptables/iptables_firewall.hpp"
#include "lib/kernel/netlink/netlink_link_backend.hpp"
#include "lib/kernel/posix/linux_host_system.hpp"
#include "lib/store/file_store.hpp"

namespace docknet::cli {

struct Runtime::Parts {
  explicit Parts(const std::string& root)
      : store(root),
        config(store::load_daemon_config(config_path())),
        ctx{store, links, firewall, host, config, [] { return Timestamp::now(); }, [] { return random_hex_id(); }, [](const std::string&) {}, {}} {
#ifdef DOCKNET_TEST_HOOKS
    // End-to-end tests prove rollback against the real kernel by failing at a named step.
    // DOCKNET_TEST_CRASH_STEP dies on the spot instead, as a kill -9 would: no unwinding.
    const char* fail = std::getenv("DOCKNET_TEST_FAIL_STEP");
    const char* crash = std::getenv("DOCKNET_TEST_CRASH_STEP");
    if ((fail && *fail) || (crash && *crash)) {
      std::string fail_at = fail ? fail : "", crash_at = crash ? crash : "";
      ctx.fail_point = [fail_at, crash_at](const std::string& s) {
        if (s == crash_at) std::_Exit(137);
        if (s == fail_at) throw Error(ErrorKind::System, "injected failure at step " + s);
      };
    }
#endif
  }
  static std::string config_path() {
    const char* env = std::getenv("DOCKNET_CONFIG");
    return env && *env ? env : "/etc/docknet/config.yaml";
  }
  store::FileStore store;
  kernel::NetlinkLinkBackend links;
  kernel::IptablesFirewall firewall;
  kernel::LinuxHostSystem host;
  store::DaemonConfig config;
  service::ServiceContext ctx;
};

Runtime::Runtime(const std::string& root) : parts_(std::make_unique<Parts>(root)) {}
Runtime::~Runtime() = default;
service::ServiceContext& Runtime::context() { return parts_->ctx; }

std::string state_root(const std::string& flag_value) {
  if (!flag_value.empty()) return flag_value;
  const char* env = std::getenv("DOCKNET_ROOT");
  return env && *env ? env : "/var/lib/docknet";
}

}  // namespace docknet::cli
