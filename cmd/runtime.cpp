#include "cmd/runtime.hpp"

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>

#include "lib/core/error.hpp"
#include "lib/core/ids.hpp"
#include "cmd/firewall_choice.hpp"
#include "cmd/trace.hpp"
#include "lib/kernel/netlink/netlink_link_backend.hpp"
#include "lib/kernel/posix/linux_host_system.hpp"
#include "lib/kernel/netlink/netlink_overlay.hpp"
#include "lib/model/overlay.hpp"
#include "lib/store/cluster_keys.hpp"
#include "lib/store/cluster_store.hpp"
#include "lib/store/etcd/etcd_client.hpp"
#include "lib/store/file_store.hpp"
#include "cmd/cluster_identity.hpp"

namespace docknet::cli {
namespace {

// Blocks the signals a user or a service manager sends to stop a command; the previous mask
// comes back (and a pending signal lands) when the last holder lets go.
std::shared_ptr<void> hold_termination_signals() {
  sigset_t block, old;
  sigemptyset(&block);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&block, sig);
  if (sigprocmask(SIG_BLOCK, &block, &old) != 0) return nullptr;
  return std::shared_ptr<void>(nullptr, [old](void*) { sigprocmask(SIG_SETMASK, &old, nullptr); });
}

#ifdef DOCKNET_TEST_HOOKS
// Test builds only (docknet-testhooks): end-to-end tests prove rollback and crash recovery
// against the real kernel at named steps (service/steps.hpp). A step that runs more than once
// in one call is named NAME#2, NAME#3 ... from its second run on.
//   DOCKNET_TEST_FAIL_STEP=S   throws at S, as a kernel error would;
//   DOCKNET_TEST_CRASH_STEP=S  dies at S with no unwinding, as kill -9 would;
//   DOCKNET_TEST_PAUSE_STEP=S  stops itself (SIGSTOP) at S, so a test can signal it mid-change;
//   DOCKNET_TEST_STEPS_LOG=F   appends every step passed to F, one per line, so the tests
//                              iterate the steps a scenario really has.
void install_test_hooks(service::ServiceContext& ctx) {
  auto env = [](const char* name) { const char* v = std::getenv(name); return std::string(v ? v : ""); };
  std::string fail_at = env("DOCKNET_TEST_FAIL_STEP"), crash_at = env("DOCKNET_TEST_CRASH_STEP");
  std::string log = env("DOCKNET_TEST_STEPS_LOG"), pause_at = env("DOCKNET_TEST_PAUSE_STEP");
  if (fail_at.empty() && crash_at.empty() && log.empty() && pause_at.empty()) return;
  auto seen = std::make_shared<std::map<std::string, int>>();
  ctx.fail_point = [fail_at, crash_at, log, pause_at, seen](const std::string& step) {
    int n = ++(*seen)[step];
    std::string name = n == 1 ? step : step + "#" + std::to_string(n);
    if (!log.empty()) {
      std::ofstream(log, std::ios::app) << name << "\n";
    }
    if (name == crash_at) std::_Exit(137);
    if (name == pause_at) raise(SIGSTOP);
    if (name == fail_at) throw Error(ErrorKind::System, "injected failure at step " + name);
  };
}
#endif

}  // namespace

struct Runtime::Parts {
  Parts(const std::string& root, bool debug)
      : store(root),
        config(store::load_daemon_config(config_path())),
        cluster(join_cluster(config, links, store)),
        overlay(model::kSandboxDir),
        firewall(config, trace(debug), [this] { return store.recorded_firewall(); }),
        traced_store_(debug ? traced_store(base_store(), trace(true)) : nullptr),
        traced_links_(debug ? traced_links(links, trace(true)) : nullptr),
        traced_firewall_(debug ? traced_firewall(firewall, trace(true)) : nullptr),
        traced_host_(debug ? traced_host(host, trace(true)) : nullptr),
        ctx{pick(traced_store_, base_store()), pick(traced_links_, links), pick(traced_firewall_, firewall),
            pick(traced_host_, host), config, [] { return Timestamp::now(); }, [] { return random_hex_id(); },
            [](const std::string&) {}, {}, {}} {
    ctx.defer_termination = hold_termination_signals;
    ctx.debug = trace(debug);
    ctx.firewall_name = [this] { return firewall.name(); };
    ctx.open_firewall = [](const std::string& name) { return open_firewall(name); };
    if (cluster) {
      ctx.overlay = &overlay;
      ctx.wait_for_cluster_change = [this] { return cluster->wait_for_change(); };
    }
#ifdef DOCKNET_TEST_HOOKS
    install_test_hooks(ctx);
#endif
  }
  static std::string config_path() {
    const char* env = std::getenv("DOCKNET_CONFIG");
    return env && *env ? env : "/etc/docknet/config.yaml";
  }
  // The traced wrapper under --debug, the backend itself otherwise.
  template <class Base, class Impl>
  static Base& pick(const std::unique_ptr<Base>& traced, Impl& plain) {
    return traced ? *traced : static_cast<Base&>(plain);
  }
  static std::function<void(const std::string&)> trace(bool debug) {
    if (!debug) return [](const std::string&) {};
    return [](const std::string& line) { std::cerr << "debug: " << line << "\n"; };
  }
  store::Store& base_store() { return cluster ? static_cast<store::Store&>(cluster->store) : store; }
  store::FileStore store;
  store::DaemonConfig config;
  kernel::NetlinkLinkBackend links;
  std::unique_ptr<Cluster> cluster;
  kernel::NetlinkOverlayBackend overlay;
  SelectedFirewall firewall;
  kernel::LinuxHostSystem host;
  std::unique_ptr<store::Store> traced_store_;
  std::unique_ptr<kernel::LinkBackend> traced_links_;
  std::unique_ptr<kernel::FirewallBackend> traced_firewall_;
  std::unique_ptr<kernel::HostSystem> traced_host_;
  service::ServiceContext ctx;
};

Runtime::Runtime(const std::string& root, bool debug) : parts_(std::make_unique<Parts>(root, debug)) {}
Runtime::~Runtime() = default;
service::ServiceContext& Runtime::context() { return parts_->ctx; }

void Runtime::report_config(std::ostream& err, const ConfigNoticeWhen& when) {
  const auto& config = parts_->config;
  std::string text = config_notice_text(Parts::config_path(), config);
  if (text.empty() || (!when.always && !when.changing)) return;
  auto& store = parts_->store;
  // The notice must never fail a command: a state root docknet cannot read or write is the
  // command's own error to give, and the worst case here is being told once more.
  bool told = false;
  try {
    told = store.warned_config_digest() == config.digest;
  } catch (const Error&) {
  }
  if (when.always || !told) err << text << std::flush;
  if (when.changing && !told) {
    try {
      store.record_warned_config_digest(config.digest);
    } catch (const Error&) {
    }
  }
}

std::string state_root(const std::string& flag_value) {
  if (!flag_value.empty()) return flag_value;
  const char* env = std::getenv("DOCKNET_ROOT");
  return env && *env ? env : "/var/lib/docknet";
}

}  // namespace docknet::cli
