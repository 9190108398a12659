#include "lib/store/cluster_codec.hpp"

#include <fmt/format.h>

#include "lib/core/error.hpp"
#include "lib/model/driver_kind.hpp"
#include "lib/store/cluster_keys.hpp"
#include "lib/store/state_format.hpp"
#include "lib/store/yaml_codec.hpp"

namespace docknet::store::cluster {
namespace {

[[noreturn]] void corrupt_record(const std::string& key, const std::string& why) {
  throw Error(ErrorKind::System,
              fmt::format("corrupt cluster store record {}: {} (fix or delete it with etcdctl)", key, why));
}

// docknet's IDs: 64 lowercase hex digits. Anything else in a key would end up in a path.
bool is_id(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

model::State decode(const std::string& key, const std::string& text) {
  try {
    return decode_state(text, key);
  } catch (const Error& e) {
    corrupt_record(key, e.what());
  }
}

}  // namespace

bool in_cluster(const model::Network& network) {
  return !network.config_only && model::driver_kind(network) == model::DriverKind::Overlay;
}

std::string encode_network(const model::Network& network) {
  model::State s;
  s.networks.push_back(network);
  s.networks.back().containers.clear();
  s.networks.back().remote_endpoints.clear();
  s.networks.back().peers.clear();
  return emit_state(s);
}

model::Network decode_network(const std::string& key, const std::string& text) {
  model::State s = decode(key, text);
  if (s.networks.size() != 1 || !s.containers.empty()) corrupt_record(key, "not one network");
  model::Network& n = s.networks.front();
  if (!is_id(n.id) || key != network_key(n.id)) corrupt_record(key, "the network's ID is not the key's");
  if (!in_cluster(n)) corrupt_record(key, "not an overlay network");
  if (!n.containers.empty()) corrupt_record(key, "endpoints inside the network record");
  return std::move(n);
}

std::string encode_endpoint(const std::string& network_id, const model::Endpoint& endpoint) {
  model::State s;
  model::Network n;
  n.id = network_id;
  n.driver = model::driver_name(model::DriverKind::Overlay);
  n.containers[endpoint.container_id] = endpoint;
  s.networks.push_back(std::move(n));
  return emit_state(s);
}

model::Endpoint decode_endpoint(const std::string& key, const std::string& network_id, const std::string& container_id,
                                const std::string& text) {
  model::State s = decode(key, text);
  if (s.networks.size() != 1 || s.networks.front().id != network_id || s.networks.front().containers.size() != 1)
    corrupt_record(key, "not one endpoint of the network");
  auto& [cid, e] = *s.networks.front().containers.begin();
  if (cid != container_id || !is_id(cid)) corrupt_record(key, "the container ID is not the key's");
  if (e.host.empty()) corrupt_record(key, "no host");
  return e;
}

}  // namespace docknet::store::cluster
