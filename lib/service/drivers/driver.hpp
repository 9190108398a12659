#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lib/kernel/link_backend.hpp"
#include "lib/model/create_spec.hpp"
#include "lib/model/driver_kind.hpp"
#include "lib/model/firewall_rules.hpp"
#include "lib/model/network.hpp"
#include "lib/model/port_spec.hpp"
#include "lib/service/context.hpp"
#include "lib/service/endpoint_link_base.hpp"
#include "lib/service/transaction.hpp"

namespace docknet::service {

/// What several teardowns leave to the end, to hand to the kernel in one go: each rule removal
/// commits a table, and each link deletion waits for an RCU grace period.
struct TeardownBatch {
  std::vector<model::Rule> rules;
  std::vector<std::string> links;
};

/// How a network's kernel objects are made again: after a reboot (a stored bridge whose name
/// another kind of link took is skipped with a warning), or as the undo of a teardown that failed
/// halfway (that is an error).
enum class Restore { AfterReboot, Reinstate };

/// Something `network check` found about a network's own kernel objects.
struct KernelFinding {
  std::string text;
  bool repairable = false;  // the network's links can be made again (reinstate)
};

/// One network driver: everything create, rm, prune, connect, disconnect, restore and check need
/// to know about a kind of network. An instance holds the driver's -o options, parsed and checked
/// once when it is made (driver_for); the use cases hold one and never look at the driver's name
/// or its options themselves. Adding a driver is one file that implements this, plus its line in
/// driver_for (drivers/registry.cpp).
class NetworkDriver {
 public:
  virtual ~NetworkDriver() = default;
  virtual model::DriverKind kind() const = 0;

  // --- create ---
  /// The driver's own checks of a request that need no state (after libnetwork's).
  virtual void check_request(const model::CreateRequest&) const {}
  /// Whether IPAM reserves a gateway address in the family's pools (GetSkipGwAlloc).
  virtual bool allocates_gateway(bool /*v6*/, bool /*internal*/) const { return true; }
  /// The checks against the other networks and the kernel, once the pools are known; records on
  /// `network` what the driver will make or find (nothing in the kernel changes).
  virtual void prepare(ServiceContext&, const model::State&, model::Network&) const {}

  // --- the network's kernel objects ---
  /// Makes them, each step's undo in `tx`.
  virtual void setup(ServiceContext&, const model::Network&, Transaction&) const {}
  /// Removes exactly what setup made; with a batch, adds the rules and links to it instead.
  /// `state` tells which other networks still use something shared (a parent link).
  virtual void teardown(ServiceContext&, const model::State&, const model::Network&, TeardownBatch*) const {}
  /// Makes again what is missing, keeping what exists; appends the network's rules to `rules`
  /// for the caller to install (with forwarding) when it returns true.
  virtual bool restore(ServiceContext&, const model::Network&, Restore, Transaction&, std::vector<model::Rule>&) const {
    return false;
  }
  /// What differs in the kernel from the stored network's own links (not its endpoints).
  virtual std::vector<KernelFinding> check(ServiceContext&, const model::Network&) const { return {}; }
  /// A link of another kind holding the name of the network's own link ("existing interface X is
  /// not a bridge", Docker's words: msg::not_a_bridge); nullopt when there is none.
  virtual std::optional<std::string> link_conflict(ServiceContext&, const model::Network&) const { return std::nullopt; }
  /// The host interface the network's firewall rules name ("" when it has no rules).
  virtual std::string rules_interface(const model::Network&) const { return ""; }
  /// The network's own firewall rules (its endpoints' included): the one pure function of the
  /// stored network that installs them and removes them.
  virtual std::vector<model::Rule> rules(const model::Network&) const { return {}; }

  // --- endpoints ---
  /// Docker's refusal to connect anything to this network, if any.
  virtual void refuse_connect(const model::Network&) const {}
  /// Whether an endpoint gets an interface (none gives the container nothing).
  virtual bool has_interface() const { return true; }
  /// The endpoint's driver-made names: MAC address, host-side interface; the prefix of the
  /// container-side interface name.
  virtual void name_endpoint(ServiceContext&, model::Endpoint&) const {}
  virtual std::string interface_prefix() const { return "eth"; }
  /// What the kernel must make for the endpoint, with the default routes of `routes` as far as
  /// the network can give them.
  virtual kernel::EndpointLink endpoint_link(const model::Network&, const model::Endpoint&, const model::Container&,
                                             Routes) const {
    return {};
  }
  /// The rules that protect one endpoint's addresses (installed before its interface exists).
  virtual std::vector<model::Rule> endpoint_rules(const model::Network&, const model::Endpoint&) const { return {}; }
  /// `connect --publish`: the endpoint's port bindings, host ports chosen. Only the bridge
  /// driver maps ports; the others ignore the requests, as Docker's drivers do.
  virtual std::vector<model::PortBinding> publish(ServiceContext&, const model::State&, const model::Network&,
                                                  const model::Endpoint&,
                                                  const std::vector<model::PortRequest>&) const {
    return {};
  }
  /// Families the endpoint counts as a gateway of without a gateway address (ForceGw4/6).
  virtual Routes forced_gateway(const model::Network&, const kernel::EndpointLink&) const { return {}; }
};

/// The driver of a stored network, its options parsed (Docker's error text when one is invalid).
/// A driver name docknet does not know gets an inert driver that makes nothing.
std::unique_ptr<NetworkDriver> driver_for(const model::Network& network);
/// The driver of a create request (kind known, options as given).
std::unique_ptr<NetworkDriver> driver_for(model::DriverKind kind, const StringMap& options);

}  // namespace docknet::service
