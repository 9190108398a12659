#pragma once
#include <vector>

#include "lib/model/firewall_rules.hpp"

namespace docknet::kernel {

/// A Rule as the aligned ipt_entry bytes libiptc takes: header, matches and target encoded
/// from the kernel's UAPI structs (a static binary cannot dlopen iptables extensions).
std::vector<unsigned char> encode_entry(const model::Rule& rule);

}  // namespace docknet::kernel
