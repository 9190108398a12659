#include "lib/kernel/iptables/iptables_firewall.hpp"

// libip6tc.h, unlike libiptc.h, declares its functions without C linkage for C++.
extern "C" {
#include <libiptc/libip6tc.h>
}
#include <libiptc/libiptc.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>

#include "lib/core/error.hpp"
#include "lib/kernel/iptables/entry_encoder.hpp"
#include "lib/kernel/iptables/xtables_lock.hpp"

namespace docknet::kernel {
namespace {

using model::Family;
using model::Rule;
using model::Table;

/// libiptc and libip6tc have the same API under two prefixes; one table of functions each.
struct TcApi {
  const char* tool;
  xtc_handle* (*init)(const char*);
  void (*free)(xtc_handle*);
  int (*commit)(xtc_handle*);
  const char* (*strerror)(int);
  int (*is_chain)(const char*, xtc_handle*);
  int (*create_chain)(const char*, xtc_handle*);
  int (*check_entry)(const char*, const void*, unsigned char*, xtc_handle*);
  int (*insert_entry)(const char*, const void*, unsigned, xtc_handle*);
  int (*append_entry)(const char*, const void*, xtc_handle*);
  int (*delete_entry)(const char*, const void*, unsigned char*, xtc_handle*);
  const char* (*get_policy)(const char*, xt_counters*, xtc_handle*);
  int (*set_policy)(const char*, const char*, xt_counters*, xtc_handle*);
  const void* (*first_rule)(const char*, xtc_handle*);
  const void* (*next_rule)(const void*, xtc_handle*);
  const char* (*get_target)(const void*, xtc_handle*);
  int (*get_references)(unsigned*, const char*, xtc_handle*);
  int (*delete_chain)(const char*, xtc_handle*);
};

const TcApi kIpv4{
    "iptables", iptc_init, iptc_free, iptc_commit, iptc_strerror, iptc_is_chain, iptc_create_chain,
    [](const char* c, const void* e, unsigned char* m, xtc_handle* h) { return iptc_check_entry(c, static_cast<const ipt_entry*>(e), m, h); },
    [](const char* c, const void* e, unsigned n, xtc_handle* h) { return iptc_insert_entry(c, static_cast<const ipt_entry*>(e), n, h); },
    [](const char* c, const void* e, xtc_handle* h) { return iptc_append_entry(c, static_cast<const ipt_entry*>(e), h); },
    [](const char* c, const void* e, unsigned char* m, xtc_handle* h) { return iptc_delete_entry(c, static_cast<const ipt_entry*>(e), m, h); },
    iptc_get_policy, iptc_set_policy,
    [](const char* c, xtc_handle* h) -> const void* { return iptc_first_rule(c, h); },
    [](const void* p, xtc_handle* h) -> const void* { return iptc_next_rule(static_cast<const ipt_entry*>(p), h); },
    [](const void* e, xtc_handle* h) { return iptc_get_target(static_cast<const ipt_entry*>(e), h); },
    iptc_get_references, iptc_delete_chain};

const TcApi kIpv6{
    "ip6tables", ip6tc_init, ip6tc_free, ip6tc_commit, ip6tc_strerror, ip6tc_is_chain, ip6tc_create_chain,
    [](const char* c, const void* e, unsigned char* m, xtc_handle* h) { return ip6tc_check_entry(c, static_cast<const ip6t_entry*>(e), m, h); },
    [](const char* c, const void* e, unsigned n, xtc_handle* h) { return ip6tc_insert_entry(c, static_cast<const ip6t_entry*>(e), n, h); },
    [](const char* c, const void* e, xtc_handle* h) { return ip6tc_append_entry(c, static_cast<const ip6t_entry*>(e), h); },
    [](const char* c, const void* e, unsigned char* m, xtc_handle* h) { return ip6tc_delete_entry(c, static_cast<const ip6t_entry*>(e), m, h); },
    ip6tc_get_policy, ip6tc_set_policy,
    [](const char* c, xtc_handle* h) -> const void* { return ip6tc_first_rule(c, h); },
    [](const void* p, xtc_handle* h) -> const void* { return ip6tc_next_rule(static_cast<const ip6t_entry*>(p), h); },
    [](const void* e, xtc_handle* h) { return ip6tc_get_target(static_cast<const ip6t_entry*>(e), h); },
    ip6tc_get_references, ip6tc_delete_chain};

const TcApi& api(Family f) { return f == Family::Ipv6 ? kIpv6 : kIpv4; }

/// One table's in-memory copy: init on construction, free on destruction.
class TcTable {
 public:
  TcTable(Family family, Table table) : api_(api(family)), name_(model::table_name(table)) {
    handle_ = api_.init(name_.c_str());
    if (!handle_) {
      int e = errno;
      auto fault = e == EPERM || e == EACCES ? KernelFault::Denied : KernelFault::Failed;
      throw KernelError(fault, std::string("open ") + api_.tool + " table", name_, e, api_.strerror(e));
    }
  }
  ~TcTable() { api_.free(handle_); }
  TcTable(const TcTable&) = delete;
  TcTable& operator=(const TcTable&) = delete;

  const TcApi& fn() const { return api_; }
  xtc_handle* get() { return handle_; }
  [[noreturn]] void fail(const std::string& op) {
    throw KernelError(op, std::string("in ") + api_.tool + " table " + name_, errno, api_.strerror(errno));
  }
  void commit() {
    if (!api_.commit(handle_)) fail("commit");
  }

