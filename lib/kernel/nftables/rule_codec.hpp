#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "lib/kernel/nftables/nl_attrs.hpp"
#include "lib/model/firewall_rules.hpp"

namespace docknet::kernel::nft {

/// NFPROTO_IPV4 or NFPROTO_IPV6: the nf_tables family iptables-nft and ip6tables-nft use.
uint8_t nf_family(model::Family family);

/// Writes a rule's NFTA_RULE_EXPRESSIONS and NFTA_RULE_COMPAT exactly as iptables-nft 1.8.9
/// encodes the same iptables rule: interface, protocol and address matches as native meta,
/// payload, bitwise and cmp expressions (addresses loaded only as far as the prefix is
/// byte-aligned), a tcp/udp --dport as a native transport header load, sctp --dport, conntrack
/// and addrtype as compat `match` expressions, a counter, then an immediate verdict or a compat
/// MASQUERADE/SNAT/DNAT `target`. `iptables-nft -L/-S/-save` then reads
/// docknet's rules like its own, and `nft --debug=netlink list ruleset` shows the same.
void write_rule_body(AttrWriter& w, const model::Rule& rule);

/// The Rule an nf_tables rule's NFTA_RULE_EXPRESSIONS stand for; nullopt for one docknet would
/// never write (other expressions, wildcard interfaces, other matches or targets).
std::optional<model::Rule> read_rule_body(model::Family family, model::Table table, const std::string& chain,
                                          const Attr& expressions);

}  // namespace docknet::kernel::nft
