#include "lib/kernel/nftables/nft_firewall.hpp"

#include <netinet/in.h>
// After glibc's netinet/in.h, so the kernel headers skip their own copies of its types.
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include <map>
#include <set>

#include "lib/core/error.hpp"
#include "lib/kernel/nftables/nfnl_socket.hpp"
#include "lib/kernel/nftables/rule_codec.hpp"

namespace docknet::kernel {
namespace {

using model::Family;
using model::Rule;
using model::Table;
using nft::AttrWriter;

/// The built-in chains as iptables-nft creates them (iptables 1.8.9 nft.c, xtables_ipv4).
struct BaseChain {
  Table table;
  const char* name;
  uint32_t hook;
  int32_t priority;
  const char* type;
};
constexpr BaseChain kBaseChains[] = {
    {Table::Filter, "INPUT", NF_INET_LOCAL_IN, 0, "filter"},
    {Table::Filter, "FORWARD", NF_INET_FORWARD, 0, "filter"},
    {Table::Filter, "OUTPUT", NF_INET_LOCAL_OUT, 0, "filter"},
    {Table::Nat, "PREROUTING", NF_INET_PRE_ROUTING, -100, "nat"},
    {Table::Nat, "INPUT", NF_INET_LOCAL_IN, 100, "nat"},
    {Table::Nat, "OUTPUT", NF_INET_LOCAL_OUT, -100, "nat"},
    {Table::Nat, "POSTROUTING", NF_INET_POST_ROUTING, 100, "nat"},
    {Table::Raw, "PREROUTING", NF_INET_PRE_ROUTING, -300, "filter"},
    {Table::Raw, "OUTPUT", NF_INET_LOCAL_OUT, -300, "filter"},
};

const BaseChain* base_chain(Table t, const std::string& name) {
  for (const auto& c : kBaseChains)
    if (c.table == t && name == c.name) return &c;
  return nullptr;
}

struct ChainInfo {
  bool base = false;
  uint32_t policy = NF_ACCEPT;
  uint32_t use = 0;  // rules in it plus jumps to it
};

struct RuleInfo {
  uint64_t handle;
  std::optional<Rule> rule;
};

const char* family_tool(Family f) { return f == Family::Ipv6 ? "ip6tables" : "iptables"; }

/// Says "no nf_tables here" (the failed call's text kept as the detail) or "not root" as such:
/// the services turn the first into advice, the second into docknet's permission text.
[[noreturn]] void rethrow_unavailable(const KernelError& e) {
  if (e.code() == EOPNOTSUPP || e.code() == EPROTONOSUPPORT || e.code() == EAFNOSUPPORT)
    throw KernelError(KernelFault::NoNfTables, "use", "nf_tables", e.code(), e.what());
  if (e.code() == EPERM || e.code() == EACCES)
    throw KernelError(KernelFault::Denied, "change", "the nf_tables ruleset", e.code(), e.detail());
  throw e;
}

using TableChains = std::map<std::string, ChainInfo>;

/// The chains of a call, by family and table: one GETCHAIN dump answers for all the tables of a
/// family, so it is read at most once per family and call.
class ChainReader {
 public:
  explicit ChainReader(nft::Socket& s) : socket_(s) {}
  TableChains& of(Family f, Table t) {
    auto it = families_.find(f);
    if (it == families_.end()) it = families_.emplace(f, read(f)).first;
    return it->second[model::table_name(t)];
  }

 private:
  std::map<std::string, TableChains> read(Family f) {
    std::map<std::string, TableChains> out;
    int err = socket_.dump(NFT_MSG_GETCHAIN, nft::nf_family(f), nullptr, [&](const unsigned char* p, size_t n) {
      nft::AttrTable<NFTA_CHAIN_MAX> a(p, n);
      ChainInfo c;
      c.base = static_cast<bool>(a[NFTA_CHAIN_HOOK]);
      if (a[NFTA_CHAIN_POLICY]) c.policy = a[NFTA_CHAIN_POLICY].u32();
      c.use = a[NFTA_CHAIN_USE].u32();
      out[a[NFTA_CHAIN_TABLE].str()][a[NFTA_CHAIN_NAME].str()] = c;
    });
    if (err) rethrow_unavailable(KernelError("list the chains of", family_tool(f), err));
    return out;
  }
  nft::Socket& socket_;
  std::map<Family, std::map<std::string, TableChains>> families_;
};

/// One table in this call: its chains (what this call's batch adds included) and rules.
class TableView {
 public:
  TableView(nft::Socket& s, ChainReader& chains, Family f, Table t)
      : socket_(s), family_(f), table_(t), chains_(chains.of(f, t)) {}
  const TableChains& chains() const { return chains_; }
  const char* table() const { return model::table_name(table_); }
  uint8_t family() const { return nft::nf_family(family_); }

