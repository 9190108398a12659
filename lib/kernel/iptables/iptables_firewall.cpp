#include "lib/kernel/iptables/iptables_firewall.hpp"

#include <libiptc/libiptc.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "lib/core/error.hpp"
#include "lib/model/messages.hpp"
#include "lib/kernel/iptables/entry_encoder.hpp"
#include "lib/kernel/iptables/xtables_lock.hpp"

namespace docknet::kernel {
namespace {

using model::Rule;
using model::Table;

/// One table's in-memory copy: iptc_init on construction, iptc_free on destruction.
class IptcTable {
 public:
  explicit IptcTable(Table table) : name_(model::table_name(table)) {
    handle_ = iptc_init(name_.c_str());
    if (!handle_) {
      int e = errno;
      if (e == EPERM || e == EACCES)
        throw model::msg::permission_denied("open iptables table " + name_);
      throw KernelError("open iptables table", name_, e, iptc_strerror(e));
    }
  }
  ~IptcTable() { iptc_free(handle_); }
  IptcTable(const IptcTable&) = delete;
  IptcTable& operator=(const IptcTable&) = delete;

  xtc_handle* get() { return handle_; }
  void fail(const std::string& op) { throw KernelError(op, "in iptables table " + name_, errno, iptc_strerror(errno)); }
  void commit() {
    if (!iptc_commit(handle_)) fail("commit");
  }

 private:
  std::string name_;
  xtc_handle* handle_;
};

bool has_entry(IptcTable& t, const Rule& r, std::vector<unsigned char>& entry) {
  if (!iptc_is_chain(r.chain.c_str(), t.get())) return false;
  std::vector<unsigned char> mask(entry.size(), 0xff);
  return iptc_check_entry(r.chain.c_str(), reinterpret_cast<ipt_entry*>(entry.data()), mask.data(), t.get());
}

bool install_into(IptcTable& t, Table table, const model::RuleSet& set) {
  bool changed = false;
  for (const auto& c : set.chains) {
    if (c.table != table || iptc_is_chain(c.name.c_str(), t.get())) continue;
    if (!iptc_create_chain(c.name.c_str(), t.get())) t.fail("create chain " + c.name);
    changed = true;
  }
  for (const auto& r : set.rules) {
    if (r.table != table) continue;
    auto entry = encode_entry(r);
    if (has_entry(t, r, entry)) continue;
    auto* e = reinterpret_cast<ipt_entry*>(entry.data());
    bool ok = r.position == model::Position::InsertTop ? iptc_insert_entry(r.chain.c_str(), e, 0, t.get())
                                                       : iptc_append_entry(r.chain.c_str(), e, t.get());
    if (!ok) t.fail("add rule \"" + model::render_rule(r) + "\"");
    changed = true;
  }
  return changed;
}

bool remove_from(IptcTable& t, Table table, const std::vector<Rule>& rules) {
  bool changed = false;
  for (const auto& r : rules) {
    if (r.table != table) continue;
    auto entry = encode_entry(r);
    if (!has_entry(t, r, entry)) continue;  // already gone
    std::vector<unsigned char> mask(entry.size(), 0xff);
    if (!iptc_delete_entry(r.chain.c_str(), reinterpret_cast<ipt_entry*>(entry.data()), mask.data(), t.get()))
      t.fail("delete rule \"" + model::render_rule(r) + "\"");
    changed = true;
  }
  return changed;
}

template <class Rules>
bool touches(const Rules& rules, Table table) {
  for (const auto& r : rules)
    if (r.table == table) return true;
  return false;
}

}  // namespace

void IptablesFirewall::install(const model::RuleSet& set) {
  XtablesLock lock;
  for (Table table : {Table::Filter, Table::Nat, Table::Raw}) {
    bool any_chain = false;
    for (const auto& c : set.chains) any_chain = any_chain || c.table == table;
    if (!any_chain && !touches(set.rules, table)) continue;
    IptcTable t(table);
    if (install_into(t, table, set)) t.commit();
  }
}

void IptablesFirewall::remove(const std::vector<Rule>& rules) {
  XtablesLock lock;
  for (Table table : {Table::Filter, Table::Nat, Table::Raw}) {
    if (!touches(rules, table)) continue;
    IptcTable t(table);
    if (remove_from(t, table, rules)) t.commit();
  }
}

std::string IptablesFirewall::forward_policy() {
  XtablesLock lock;
  IptcTable t(Table::Filter);
  xt_counters counters{};
  const char* policy = iptc_get_policy("FORWARD", &counters, t.get());
  if (!policy) t.fail("read the FORWARD policy");
  return policy;
}

void IptablesFirewall::set_forward_policy(const std::string& policy) {
  XtablesLock lock;
  IptcTable t(Table::Filter);
  if (!iptc_set_policy("FORWARD", policy.c_str(), nullptr, t.get())) t.fail("set the FORWARD policy");
  t.commit();
}

}  // namespace docknet::kernel
