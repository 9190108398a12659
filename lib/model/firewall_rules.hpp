#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lib/core/ip.hpp"
#include "lib/model/bridge_options.hpp"
#include "lib/model/network.hpp"

namespace docknet::model {

enum class Table { Filter, Nat, Raw };
/// iptables (IPv4) or ip6tables (IPv6): the same layout is kept in both.
enum class Family { Ipv4, Ipv6 };
enum class Position { Append, InsertTop };
enum class Match { None, ConntrackRelatedEstablished, AddrtypeDstLocal, AddrtypeSrcLocal };

/// One iptables rule, typed (never a string of arguments).
struct Rule {
  Family family = Family::Ipv4;
  Table table = Table::Filter;
  std::string chain;
  std::string in_iface;
  bool in_negated = false;
  std::string out_iface;
  bool out_negated = false;
  std::optional<IpPrefix> src;
  bool src_negated = false;
  std::optional<IpPrefix> dst;
  bool dst_negated = false;
  int protocol = 0;  // 0 = any; 1 = icmp; 58 = ipv6-icmp; 6 = tcp, 17 = udp, 132 = sctp
  /// `-m tcp|udp|sctp --dport N` (only with protocol 6, 17 or 132): a published port.
  std::optional<uint16_t> dport;
  Match match = Match::None;
  std::string target;  // ACCEPT, DROP, RETURN, MASQUERADE, SNAT, DNAT or a chain name
  std::optional<IpAddress> snat_to;
  /// DNAT `--to-destination ADDR:PORT` (IPv6 printed as [ADDR]:PORT).
  std::optional<IpAddress> dnat_to;
  uint16_t dnat_port = 0;
  Position position = Position::Append;

  /// Same rule regardless of where it is placed.
  bool same_as(const Rule& o) const;
};

struct ChainRef {
  Table table;
  std::string name;
  Family family = Family::Ipv4;
  friend bool operator==(const ChainRef&, const ChainRef&) = default;
};

/// Chains to create if missing, then rules to add if missing, in order.
struct RuleSet {
  std::vector<ChainRef> chains;
  std::vector<Rule> rules;
};

/// Docker 29's top-level layout for one family: DOCKER-USER/DOCKER-FORWARD and their sub-chains,
/// the nat DOCKER chain and its jumps. Installed once, shared by all networks, never removed.
RuleSet base_rules(Family family = Family::Ipv4);

/// Base rules of earlier docknet versions that the current layout replaces, to delete where
/// found: the nat OUTPUT jump with `! -d 127.0.0.0/8` (`! -d ::1/128`), Docker's layout with the
/// userland proxy on, from before docknet published ports.
std::vector<Rule> obsolete_base_rules(Family family);

/// The families a bridge network has rules in (IPv4 and/or IPv6), for installing their base layout.
std::vector<Family> bridge_families(const Network& network, const BridgeOptions& options);

/// The per-network rules of Docker 29's iptabler for a bridge network with its parsed -o options;
/// the single source used both to install (create, restore) and to remove (rm, prune, rollback),
/// through the bridge driver (NetworkDriver::rules).
std::vector<Rule> bridge_network_rules(const Network& network, const BridgeOptions& options);

/// Per-container rules: Docker 28+ drops packets for a container's addresses that arrive other
/// than through its bridge (raw PREROUTING), for each family in nat mode.
std::vector<Rule> bridge_endpoint_rules(const Network& network, const BridgeOptions& options, const Endpoint& endpoint);

/// The rules of an endpoint's published ports (Endpoint::ports), appended to `out`: DNAT,
/// hairpin MASQUERADE, the filter ACCEPT and the loopback DROP (port_rules.cpp).
void append_port_rules(std::vector<Rule>& out, const Network& network, const BridgeOptions& options,
                       const Endpoint& endpoint);

/// The rule as `iptables-save` (or `ip6tables-save`) prints it, e.g.
/// "-A DOCKER-CT -o br-x -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT".
std::string render_rule(const Rule& rule);
const char* table_name(Table table);
/// "tcp", "udp" or "sctp" for protocol 6, 17 or 132; nullptr for any other.
const char* l4_name(int protocol);

}  // namespace docknet::model
