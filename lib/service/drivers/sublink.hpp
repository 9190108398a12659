#pragma once
#include "lib/model/sublink_options.hpp"
#include "lib/service/drivers/driver.hpp"

namespace docknet::service {

/// What the macvlan and ipvlan drivers share (sublink.cpp): endpoints are sub-interfaces of a
/// parent link, which docknet makes when there is none (a dummy link for a network without
/// -o parent, a VLAN link for a missing "eth0.10") and removes with the last network using it.
/// No bridge and no rules. Each driver (macvlan.cpp, ipvlan.cpp) reads and checks its options.
class SublinkDriver : public NetworkDriver {
 public:
  bool allocates_gateway(bool, bool) const override { return false; }
  void prepare(ServiceContext& ctx, const model::State& state, model::Network& network) const override;

  void setup(ServiceContext& ctx, const model::Network& network, Transaction& tx) const override;
  void teardown(ServiceContext& ctx, const model::State& state, const model::Network& network,
                TeardownBatch* batch) const override;
  bool restore(ServiceContext& ctx, const model::Network& network, Restore mode, Transaction& tx,
               std::vector<model::Rule>& rules) const override;
  std::vector<KernelFinding> check(ServiceContext& ctx, const model::Network& network) const override;

  kernel::EndpointLink endpoint_link(const model::Network& network, const model::Endpoint& endpoint,
                                     const model::Container& container, Routes routes) const override;
  Routes forced_gateway(const model::Network& network, const kernel::EndpointLink& link) const override;

 protected:
  explicit SublinkDriver(model::SublinkOptions options) : o_(std::move(options)) {}
  /// The option values the driver accepts, Docker's text for the first it does not.
  virtual void check_options() const = 0;
  /// Docker's refusal of a parent that `other` (a network of the same driver) already uses.
  virtual void refuse_shared_parent(const model::Network& other, const std::string& parent) const = 0;
  /// The kernel's kind of sub-interface.
  virtual kernel::EndpointKind link_kind() const = 0;

  /// The default routes an endpoint can give: none on an internal network or one without parent.
  Routes usable_routes(const model::Network& network, Routes routes) const;

  model::SublinkOptions o_;

 private:
  void make_parent_link(ServiceContext& ctx, const model::Network& network, Transaction& tx) const;
};

}  // namespace docknet::service