  /// Adds the table (when it has no chain yet) and the chain to the batch unless they exist.
  void ensure_chain(nft::Batch& b, const std::string& name) {
    if (chains_.count(name)) return;
    ensure_table(b);
    const BaseChain* base = base_chain(table_, name);
    b.add(NFT_MSG_NEWCHAIN, NLM_F_CREATE, family(), std::string("create chain ") + name, [&](AttrWriter& w) {
      w.str(NFTA_CHAIN_TABLE, table());
      w.str(NFTA_CHAIN_NAME, name);
      // No policy: a new base chain accepts by default, and should another tool have made the
      // chain since it was read, its policy is left as that tool set it.
      if (base) write_hook(w, *base, std::nullopt);
    });
    chains_[name] = ChainInfo{base != nullptr, NF_ACCEPT, 0};
  }
  void ensure_table(nft::Batch& b) {
    if (!chains_.empty() || table_added_) return;
    b.add(NFT_MSG_NEWTABLE, NLM_F_CREATE, family(), std::string("create table ") + table(),
          [&](AttrWriter& w) { w.str(NFTA_TABLE_NAME, table()); });
    table_added_ = true;
  }
  static void write_hook(AttrWriter& w, const BaseChain& base, std::optional<uint32_t> policy) {
    w.nest(NFTA_CHAIN_HOOK, [&] {
      w.u32(NFTA_HOOK_HOOKNUM, base.hook);
      w.u32(NFTA_HOOK_PRIORITY, static_cast<uint32_t>(base.priority));
    });
    if (policy) w.u32(NFTA_CHAIN_POLICY, *policy);
    w.str(NFTA_CHAIN_TYPE, base.type);
  }
  /// The rules of a chain (read on first use), docknet's decoded, others as nullopt.
  std::vector<RuleInfo>& rules(const std::string& chain) {
    auto it = rules_.find(chain);
    if (it != rules_.end()) return it->second;
    auto& out = rules_[chain];
    if (!chains_.count(chain)) return out;
    int err = socket_.dump(
        NFT_MSG_GETRULE, family(),
        [&](AttrWriter& w) {
          w.str(NFTA_RULE_TABLE, table());
          w.str(NFTA_RULE_CHAIN, chain);
        },
        [&](const unsigned char* p, size_t n) {
          nft::AttrTable<NFTA_RULE_MAX> a(p, n);
          // Kernels that ignore the filter send every rule of the family.
          if (a[NFTA_RULE_TABLE].str() != table() || a[NFTA_RULE_CHAIN].str() != chain) return;
          // docknet writes no user data: a rule with a comment is someone else's.
          std::optional<Rule> rule;
          if (!a[NFTA_RULE_USERDATA]) rule = nft::read_rule_body(family_, table_, chain, a[NFTA_RULE_EXPRESSIONS]);
          out.push_back({a[NFTA_RULE_HANDLE].u64(), std::move(rule)});
        });
    if (err && err != ENOENT) rethrow_unavailable(KernelError("list the rules of", chain, err));
    return out;
  }

