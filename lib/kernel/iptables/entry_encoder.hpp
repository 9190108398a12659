#pragma once
#include <vector>

#include "lib/model/firewall_rules.hpp"

namespace docknet::kernel {

/// A Rule as the aligned ipt_entry (IPv4) or ip6t_entry (IPv6) bytes libiptc/libip6tc take: header, matches and target encoded
/// from the kernel's UAPI structs (a static binary cannot dlopen iptables extensions).
std::vector<unsigned char> encode_entry(const model::Rule& rule);

}  // namespace docknet::kernel
