#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lib/core/ip.hpp"
#include "lib/model/network.hpp"

namespace docknet::model {

enum class Table { Filter, Nat, Raw };
enum class Position { Append, InsertTop };
enum class Match { None, ConntrackRelatedEstablished, AddrtypeDstLocal };

/// One iptables rule, typed (never a string of arguments).
struct Rule {
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
  int protocol = 0;  // 0 = any; 1 = icmp
  Match match = Match::None;
  std::string target;  // ACCEPT, DROP, RETURN, MASQUERADE, SNAT or a chain name
  std::optional<IpAddress> snat_to;
  Position position = Position::Append;

  /// Same rule regardless of where it is placed.
  bool same_as(const Rule& o) const;
};

struct ChainRef {
  Table table;
  std::string name;
  friend bool operator==(const ChainRef&, const ChainRef&) = default;
};

/// Chains to create if missing, then rules to add if missing, in order.
struct RuleSet {
  std::vector<ChainRef> chains;
  std::vector<Rule> rules;
};

/// Docker 29's top-level layout: DOCKER-USER/DOCKER-FORWARD and their sub-chains, the nat DOCKER
/// chain and its jumps. Installed once, shared by all networks, never removed.
RuleSet base_rules();

/// The per-network rules of Docker 29's iptabler for a bridge network; the single source used
/// both to install (create, restore) and to remove (rm, prune, rollback).
std::vector<Rule> network_rules(const Network& network);

/// Per-container rules: Docker 28+ drops packets for a container's address that arrive other
/// than through its bridge (raw PREROUTING), on nat-mode networks.
std::vector<Rule> endpoint_rules(const Network& network, const Endpoint& endpoint);

/// The rule as `iptables-save` prints it, e.g. "-A DOCKER-CT -o br-x -m conntrack ... -j ACCEPT".
std::string render_rule(const Rule& rule);
const char* table_name(Table table);

}  // namespace docknet::model
