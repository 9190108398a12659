// MemoryKv keeps etcd v3's semantics (revisions, compares, watch history): what the code over
// KvStore is unit-tested against must behave as the real store does.
#include <catch2/catch.hpp>

#include "fakes/memory_kv.hpp"
#include "lib/core/error.hpp"

using namespace docknet::store;
using docknet::fakes::MemoryKv;

namespace {

TxnOp put(const std::string& k, const std::string& v) { return TxnOp{TxnOp::Kind::Put, k, v, ""}; }
TxnOp del(const std::string& k, const std::string& end = "") { return TxnOp{TxnOp::Kind::Delete, k, "", end}; }
Compare cmp(const std::string& k, Compare::Target t, Compare::Result r, int64_t v, const std::string& end = "") {
  return Compare{k, end, t, r, v};
}
constexpr auto kCreate = Compare::Target::Create;
constexpr auto kMod = Compare::Target::Mod;
constexpr auto kVersion = Compare::Target::Version;
constexpr auto kEq = Compare::Result::Equal;

}  // namespace

TEST_CASE("MemoryKv: revisions start at 1 and move once per changing transaction", "[etcd][memory_kv]") {
  MemoryKv kv;
  CHECK(kv.range("/a", "").revision == 1);
  CHECK(kv.range("/a", "").kvs.empty());
  CHECK(kv.txn({}, {put("/a", "1"), put("/b", "2")}).revision == 2);  // two ops, one revision
  auto r = kv.range("/", prefix_end("/"));
  REQUIRE(r.kvs.size() == 2);
  CHECK(r.kvs[0].create_revision == 2);
  CHECK(r.kvs[1].mod_revision == 2);
  auto nothing = kv.txn({}, {});
  CHECK(nothing.succeeded);
  CHECK(nothing.revision == 2);
  CHECK(kv.txn({}, {del("/absent")}).revision == 2);  // deleted nothing: no change, no revision
  CHECK(!kv.txn({cmp("/a", kVersion, kEq, 5)}, {put("/c", "3")}).succeeded);
  CHECK(kv.revision() == 2);
  CHECK(kv.range("/c", "").kvs.empty());
}

TEST_CASE("MemoryKv: create == 0 is compare-and-create; versions and revisions per key", "[etcd][memory_kv]") {
  MemoryKv kv;
  auto first = kv.txn({cmp("/k", kCreate, kEq, 0)}, {put("/k", "v1")});
  CHECK(first.succeeded);
  CHECK(first.revision == 2);
  auto second = kv.txn({cmp("/k", kCreate, kEq, 0)}, {put("/k", "v2")});
  CHECK(!second.succeeded);
  CHECK(second.revision == 2);
  kv.txn({}, {put("/k", "v3")});
  auto k = kv.range("/k", "").kvs.at(0);
  CHECK(k.value == "v3");
  CHECK(k.create_revision == 2);
  CHECK(k.mod_revision == 3);
  CHECK(k.version == 2);
  kv.txn({}, {del("/k")});
  CHECK(kv.range("/k", "").kvs.empty());
  kv.txn({}, {put("/k", "again")});
  k = kv.range("/k", "").kvs.at(0);
  CHECK(k.create_revision == 5);  // a new life: created anew, version from 1
  CHECK(k.version == 1);
}

TEST_CASE("MemoryKv: mod revision compare-and-swap", "[etcd][memory_kv]") {
  MemoryKv kv;
  kv.txn({}, {put("/n", "a")});
  int64_t seen = kv.range("/n", "").kvs.at(0).mod_revision;
  CHECK(kv.txn({cmp("/n", kMod, kEq, seen)}, {put("/n", "b")}).succeeded);
  CHECK(!kv.txn({cmp("/n", kMod, kEq, seen)}, {put("/n", "c")}).succeeded);  // lost the race
  CHECK(kv.range("/n", "").kvs.at(0).value == "b");
  CHECK(kv.txn({cmp("/n", kMod, Compare::Result::Greater, seen)}, {}).succeeded);
  CHECK(kv.txn({cmp("/n", kMod, Compare::Result::NotEqual, seen)}, {}).succeeded);
  CHECK(kv.txn({cmp("/absent", kMod, kEq, 0), cmp("/absent", kVersion, kEq, 0)}, {}).succeeded);
}

