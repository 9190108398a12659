#include "lib/service/create_network.hpp"

#include <algorithm>
#include <optional>

#include "lib/core/error.hpp"
#include "lib/core/strings.hpp"
#include "lib/model/driver_kind.hpp"
#include "lib/model/ipam.hpp"
#include "lib/model/messages.hpp"
#include "lib/model/naming.hpp"
#include "lib/model/subnet_allocator.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/kernel_plan.hpp"
#include "lib/service/drivers/driver.hpp"
#include "lib/service/query.hpp"
#include "lib/service/retry.hpp"
#include "lib/service/steps.hpp"
#include "lib/service/transaction.hpp"

namespace docknet::service {
namespace {

using model::msg::network_exists;

// The drivers a network can be created with; host and null have their one built-in network.
void check_driver(const model::CreateRequest& r) {
  auto kind = model::parse_driver_kind(r.driver);
  if (!kind) throw model::msg::plugin_not_found(r.driver);
  if (kind == model::DriverKind::Host || kind == model::DriverKind::Null) throw model::msg::single_instance_driver(r.driver);
}

// The daemon's own refusal of overlay networks, before libnetwork sees the request
// (moby@docker-v29.7.2:daemon/network.go:311-313), so before the name lookup too.
void refuse_overlay(ServiceContext& ctx, const model::CreateRequest& r) {
  if (r.driver == "overlay" && ctx.config.cluster_store.empty())
    throw model::msg::not_swarm_manager();
}

// Whether a stored network has this name: read without changing anything (no first-use
// initialisation), and false when the store cannot tell.
bool name_taken(ServiceContext& ctx, const std::string& name) {
  try {
    auto lock = ctx.store.lock(false);
    auto state = ctx.store.load();
    return state && std::any_of(state->networks.begin(), state->networks.end(),
                                [&](const model::Network& n) { return n.name == name; });
  } catch (const Error&) {
    return false;
  }
}

// The neighbour advertisement options, each checked, both errors joined (moby@docker-v29.7.2:
// daemon/libnetwork/network.go:555-562, network_unix.go:31-61; the texts: msg::advertise_*).
void check_advertise_options(const StringMap& options) {
  std::vector<std::string> errs;
  if (auto it = options.find("com.docker.network.advertise_addr_nmsgs"); it != options.end()) {
    auto v = parse_int(it->second);
    if (!v) errs.push_back(model::msg::advertise_nmsgs_not_integer(it->second));
    else if (*v < 0 || *v > 3) errs.push_back(model::msg::advertise_nmsgs_out_of_range());
  }
  if (auto it = options.find("com.docker.network.advertise_addr_ms"); it != options.end()) {
    auto v = parse_int(it->second);
    if (!v) errs.push_back(model::msg::advertise_ms_not_integer(it->second));
    else if (*v < 100 || *v > 2000) errs.push_back(model::msg::advertise_ms_out_of_range());
  }
  if (!errs.empty()) throw model::msg::invalid_advertise_options(errs);
}

// libnetwork's validateConfiguration, before any driver is looked up (network.go:392-410).
void check_configuration(const model::CreateRequest& r) {
  if (r.config_only && (r.ingress || r.internal || r.attachable || !r.scope.empty()))
    throw model::msg::config_only_with_operator_fields();
  if (r.config_from.empty()) check_advertise_options(r.options);
  else if (r.config_only)
    throw model::msg::config_from_config_only();
}

// libnetwork's NewNetwork checks after the name (controller.go:549-608).
void check_request(const model::CreateRequest& r) {
  check_configuration(r);
  if (!r.config_only) check_driver(r);
  if (r.ipam_driver != "default" && r.ipam_driver != "null") throw model::msg::plugin_not_found(r.ipam_driver);
  // libnetwork's own checks, in its order (moby@docker-v29.7.2:daemon/libnetwork/controller.go:578-579,
  // 607-608; docker29-deltas row 8): the swarm-manager text is for -d overlay only.
  if (r.ingress) throw model::msg::ingress_not_global();
  // `--scope global` on a local driver is taken as given: without swarm nothing redirects it
  // (controller.go:594-608), and ls/inspect then show scope global, as Docker 28.5.2 does.
  if (!r.scope.empty() && r.scope != "local" && r.scope != "global") {
    if (r.scope == "swarm") throw model::msg::swarm_scope_inactive();
    throw model::msg::invalid_scope(r.scope);
  }
}

// The built-in null IPAM driver hands out 0.0.0.0/0 and ::/0 and no address, and refuses a given
// pool (moby@docker-v29.7.2:daemon/libnetwork/ipams/null/null.go:36-40). Every local driver then
// refuses those pools (bridge_linux.go:720-727, macvlan_network.go:23-30, ipvlan_network.go:33-40),
// so no network is ever made with it here; the texts are Docker's, in its order.
void check_null_ipam(const model::CreateRequest& r) {
  if (r.ipam_driver != "null" || r.config_only) return;
  if (!r.ipam_config.empty())
    throw model::msg::null_ipam_with_pools();
  bool v4 = r.enable_ipv4.value_or(true), v6 = r.enable_ipv6.value_or(false);
  if (!v4 && !v6) throw model::msg::no_address_family();
  throw model::msg::empty_pool(v4);
}

// --config-from: the new network takes its IPAM and options from a config-only network (true then).
bool apply_config_from(const model::State& state, model::CreateRequest& r) {
  if (r.config_from.empty()) return false;
  const model::Network* source = nullptr;
  try {
    source = &resolve_network(state, r.config_from);
  } catch (const Error&) {
    throw model::msg::config_only_network_not_found(r.config_from);
  }
  if (!source->config_only) throw model::msg::not_config_only(source->name);
  // network.go:409-418: anything of the network's own configuration is refused with it.
  if (!r.ipam_config.empty() || !r.options.empty() || !r.ipam_options.empty() || r.ipam_driver != "default" ||
      !r.enable_ipv4.value_or(true) || r.enable_ipv6.value_or(false) || !r.labels.empty())
    throw model::msg::config_from_with_options();
  r.ipam_driver = source->ipam_driver;  // applyConfigurationTo (network.go:458-460)
  r.ipam_config = source->ipam_config;
  r.options = source->options;
  r.ipam_options = source->ipam_options.value_or(StringMap{});
  r.config_from = source->name;
  return true;
}

// One family's pools: the requested ones (overlap-checked), or one from the default pools.
void allocate_family(ServiceContext& ctx, const model::State& state, const model::CreateRequest& r,
                     const NetworkDriver& driver, bool v6, std::vector<model::IpamConfig>& user,
                     std::vector<model::IpamConfig>& automatic) {
  bool gateway = driver.allocates_gateway(v6, r.internal);
  size_t user_before = user.size();
  for (const auto& requested : r.ipam_config) {
    if (requested.subnet.is_v4() == v6) continue;
    for (const auto& n : state.networks) {
      if (n.config_only) continue;
      for (const auto& c : n.ipam_config)
        if (c.subnet.masked().overlaps(requested.subnet.masked())) throw model::msg::pool_overlaps();
    }
    model::IpamConfig pool = requested;
    pool.subnet = requested.subnet.masked();
    user.push_back(model::complete_pool(pool, gateway));
  }
  if (user.size() == user_before) {
    auto family_pools = model::pools_for_family(ctx.config.default_address_pools, v6, ctx.host.machine_id());
    // A global-scope network draws from IPAM's global address space: 10.0.0.0/8 in /24s
    // (moby@docker-v29.7.2:daemon/libnetwork/ipamutils/utils.go:19-21, network.go:1722-1731).
    if ((r.scope == "global" || r.driver == "overlay") && !v6) family_pools = {model::AddressPool{*IpPrefix::parse("10.0.0.0/8"), 24}};
    auto subnet = model::allocate_subnet(family_pools, taken_subnets(ctx, state), v6);
    if (!subnet) throw model::msg::pools_exhausted();
    model::IpamConfig pool;
    pool.subnet = *subnet;
    automatic.push_back(model::complete_pool(pool, gateway));
  }
}

// The daemon's order, as inspect lists it: the user's entries (IPv4, then IPv6), then the
// automatic ones (IPv4, then IPv6) (moby@docker-v29.7.2:daemon/network.go:847-879; docker29-deltas
// row 4). A disabled family gets none.
std::vector<model::IpamConfig> allocate_pools(ServiceContext& ctx, const model::State& state,
                                              const model::CreateRequest& r, const NetworkDriver& driver) {
  std::vector<model::IpamConfig> user, automatic;
  if (r.enable_ipv4.value_or(true)) allocate_family(ctx, state, r, driver, false, user, automatic);
  if (r.enable_ipv6.value_or(false)) allocate_family(ctx, state, r, driver, true, user, automatic);
  user.insert(user.end(), automatic.begin(), automatic.end());
  return user;
}

std::string unique_id(ServiceContext& ctx, const model::State& state) {
  for (;;) {
    std::string id = ctx.new_id();
    bool clash = std::any_of(state.networks.begin(), state.networks.end(), [&](const model::Network& n) {
      return n.id == id || n.name == id.substr(0, 12);
    });
    if (!clash) return id;
  }
}

model::Network build_network(ServiceContext& ctx, const model::State& state, const model::CreateRequest& r,
                             const NetworkDriver* driver) {
  model::Network n;
  n.name = r.name;
  n.id = unique_id(ctx, state);
  n.created = ctx.now();
  n.driver = r.driver;
  n.scope = (r.scope == "global" || r.driver == "overlay") && !r.config_only ? "global" : "local";
  n.enable_ipv4 = r.enable_ipv4.value_or(true);
  n.enable_ipv6 = r.enable_ipv6.value_or(false);
  n.ipam_driver = r.ipam_driver;
  n.user_subnet = !r.ipam_config.empty();
  n.ipam_options = r.ipam_options;
  n.internal = r.internal;
  n.attachable = r.attachable;
  n.config_only = r.config_only;
  n.config_from = r.config_from;
  n.options = r.options;
  n.labels = r.labels;
  if (r.config_only) {
    // libnetwork gives a configuration network the type "null" whatever -d said
    // (moby@docker-v29.7.2:daemon/libnetwork/controller.go:564-567; docker29-deltas row 7a).
    n.driver = model::driver_name(model::DriverKind::Null);
    n.ipam_config = r.ipam_config;  // a configuration network allocates nothing
    return n;
  }
  n.ipam_config = allocate_pools(ctx, state, r, *driver);
  driver->prepare(ctx, state, n);
  return n;
}

std::string create_once(ServiceContext& ctx, const model::CreateRequest& request) try {
  model::CreateRequest r = request;
  // `-d ''` is the default driver (moby@docker-v29.7.2:daemon/network.go:307-309).
  if (r.driver.empty()) r.driver = model::driver_name(model::DriverKind::Bridge);
  // Docker's order: the daemon's name and IPAM checks (daemon/network.go:290-390), then
  // libnetwork's: the configuration (controller.go:549), the driver, then the driver's and IPAM's
  // own refusals. One difference: libnetwork looks for the name first (controller.go:520-526);
  // here the checks that need no state come before the store is opened, so that a refused
  // create never sets up anything (a first call would otherwise make docker0).
  if (trim(r.name).empty()) throw model::msg::empty_name();
  if (model::is_predefined_name(r.name)) throw model::msg::predefined_network_operation(r.name);
  refuse_overlay(ctx, r);
  model::validate_ipam_config(r.ipam_config, r.enable_ipv6.value_or(false));
  std::unique_ptr<NetworkDriver> driver;
  try {
    check_request(r);
    // The driver's options are parsed here, once (a configuration network's too, though its
    // driver never runs: Docker checks a bridge's options all the same).
    if (auto kind = model::parse_driver_kind(r.driver)) driver = driver_for(*kind, r.options);
    if (!r.config_only) driver->check_request(r);
  } catch (const Error&) {
    // libnetwork's name lookup comes before these checks: a taken name is what Docker reports.
    if (name_taken(ctx, r.name)) throw network_exists(r.name);
    throw;
  }
  Operation op(ctx, "create");
  Session session = open_for_write(ctx);
  for (const auto& n : session.state.networks)
    if (n.name == r.name) throw network_exists(r.name);
  // --config-from brings the configuration network's options: the driver is made again with them.
  if (apply_config_from(session.state, r)) driver = driver_for(driver->kind(), r.options);
  check_null_ipam(r);
  model::Network network = build_network(ctx, session.state, r, driver.get());
  if (network.config_only) {
    session.state.networks.push_back(network);
    save(ctx, session);
    return network.id;
  }

  // Intent first: if the process dies during the kernel steps, the next call undoes them.
  network.pending = true;
  session.state.networks.push_back(network);
  step(ctx, "intent");
  ctx.store.save(session.state);
  Transaction tx(ctx.cleanup_failures);
  tx.on_rollback("forget network " + network.name, [&ctx, &session, id = network.id] {
    auto& nets = session.state.networks;
    nets.erase(std::remove_if(nets.begin(), nets.end(), [&](const model::Network& n) { return n.id == id; }), nets.end());
    ctx.store.save(session.state);
  });
  setup_network_kernel(ctx, network, tx);
  session.state.networks.back().pending = false;
  save(ctx, session);
  tx.commit();
  return network.id;
} catch (const KernelError& e) {  // a kernel or store fact leaves the service in Docker's words
  throw model::msg::in_docker_words(e);
}

}  // namespace

std::string create_network(ServiceContext& ctx, const model::CreateRequest& request) {
  return with_cluster_retries(ctx, [&] { return create_once(ctx, request); });
}

}  // namespace docknet::service
