#include "lib/model/overlay.hpp"

#include "lib/core/strings.hpp"

namespace docknet::model {

std::optional<uint32_t> vni_of(const Network& network) {
  auto it = network.options.find(kOptVxlanIdList);
  if (it == network.options.end()) return std::nullopt;
  auto v = parse_int(it->second.substr(0, it->second.find(',')));
  if (!v || *v < 1 || *v > kMaxVni) return std::nullopt;
  return static_cast<uint32_t>(*v);
}

std::string sandbox_path(const Network& network) {
  return std::string(kSandboxDir) + "/1-" + network.id.substr(0, 10);
}

}  // namespace docknet::model