 private:
  const TcApi& api_;
  std::string name_;
  xtc_handle* handle_;
};

bool has_entry(TcTable& t, const Rule& r, std::vector<unsigned char>& entry) {
  if (!t.fn().is_chain(r.chain.c_str(), t.get())) return false;
  std::vector<unsigned char> mask(entry.size(), 0xff);
  return t.fn().check_entry(r.chain.c_str(), entry.data(), mask.data(), t.get());
}

bool install_into(TcTable& t, Family family, Table table, const model::RuleSet& set) {
  bool changed = false;
  for (const auto& c : set.chains) {
    if (c.family != family || c.table != table || t.fn().is_chain(c.name.c_str(), t.get())) continue;
    if (!t.fn().create_chain(c.name.c_str(), t.get())) t.fail("create chain " + c.name);
    changed = true;
  }
  for (const auto& r : set.rules) {
    if (r.family != family || r.table != table) continue;
    auto entry = encode_entry(r);
    if (has_entry(t, r, entry)) continue;
    bool ok = r.position == model::Position::InsertTop ? t.fn().insert_entry(r.chain.c_str(), entry.data(), 0, t.get())
                                                       : t.fn().append_entry(r.chain.c_str(), entry.data(), t.get());
    if (!ok) t.fail("add rule \"" + model::render_rule(r) + "\"");
    changed = true;
  }
  return changed;
}

bool remove_from(TcTable& t, Family family, Table table, const std::vector<Rule>& rules) {
  bool changed = false;
  for (const auto& r : rules) {
    if (r.family != family || r.table != table) continue;
    auto entry = encode_entry(r);
    if (!has_entry(t, r, entry)) continue;  // already gone
    std::vector<unsigned char> mask(entry.size(), 0xff);
    if (!t.fn().delete_entry(r.chain.c_str(), entry.data(), mask.data(), t.get()))
      t.fail("delete rule \"" + model::render_rule(r) + "\"");
    changed = true;
  }
  return changed;
}

template <class Items>
bool touches(const Items& items, Family family, Table table) {
  for (const auto& i : items)
    if (i.family == family && i.table == table) return true;
  return false;
}

/// Whether the kernel has this table in this network namespace. Removing needs no table that is
/// not there, and opening one would make it (and on an nf_tables host, iptables-nft would then
/// warn that legacy tables are present).
bool table_exists(Family family, Table table) {
  std::ifstream names(family == Family::Ipv6 ? "/proc/net/ip6_tables_names" : "/proc/net/ip_tables_names");
  for (std::string line; std::getline(names, line);)
    if (line == model::table_name(table)) return true;
  return false;
}

constexpr Family kFamilies[] = {Family::Ipv4, Family::Ipv6};
constexpr Table kTables[] = {Table::Filter, Table::Nat, Table::Raw};

}  // namespace

void IptablesFirewall::install(const model::RuleSet& set) {
  XtablesLock lock;
  for (Family family : kFamilies)
    for (Table table : kTables) {
      if (!touches(set.chains, family, table) && !touches(set.rules, family, table)) continue;
      TcTable t(family, table);
      if (install_into(t, family, table, set)) t.commit();
    }
}

void IptablesFirewall::remove(const std::vector<Rule>& rules) {
  XtablesLock lock;
  for (Family family : kFamilies)
    for (Table table : kTables) {
      if (!touches(rules, family, table) || !table_exists(family, table)) continue;
      TcTable t(family, table);
      if (remove_from(t, family, table, rules)) t.commit();
    }
}

std::optional<std::vector<Rule>> IptablesFirewall::list_rules(Family family, Table table, const std::string& chain) {
  XtablesLock lock;
  TcTable t(family, table);
  if (!t.fn().is_chain(chain.c_str(), t.get())) return std::nullopt;
  std::vector<Rule> out;
  for (const void* e = t.fn().first_rule(chain.c_str(), t.get()); e; e = t.fn().next_rule(e, t.get()))
    if (auto r = decode_entry(family, table, chain, e, t.fn().get_target(e, t.get()))) out.push_back(std::move(*r));
  return out;
}

std::string IptablesFirewall::forward_policy(Family family) {
  XtablesLock lock;
  TcTable t(family, Table::Filter);
  xt_counters counters{};
  const char* policy = t.fn().get_policy("FORWARD", &counters, t.get());
  if (!policy) t.fail("read the FORWARD policy");
  return policy;
}

void IptablesFirewall::set_forward_policy(Family family, const std::string& policy) {
  XtablesLock lock;
  TcTable t(family, Table::Filter);
  if (!t.fn().set_policy("FORWARD", policy.c_str(), nullptr, t.get())) t.fail("set the FORWARD policy");
  t.commit();
}

void IptablesFirewall::remove_chains(const std::vector<model::ChainRef>& chains) {
  XtablesLock lock;
  for (Family family : kFamilies)
    for (Table table : kTables) {
      if (!touches(chains, family, table) || !table_exists(family, table)) continue;
      TcTable t(family, table);
      bool changed = false;
      for (const auto& c : chains) {
        if (c.family != family || c.table != table || !t.fn().is_chain(c.name.c_str(), t.get())) continue;
        unsigned refs = 0;
        if (!t.fn().get_references(&refs, c.name.c_str(), t.get())) t.fail("count the references to " + c.name);
        if (refs != 0 || t.fn().first_rule(c.name.c_str(), t.get())) continue;
        if (!t.fn().delete_chain(c.name.c_str(), t.get())) t.fail("delete chain " + c.name);
        changed = true;
      }
      if (changed) t.commit();
    }
}

}  // namespace docknet::kernel
