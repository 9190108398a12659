#include "fakes/memory_kv.hpp"

#include "lib/core/error.hpp"

namespace docknet::fakes {

using store::Compare;
using store::KeyValue;

namespace {

// etcd's range: one key when range_end is empty; "\0" as range_end means every key >= key.
bool in(const std::string& k, const std::string& key, const std::string& range_end) {
  if (range_end.empty()) return k == key;
  if (range_end == std::string(1, '\0')) return k >= key;
  return k >= key && k < range_end;
}

template <typename T>
bool compare(T have, Compare::Result result, T want) {
  switch (result) {
    case Compare::Result::Equal: return have == want;
    case Compare::Result::Greater: return have > want;
    case Compare::Result::Less: return have < want;
    case Compare::Result::NotEqual: return have != want;
  }
  return false;
}

bool compare_kv(const Compare& c, const KeyValue& kv) {
  int64_t have = c.target == Compare::Target::Create ? kv.create_revision
                 : c.target == Compare::Target::Mod  ? kv.mod_revision
                                                     : kv.version;
  return compare(have, c.result, c.value);
}

}  // namespace

void MemoryKv::enter() {
  ++calls_;
  if (fail_next_ > 0) {
    --fail_next_;
    throw Error(ErrorKind::System, "cannot reach the cluster store " + describe() + ": connection refused");
  }
}

std::vector<const KeyValue*> MemoryKv::in_range(const std::string& key, const std::string& range_end) const {
  std::vector<const KeyValue*> out;
  for (auto it = keys_.lower_bound(key); it != keys_.end() && in(it->first, key, range_end); ++it)
    out.push_back(&it->second);
  return out;
}

store::RangeResult MemoryKv::range(const std::string& key, const std::string& range_end) {
  enter();
  store::RangeResult r;
  r.revision = revision_;
  for (const KeyValue* kv : in_range(key, range_end)) r.kvs.push_back(*kv);
  return r;
}

// As etcd's applyCompare: a range without keys compares as one absent key (all zero), else
// every key in it must satisfy the compare.
bool MemoryKv::holds(const Compare& c) const {
  auto kvs = in_range(c.key, c.range_end);
  if (kvs.empty()) return compare_kv(c, KeyValue{});
  for (const KeyValue* kv : kvs)
    if (!compare_kv(c, *kv)) return false;
  return true;
}

void MemoryKv::put(const std::string& key, const std::string& value, int64_t revision) {
  KeyValue& kv = keys_[key];
  if (kv.version == 0) kv.create_revision = revision;
  kv.key = key;
  kv.value = value;
  kv.mod_revision = revision;
  ++kv.version;
  history_.push_back(store::WatchEvent{false, kv});
}

void MemoryKv::erase(const std::string& key, const std::string& range_end, int64_t revision) {
  std::vector<std::string> doomed;
  for (const KeyValue* kv : in_range(key, range_end)) doomed.push_back(kv->key);
  for (const std::string& k : doomed) {
    keys_.erase(k);
    // A delete event carries the key and the delete's revision only, as etcd sends it.
    KeyValue gone;
    gone.key = k;
    gone.mod_revision = revision;
    history_.push_back(store::WatchEvent{true, gone});
  }
}

// One revision for the whole transaction, taken only when it changed something (etcd: a put
// always does, a delete of no key does not).
store::TxnResult MemoryKv::txn(const std::vector<Compare>& compares, const std::vector<store::TxnOp>& then_ops) {
  enter();
  for (const Compare& c : compares)
    if (!holds(c)) return store::TxnResult{false, revision_};
  size_t before = history_.size();
  int64_t next = revision_ + 1;
  for (const store::TxnOp& op : then_ops) {
    if (op.kind == store::TxnOp::Kind::Put) put(op.key, op.value, next);
    else erase(op.key, op.range_end, next);
  }
  if (history_.size() != before) revision_ = next;
  return store::TxnResult{true, revision_};
}

void MemoryKv::watch(const std::string& key, const std::string& range_end, int64_t start_revision,
                     const std::function<bool(int64_t, const std::vector<store::WatchEvent>&)>& on_events) {
  enter();
  if (start_revision <= 0) return;
  std::vector<store::WatchEvent> batch;
  for (size_t i = 0; i < history_.size(); ++i) {
    const store::WatchEvent& e = history_[i];
    if (e.kv.mod_revision >= start_revision && in(e.kv.key, key, range_end)) batch.push_back(e);
    bool last_of_revision = i + 1 == history_.size() || history_[i + 1].kv.mod_revision != e.kv.mod_revision;
    if (last_of_revision && !batch.empty()) {
      if (!on_events(e.kv.mod_revision, batch)) return;
      batch.clear();
    }
  }
}

}  // namespace docknet::fakes
