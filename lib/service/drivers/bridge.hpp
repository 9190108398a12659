#pragma once
#include "lib/model/bridge_options.hpp"
#include "lib/service/drivers/driver.hpp"

namespace docknet::service {

/// The bridge driver (bridge.cpp: create checks and endpoints; bridge_links.cpp: the bridge,
/// its addresses and sysctls, and its rules in the kernel).
class BridgeDriver final : public NetworkDriver {
 public:
  explicit BridgeDriver(const StringMap& options) : o_(model::parse_bridge_options(options)) {}
  model::DriverKind kind() const override { return model::DriverKind::Bridge; }

  void check_request(const model::CreateRequest& request) const override;
  bool allocates_gateway(bool v6, bool internal) const override;
  void prepare(ServiceContext& ctx, const model::State& state, model::Network& network) const override;

  void setup(ServiceContext& ctx, const model::Network& network, Transaction& tx) const override;
  void teardown(ServiceContext& ctx, const model::State& state, const model::Network& network,
                TeardownBatch* batch) const override;
  bool restore(ServiceContext& ctx, const model::Network& network, Restore mode, Transaction& tx,
               std::vector<model::Rule>& to_install) const override;
  std::vector<KernelFinding> check(ServiceContext& ctx, const model::Network& network) const override;
  std::optional<std::string> link_conflict(ServiceContext& ctx, const model::Network& network) const override;
  std::string rules_interface(const model::Network& network) const override;
  std::vector<model::Rule> rules(const model::Network& network) const override;
  std::vector<model::Rule> endpoint_rules(const model::Network& network, const model::Endpoint& endpoint) const override;
  std::vector<model::PortBinding> publish(ServiceContext& ctx, const model::State& state, const model::Network& network,
                                          const model::Endpoint& endpoint,
                                          const std::vector<model::PortRequest>& requests) const override;

  void name_endpoint(ServiceContext& ctx, model::Endpoint& endpoint) const override;
  std::string interface_prefix() const override;
  kernel::EndpointLink endpoint_link(const model::Network& network, const model::Endpoint& endpoint,
                                     const model::Container& container, Routes routes) const override;

  /// The addresses docknet puts on the bridge: each enabled family's gateway, with the subnet's
  /// prefix length.
  std::vector<IpPrefix> gateway_addresses(const model::Network& network) const;

 private:
  void make_bridge(ServiceContext& ctx, const model::Network& network, Transaction& tx, bool restoring) const;
  void set_bridge_sysctls(ServiceContext& ctx, const model::Network& network, const std::string& br, bool created,
                          Transaction& tx) const;
  void add_gateway_addresses(ServiceContext& ctx, const model::Network& network, const std::string& br,
                             bool tolerate_existing, bool undo_each, Transaction& tx) const;
  void require_foreign_gateways(ServiceContext& ctx, const model::Network& network, const std::string& br) const;

  model::BridgeOptions o_;
};

}  // namespace docknet::service
