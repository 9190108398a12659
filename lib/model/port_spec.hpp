#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/core/ip.hpp"

// Docker's port publishing syntax, as `docker run --publish` and `docker port` read it
// (docker/cli v29.7.2: cli/command/container/opts.go, port.go; the parser they call is
// go-connections v0.8.0 nat.ParsePortSpec, and moby api v1.55.0 network.ParsePort).
namespace docknet::model {

/// One container port to publish, as one `-p` value asks for it.
struct PortRequest {
  int protocol = 6;  // 6 tcp, 17 udp, 132 sctp
  uint16_t container_port = 0;
  std::optional<IpAddress> host_ip;  // nullopt: no address given (Docker binds every address)
  /// (0, 0): an ephemeral port; equal: exactly that port; else any free port of the range.
  /// A host range only appears with a single container port: pairs are split into requests.
  uint16_t host_port = 0;
  uint16_t host_port_end = 0;
  friend bool operator==(const PortRequest&, const PortRequest&) = default;
};

/// One `--publish` value: `[HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTO]` (an IPv6
/// HOST_IP in brackets or bare) or the long form `published=P,target=T[,protocol=PROTO]`.
/// A container range gives one request per port, paired with the host range of the same
/// length if there is one. Throws Error (ErrorKind::Client) with Docker's text.
std::vector<PortRequest> parse_publish(std::string_view spec);
/// Every `--publish` of one command line, as the CLI takes them: all long forms converted first,
/// then each value parsed in order (so the first error reported is the CLI's).
std::vector<PortRequest> parse_publish_list(const std::vector<std::string>& specs);

/// The daemon's own check of what the CLI sent (moby daemon/container.go validatePortBindings):
/// container port 0 is refused. Throws Error (ErrorKind::InvalidParameter) with Docker's text.
void check_port_requests(const std::vector<PortRequest>& requests);

/// `docker port`'s PRIVATE_PORT[/PROTO]: the protocol is lowercased and defaults to "tcp", but
/// is not checked (Docker looks "80/foo" up and finds nothing).
struct ParsedPort {
  uint16_t port = 0;
  std::string proto;
  friend bool operator==(const ParsedPort&, const ParsedPort&) = default;
};

/// Throws Error (ErrorKind::Client) with Docker 29's text.
ParsedPort parse_port_arg(std::string_view arg);

/// "tcp", "udp" or "sctp" for 6, 17 or 132; the number in decimal for anything else.
std::string proto_name(int protocol);
/// 6, 17 or 132 for "tcp", "udp" or "sctp" (exactly); nullopt for anything else.
std::optional<int> protocol_of(std::string_view name);


}  // namespace docknet::model
