#include "lib/model/driver_kind.hpp"

#include <array>
#include <utility>

#include "lib/model/network.hpp"

namespace docknet::model {
namespace {

constexpr std::array<std::pair<DriverKind, const char*>, 6> kNames{{{DriverKind::Bridge, "bridge"},
                                                                    {DriverKind::Macvlan, "macvlan"},
                                                                    {DriverKind::Ipvlan, "ipvlan"},
                                                                    {DriverKind::Null, "null"},
                                                                    {DriverKind::Host, "host"},
                                                                    {DriverKind::Overlay, "overlay"}}};

}  // namespace

const char* driver_name(DriverKind kind) {
  for (const auto& [k, name] : kNames)
    if (k == kind) return name;
  return "";
}

std::optional<DriverKind> parse_driver_kind(std::string_view name) {
  for (const auto& [kind, n] : kNames)
    if (name == n) return kind;
  return std::nullopt;
}

std::optional<DriverKind> driver_kind(const Network& network) {
  if (network.config_only) return DriverKind::Null;
  return parse_driver_kind(network.driver);
}

}  // namespace docknet::model
