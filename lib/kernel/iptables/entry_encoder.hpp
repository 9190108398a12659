#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lib/model/firewall_rules.hpp"

namespace docknet::kernel {

/// A Rule as the aligned ipt_entry (IPv4) or ip6t_entry (IPv6) bytes libiptc/libip6tc take: header, matches and target encoded
/// from the kernel's UAPI structs (a static binary cannot dlopen iptables extensions).
std::vector<unsigned char> encode_entry(const model::Rule& rule);

/// The Rule an ipt_entry (IPv4) or ip6t_entry (IPv6) of `chain` stands for, `target_name` being
/// what iptc_get_target says; nullopt for an entry docknet would never write (other matches,
/// targets or flags).
std::optional<model::Rule> decode_entry(model::Family family, model::Table table, const std::string& chain,
                                        const void* entry, const char* target_name);

}  // namespace docknet::kernel
