#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace docknet::store {

/// One key as etcd v3 returns it (mvccpb.KeyValue): the revisions tell whether and when it
/// changed, which is what compare-and-swap transactions compare.
struct KeyValue {
  std::string key;
  std::string value;
  int64_t create_revision = 0;
  int64_t mod_revision = 0;
  int64_t version = 0;
};

/// A range read: the store's revision at the read, and the keys in key order.
struct RangeResult {
  int64_t revision = 0;
  std::vector<KeyValue> kvs;
};

/// etcd's Compare: `target` of `key` (or of every key in [key, range_end) when range_end is not
/// empty) against `value`. As etcd: a key that does not exist compares as create/mod revision
/// and version 0, and a range with no key compares as one such absent key.
struct Compare {
  enum class Target { Create, Mod, Version };
  enum class Result { Equal, Greater, Less, NotEqual };
  std::string key;
  std::string range_end;
  Target target = Target::Mod;
  Result result = Result::Equal;
  int64_t value = 0;
};

/// A put, or a delete of one key (or of [key, range_end)).
struct TxnOp {
  enum class Kind { Put, Delete };
  Kind kind = Kind::Put;
  std::string key;
  std::string value;      // Put
  std::string range_end;  // Delete
};

struct TxnResult {
  bool succeeded = false;  // every compare held and the ops were applied, atomically
  int64_t revision = 0;    // the store's revision after the transaction
};

struct WatchEvent {
  bool deleted = false;
  KeyValue kv;  // for a delete: the key and the delete's mod_revision
};

/// A distributed key-value store with etcd v3's semantics (implemented for etcd through its
/// JSON gateway, and in memory for the unit tests). Every call throws docknet::Error with a
/// message naming the store when it cannot be reached or answers garbage.
class KvStore {
 public:
  virtual ~KvStore() = default;
  /// One key (range_end empty) or [key, range_end), at the current revision.
  virtual RangeResult range(const std::string& key, const std::string& range_end) = 0;
  /// If every compare holds, applies `then_ops`, else nothing: one atomic step.
  virtual TxnResult txn(const std::vector<Compare>& compares, const std::vector<TxnOp>& then_ops) = 0;
  /// Follows changes of [key, range_end) from start_revision on (0: from now), calling
  /// on_events for each batch with the batch's revision, until it returns false. Blocks. Throws
  /// when the store goes away (the caller decides whether to start again).
  virtual void watch(const std::string& key, const std::string& range_end, int64_t start_revision,
                     const std::function<bool(int64_t revision, const std::vector<WatchEvent>&)>& on_events) = 0;
  /// What the store is called in messages (etcd://10.0.0.1:2379).
  virtual std::string describe() const = 0;
};

/// The range end that makes [prefix, prefix_end(prefix)) every key starting with prefix (etcd's
/// clientv3.GetPrefixRangeEnd).
std::string prefix_end(const std::string& prefix);

}  // namespace docknet::store
