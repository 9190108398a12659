#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lib/model/network.hpp"

namespace docknet::model {

/// The IPAM flags of `create`, as typed (docker CLI ipamOptions).
struct IpamFlags {
  std::vector<std::string> subnets;
  std::vector<IpPrefix> ip_ranges;
  std::vector<IpAddress> gateways;
  std::vector<std::pair<std::string, std::string>> aux_addresses;  // name=address, in flag order
};

/// What `docker network create` sends the daemon.
struct CreateRequest {
  std::string name;
  std::string driver = "bridge";
  std::string scope;
  std::string ipam_driver = "default";
  std::string config_from;
  StringMap options;
  StringMap labels;
  StringMap ipam_options;
  std::vector<IpamConfig> ipam_config;
  bool internal = false;
  bool attachable = false;
  bool ingress = false;
  bool config_only = false;
  std::optional<bool> enable_ipv4;
  std::optional<bool> enable_ipv6;
};

/// The docker CLI's createIPAMConfig: groups ranges, gateways and aux addresses under the
/// subnet that contains them. Throws client-side errors (no daemon prefix).
std::vector<IpamConfig> group_ipam_flags(const IpamFlags& flags);

/// opts.ValidateLabel: returns an error text, or empty when the label is valid.
std::string validate_label(const std::string& label);

}  // namespace docknet::model