TEST_CASE("MemoryKv: range compares (no key: one zero key; else every key)", "[etcd][memory_kv]") {
  MemoryKv kv;
  std::string p = "/nets/", end = prefix_end("/nets/");
  CHECK(kv.txn({cmp(p, kCreate, kEq, 0, end)}, {}).succeeded);  // empty range: as one absent key
  CHECK(!kv.txn({cmp(p, kVersion, Compare::Result::Greater, 0, end)}, {}).succeeded);
  kv.txn({}, {put("/nets/a", "1")});  // revision 2
  kv.txn({}, {put("/nets/b", "1")});  // revision 3
  kv.txn({}, {put("/other", "1")});   // revision 4, outside the range
  CHECK(!kv.txn({cmp(p, kCreate, kEq, 0, end)}, {}).succeeded);
  CHECK(kv.txn({cmp(p, kMod, Compare::Result::Less, 4, end)}, {}).succeeded);
  CHECK(!kv.txn({cmp(p, kMod, Compare::Result::Less, 3, end)}, {}).succeeded);  // /nets/b is 3
  CHECK(kv.txn({cmp(p, kVersion, kEq, 1, end)}, {}).succeeded);
  kv.txn({}, {del(p, end)});
  CHECK(kv.range(p, end).kvs.empty());
  CHECK(kv.range("/other", "").kvs.size() == 1);
  CHECK(kv.range(std::string(1, '\0'), std::string(1, '\0')).kvs.size() == 1);  // every key
  CHECK(kv.range("", prefix_end("")).kvs.size() == 1);
}

TEST_CASE("MemoryKv: watch replays the history per revision, from start_revision", "[etcd][memory_kv]") {
  MemoryKv kv;
  kv.txn({}, {put("/w/a", "1")});                    // 2
  kv.txn({}, {put("/w/b", "2"), put("/x", "out")});  // 3
  kv.txn({}, {del("/w/a")});                         // 4
  std::vector<std::pair<int64_t, std::vector<WatchEvent>>> got;
  auto record = [&](int64_t rev, const std::vector<WatchEvent>& events) {
    got.emplace_back(rev, events);
    return true;
  };
  kv.watch("/w/", prefix_end("/w/"), 0, record);
  CHECK(got.empty());  // from now: nothing yet, and it does not block
  kv.watch("/w/", prefix_end("/w/"), 1, record);
  REQUIRE(got.size() == 3);
  CHECK(got[0].first == 2);
  CHECK(got[1].first == 3);
  REQUIRE(got[1].second.size() == 1);  // /x is outside the range
  CHECK(got[1].second[0].kv.key == "/w/b");
  CHECK(got[1].second[0].kv.value == "2");
  CHECK(got[2].second[0].deleted);
  CHECK(got[2].second[0].kv.key == "/w/a");
  CHECK(got[2].second[0].kv.mod_revision == 4);
  got.clear();
  kv.watch("/", prefix_end("/"), 3, record);
  REQUIRE(got.size() == 2);
  CHECK(got[0].second.size() == 2);  // one revision, two events
  got.clear();
  kv.watch("/w/", prefix_end("/w/"), 1, [&](int64_t rev, const std::vector<WatchEvent>& e) {
    got.emplace_back(rev, e);
    return false;  // stop after the first batch
  });
  CHECK(got.size() == 1);
}

TEST_CASE("MemoryKv: fail_next throws the client's unreachable error, and calls are counted", "[etcd][memory_kv]") {
  MemoryKv kv;
  kv.fail_next(2);
  for (int i = 0; i < 2; ++i) {
    try {
      kv.range("/a", "");
      FAIL("no error");
    } catch (const docknet::Error& e) {
      CHECK(e.kind() == docknet::ErrorKind::System);
      CHECK(std::string(e.what()) == "cannot reach the cluster store etcd://fake:2379: connection refused");
    }
  }
  CHECK(kv.txn({}, {put("/a", "1")}).succeeded);
  CHECK(kv.calls() == 3);
  kv.fail_next(1);
  CHECK_THROWS_AS(kv.watch("/", "", 1, [](int64_t, const std::vector<WatchEvent>&) { return true; }), docknet::Error);
  CHECK(kv.revision() == 2);
  CHECK(kv.describe() == "etcd://fake:2379");
}
