#include <fmt/format.h>

#include "lib/model/messages.hpp"

// The texts of port publishing: the docker CLI's, client-side before any request (docker/cli
// v29.7.2 with go-connections v0.8.0 and moby api v1.55.0), and the one daemon check after them
// (moby docker-v29.7.2); docker-compat.md §b.4.
// `docker run` prints them as "docker: TEXT\n\nRun 'docker run --help' for more information"
// and exits 125; `docker port` prints the bare text and exits 1.
namespace docknet::model::msg {

namespace {

Error client(const std::string& text) { return Error(ErrorKind::Client, text); }

}  // namespace

// docker run --publish ---------------------------------------------------------------------------

// cli/command/container/opts.go convertToStandardNotation.
Error invalid_publish_opts(const std::string& pair) {
  return client(fmt::format("invalid publish opts format (should be name=value but got '{}')", pair));
}

// go-connections nat/nat.go ParsePortSpec, in the order it checks.
Error no_port_specified(const std::string& spec) { return client(fmt::format("no port specified: {}<empty>", spec)); }

Error invalid_proto(const std::string& proto) { return client("invalid proto: " + proto); }

Error invalid_bracketed_ip(const std::string& ip, const std::string& why) {
  return client(fmt::format("invalid IP address {}: {}", ip, why));
}

Error invalid_host_ip(const std::string& ip) { return client("invalid IP address: " + ip); }

// The range parser's own reason is dropped: Docker prints only the part it could not read.
Error invalid_container_port(const std::string& ports) { return client("invalid containerPort: " + ports); }

Error invalid_host_port(const std::string& ports) { return client("invalid hostPort: " + ports); }

Error mismatched_port_ranges(const std::string& container_ports, const std::string& host_ports) {
  return client(fmt::format("invalid ranges specified for container and host Ports: {} and {}", container_ports,
                            host_ports));
}

// moby daemon/container.go validatePortBindings, at container create: Go's %q of "PORT/PROTO".
Error invalid_port_specification(const std::string& port) {
  return Error(ErrorKind::InvalidParameter, fmt::format("invalid port specification: \"{}\"", port));
}

// docker port ------------------------------------------------------------------------------------

// moby api types/network/port.go ParsePort.
Error empty_port_arg() { return client("invalid port: value is empty"); }

Error invalid_port_arg(const std::string& port, const std::string& why) {
  return client(fmt::format("invalid port '{}': {}", port, why));
}

// cli/command/container/port.go runPort (28.5.2 said "Error: No public port ...").
Error no_public_port(const std::string& arg, const std::string& container) {
  return client(fmt::format("no public port '{}' published for {}", arg, container));
}

}  // namespace docknet::model::msg
