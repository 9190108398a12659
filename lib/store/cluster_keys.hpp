#pragma once
#include <string>

namespace docknet::store::cluster {

// Where overlay networks live in the cluster store. One key per network, per endpoint and per
// address handed out, so that two hosts connecting different containers to one network touch
// different keys and never conflict; an address key is what makes an address unique across
// hosts (a transaction creates it only if it does not exist).
inline const std::string kRoot = "/docknet/v1/";
inline const std::string kNetworks = kRoot + "networks/";
inline const std::string kEndpoints = kRoot + "endpoints/";
inline const std::string kAddresses = kRoot + "addresses/";
inline const std::string kHosts = kRoot + "hosts/";

inline std::string network_key(const std::string& id) { return kNetworks + id; }
inline std::string endpoints_of(const std::string& network_id) { return kEndpoints + network_id + "/"; }
inline std::string endpoint_key(const std::string& network_id, const std::string& container_id) {
  return endpoints_of(network_id) + container_id;
}
inline std::string addresses_of(const std::string& network_id) { return kAddresses + network_id + "/"; }
inline std::string address_key(const std::string& network_id, const std::string& ip) {
  return addresses_of(network_id) + ip;
}
inline std::string host_key(const std::string& name) { return kHosts + name; }

}  // namespace docknet::store::cluster
