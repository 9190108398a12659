#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace docknet::model {

struct Network;

/// The network drivers docknet knows. A network's `driver` stays the string Docker shows and
/// the store keeps; this is what the code branches on (lib/service/drivers/ implements each).
enum class DriverKind { Bridge, Macvlan, Ipvlan, Null, Host, Overlay };

/// The name Docker shows for a kind ("bridge", "macvlan", "ipvlan", "null", "host", "overlay").
const char* driver_name(DriverKind kind);

/// The kind a driver name gives; nullopt for a name docknet has no driver for (a plugin).
std::optional<DriverKind> parse_driver_kind(std::string_view name);

/// A stored network's kind: a configuration-only network is `null` whatever -d said (Docker's
/// type for it), and a name docknet does not know (a hand-edited store) is nullopt.
std::optional<DriverKind> driver_kind(const Network& network);

}  // namespace docknet::model
