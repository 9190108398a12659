#include <fmt/format.h>

#include "lib/model/messages.hpp"

// The texts of the kernel and store layers' facts (KernelError's fault): those layers say what
// happened, the services put it in words here, Docker's where Docker has one.
namespace docknet::model::msg {
namespace {

using K = ErrorKind;

Error kernel_text(const KernelError& e) {
  switch (e.fault()) {
    case KernelFault::Failed:
      break;
    case KernelFault::Denied:
      return permission_denied(e.op() + " " + e.object());
    case KernelFault::Unsupported:
      return Error(K::System, fmt::format("failed to {} {}: this kernel has no {}", e.op(), e.object(), e.detail()));
    case KernelFault::NoNfTables:
      return Error(K::System, "this kernel has no nf_tables (" + e.detail() +
                                  "): set firewall-backend: iptables-legacy, or none, in /etc/docknet/config.yaml");
    // Docker returns the raw netlink error for a dummy link the kernel cannot make
    // (moby@docker-v29.7.2:daemon/libnetwork/drivers/macvlan/macvlan_setup.go:169-171).
    case KernelFault::BareErrno:
      return Error(K::System, go_errno_text(e.code()));
    case KernelFault::NoParent:
      return Error(K::System, "the requested parent interface " + e.object() + " was not found on the Docker host");
    // osl/interface_linux.go: the addresses as Go prints a slice, the errno in Go's words.
    case KernelFault::LinkLocal:
      return Error(K::System, fmt::format("failed to add interface {0} to sandbox: error setting interface \"{0}\" "
                                          "link local IPs to [{1}]: {2}",
                                          e.object(), e.detail(), go_errno_text(e.code())));
    case KernelFault::NotSysctl:
      return Error(K::System, e.object() + " is not a sysctl file");
    // docknet's own: a file under /etc/netns it will not write through.
    case KernelFault::UnsafePath:
      return Error(K::Forbidden, "refusing to use " + e.object() + ": " + e.detail());
  }
  return Error(e.kind(), e.what());
}

}  // namespace

// Docker's text, with Go's errno wording (moby@docker-v29.7.2:daemon/libnetwork/drivers/bridge/
// setup_ipv4_linux.go:51, interface_linux.go:142).
Error bridge_address_failed(const IpPrefix& address, int code) {
  return Error(K::System, fmt::format("failed to add IPv{} address {} to bridge: {}", address.is_v4() ? 4 : 6,
                                      address.to_string(), go_errno_text(code)));
}

Error in_docker_words(const Error& e) {
  if (const auto* k = dynamic_cast<const KernelError*>(&e)) return kernel_text(*k);
  return e;
}

std::string docker_text(const std::exception& e) {
  if (const auto* k = dynamic_cast<const KernelError*>(&e)) return kernel_text(*k).what();
  return e.what();
}

}  // namespace docknet::model::msg
