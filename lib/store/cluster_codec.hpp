#pragma once
#include <string>

#include "lib/model/network.hpp"

namespace docknet::store::cluster {

/// An overlay network's record (its endpoints left out: each has its own key), in the state
/// file's own YAML layout and schema, so it is read as strictly as networks.yaml.
std::string encode_network(const model::Network& network);
/// Throws "corrupt cluster store record KEY: ..." unless `text` holds exactly one overlay
/// network whose ID is the key's.
model::Network decode_network(const std::string& key, const std::string& text);

/// One endpoint of an overlay network, with the host it lives on.
std::string encode_endpoint(const std::string& network_id, const model::Endpoint& endpoint);
/// Throws unless `text` holds exactly the endpoint of `container_id` on `network_id`, with a host.
model::Endpoint decode_endpoint(const std::string& key, const std::string& network_id, const std::string& container_id,
                                const std::string& text);

/// Whether a network lives in the cluster store rather than in this host's state file.
bool in_cluster(const model::Network& network);

}  // namespace docknet::store::cluster
