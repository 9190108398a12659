#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lib/model/firewall_rules.hpp"

namespace docknet::kernel {

/// An x_tables match or target as both backends carry it: libiptc inside an ipt_entry, and
/// iptables-nft inside an nf_tables `match`/`target` expression (the same struct bytes).
struct XtExtension {
  std::string name;
  uint8_t revision = 0;
  std::vector<unsigned char> info;  // the kernel's UAPI struct, padded to XT_ALIGN
};

/// The match docknet writes for `match` (conntrack rev 3, addrtype rev 1); nullopt for None.
std::optional<XtExtension> xt_match(model::Match match);
/// `-m tcp|udp|sctp --dport N` as iptables 1.8.9 fills it (tcp, udp and sctp rev 0); nullopt for a
/// rule without a dport or another protocol. iptables-nft writes tcp and udp natively instead.
std::optional<XtExtension> xt_port_match(const model::Rule& rule);
/// The x_tables target of a MASQUERADE, SNAT or DNAT rule; nullopt for a verdict or a jump.
std::optional<XtExtension> xt_nat_target(const model::Rule& rule);

/// The Match a match extension stands for; nullopt when docknet never writes it.
std::optional<model::Match> match_of(const std::string& name, int revision, const unsigned char* info, size_t len);
/// Reads a tcp, udp or sctp match into `rule.dport`; false unless it is exactly the one
/// xt_port_match writes for `rule.protocol` (no source port, range, flags or inversion).
bool read_port_match(const std::string& name, int revision, const unsigned char* info, size_t len, model::Rule& rule);
/// Reads a MASQUERADE, SNAT or DNAT target into `rule` (target, snat_to, dnat_to, dnat_port);
/// false when it is not one docknet writes.
bool read_nat_target(const std::string& name, int revision, const unsigned char* info, size_t len, model::Rule& rule);

}  // namespace docknet::kernel
