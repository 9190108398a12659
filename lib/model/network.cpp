#include "lib/model/network.hpp"

namespace docknet::model {

bool is_predefined_name(const std::string& name) {
  return name == "bridge" || name == "host" || name == "none" || name == "default";
}

bool Network::is_predefined() const { return is_predefined_name(name); }

}  // namespace docknet::model
