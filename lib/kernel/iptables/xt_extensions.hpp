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
/// The x_tables target of a MASQUERADE or SNAT rule; nullopt for a verdict or a jump.
std::optional<XtExtension> xt_nat_target(const model::Rule& rule);

/// The Match a match extension stands for; nullopt when docknet never writes it.
std::optional<model::Match> match_of(const std::string& name, int revision, const unsigned char* info, size_t len);
/// Reads a MASQUERADE or SNAT target into `rule` (target, snat_to); false when it is not one
/// docknet writes.
bool read_nat_target(const std::string& name, int revision, const unsigned char* info, size_t len, model::Rule& rule);

}  // namespace docknet::kernel
