#include "lib/model/naming.hpp"

#include "lib/model/bridge_options.hpp"

namespace docknet::model {

std::string bridge_name(const Network& network) {
  auto it = network.options.find(kOptBridgeName);
  if (it != network.options.end() && !it->second.empty()) return it->second;
  return "br-" + network.id.substr(0, 12);
}

}  // namespace docknet::model
