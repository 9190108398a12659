#pragma once
// KvStore in memory with etcd v3's semantics, for the unit tests of what uses the shared store.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "lib/store/kv_store.hpp"

namespace docknet::fakes {

/// etcd's data model in one process: one revision for the whole store (1 when empty, one more
/// per transaction that changes something, whatever the number of its ops), each key's
/// create/mod revision and version, deletes that remove the key, and the history of every
/// change for watch(). describe() is etcd://fake:2379.
class MemoryKv final : public store::KvStore {
 public:
  store::RangeResult range(const std::string& key, const std::string& range_end) override;
  store::TxnResult txn(const std::vector<store::Compare>& compares, const std::vector<store::TxnOp>& then_ops) override;
  /// Does not block: delivers every recorded event of [key, range_end) from start_revision on
  /// (0: none, as "from now" has nothing yet), one call per revision, then returns.
  void watch(const std::string& key, const std::string& range_end, int64_t start_revision,
             const std::function<bool(int64_t revision, const std::vector<store::WatchEvent>&)>& on_events) override;
  std::string describe() const override { return "etcd://fake:2379"; }

  /// The next n calls (range, txn or watch) throw what EtcdClient throws for a store it cannot
  /// reach: `cannot reach the cluster store etcd://fake:2379: connection refused`.
  void fail_next(int n) { fail_next_ = n; }
  /// Calls made so far, failed ones included.
  int calls() const { return calls_; }
  int64_t revision() const { return revision_; }

 private:
  void enter();
  bool holds(const store::Compare& c) const;
  void put(const std::string& key, const std::string& value, int64_t revision);
  void erase(const std::string& key, const std::string& range_end, int64_t revision);
  std::vector<const store::KeyValue*> in_range(const std::string& key, const std::string& range_end) const;

  std::map<std::string, store::KeyValue> keys_;
  int64_t revision_ = 1;
  std::vector<store::WatchEvent> history_;  // in revision order
  int fail_next_ = 0;
  int calls_ = 0;
};

}  // namespace docknet::fakes