 private:
  nft::Socket& socket_;
  Family family_;
  Table table_;
  TableChains& chains_;
  std::map<std::string, std::vector<RuleInfo>> rules_;
  bool table_added_ = false;
};

template <class Items>
bool touches(const Items& items, Family family, Table table) {
  for (const auto& i : items)
    if (i.family == family && i.table == table) return true;
  return false;
}

constexpr Family kFamilies[] = {Family::Ipv4, Family::Ipv6};
constexpr Table kTables[] = {Table::Filter, Table::Nat, Table::Raw};

void commit(nft::Socket& s, nft::Batch& b) {
  try {
    s.commit(b);
  } catch (const KernelError& e) {
    rethrow_unavailable(e);
  }
}

}  // namespace

NftFirewall::NftFirewall() = default;
NftFirewall::~NftFirewall() = default;

nft::Socket& NftFirewall::socket() {
  if (!socket_) socket_ = std::make_unique<nft::Socket>();
  return *socket_;
}

void NftFirewall::install(const model::RuleSet& set) {
  nft::Socket& s = socket();
  ChainReader chains(s);
  nft::Batch b;
  for (Family f : kFamilies)
    for (Table t : kTables) {
      if (!touches(set.chains, f, t) && !touches(set.rules, f, t)) continue;
      TableView view(s, chains, f, t);
      for (const auto& c : set.chains)
        if (c.family == f && c.table == t) view.ensure_chain(b, c.name);
      for (const auto& r : set.rules) {
        if (r.family != f || r.table != t) continue;
        auto& existing = view.rules(r.chain);
        bool present = false;
        for (const auto& e : existing) present = present || (e.rule && e.rule->same_as(r));
        if (present) continue;
        view.ensure_chain(b, r.chain);
        uint16_t flags = NLM_F_CREATE | (r.position == model::Position::Append ? NLM_F_APPEND : 0);
        b.add(NFT_MSG_NEWRULE, flags, view.family(), "add rule \"" + model::render_rule(r) + "\"", [&](AttrWriter& w) {
          w.str(NFTA_RULE_TABLE, view.table());
          w.str(NFTA_RULE_CHAIN, r.chain);
          nft::write_rule_body(w, r);
        });
        existing.push_back({0, r});
      }
    }
  commit(s, b);
}

void NftFirewall::remove(const std::vector<Rule>& rules) {
  nft::Socket& s = socket();
  ChainReader chains(s);
  nft::Batch b;
  for (Family f : kFamilies)
    for (Table t : kTables) {
      if (!touches(rules, f, t)) continue;
      TableView view(s, chains, f, t);
      std::set<uint64_t> deleted;
      for (const auto& r : rules) {
        if (r.family != f || r.table != t) continue;
        for (const auto& e : view.rules(r.chain)) {
          if (!e.rule || !e.rule->same_as(r) || deleted.count(e.handle)) continue;
          b.add(NFT_MSG_DELRULE, 0, view.family(), "delete rule \"" + model::render_rule(r) + "\"", [&](AttrWriter& w) {
            w.str(NFTA_RULE_TABLE, view.table());
            w.str(NFTA_RULE_CHAIN, r.chain);
            w.u64(NFTA_RULE_HANDLE, e.handle);
          });
          deleted.insert(e.handle);
          break;
        }
      }
    }
  commit(s, b);
}

std::optional<std::vector<Rule>> NftFirewall::list_rules(Family family, Table table, const std::string& chain) {
  nft::Socket& s = socket();
  ChainReader chains(s);
  TableView view(s, chains, family, table);
  if (!view.chains().count(chain)) return std::nullopt;
  std::vector<Rule> out;
  for (auto& e : view.rules(chain))
    if (e.rule) out.push_back(std::move(*e.rule));
  return out;
}

std::string NftFirewall::forward_policy(Family family) {
  nft::Socket& s = socket();
  ChainReader chains(s);
  TableView view(s, chains, family, Table::Filter);
  auto it = view.chains().find("FORWARD");
  // iptables-nft shows a built-in chain that does not exist yet with its default, ACCEPT.
  return it != view.chains().end() && it->second.base && it->second.policy == NF_DROP ? "DROP" : "ACCEPT";
}

void NftFirewall::set_forward_policy(Family family, const std::string& policy) {
  nft::Socket& s = socket();
  ChainReader chains(s);
  TableView view(s, chains, family, Table::Filter);
  nft::Batch b;
  view.ensure_table(b);
  const BaseChain& forward = *base_chain(Table::Filter, "FORWARD");
  b.add(NFT_MSG_NEWCHAIN, NLM_F_CREATE, view.family(), "set the FORWARD policy to " + policy, [&](AttrWriter& w) {
    w.str(NFTA_CHAIN_TABLE, view.table());
    w.str(NFTA_CHAIN_NAME, "FORWARD");
    TableView::write_hook(w, forward, policy == "DROP" ? NF_DROP : NF_ACCEPT);
  });
  commit(s, b);
}

void NftFirewall::remove_chains(const std::vector<model::ChainRef>& doomed) {
  nft::Socket& s = socket();
  ChainReader chains(s);
  nft::Batch b;
  for (Family f : kFamilies)
    for (Table t : kTables) {
      if (!touches(doomed, f, t)) continue;
      TableView view(s, chains, f, t);
      for (const auto& c : doomed) {
        if (c.family != f || c.table != t) continue;
        auto it = view.chains().find(c.name);
        if (it == view.chains().end() || it->second.base || it->second.use != 0) continue;
        b.add(NFT_MSG_DELCHAIN, 0, view.family(), "delete chain " + c.name, [&](AttrWriter& w) {
          w.str(NFTA_CHAIN_TABLE, view.table());
          w.str(NFTA_CHAIN_NAME, c.name);
        });
      }
    }
  commit(s, b);
}

}  // namespace docknet::kernel
