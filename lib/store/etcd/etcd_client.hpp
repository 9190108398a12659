#pragma once
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "lib/store/etcd/endpoints.hpp"
#include "lib/store/kv_store.hpp"

namespace docknet::store::etcd {

class HttpConnection;
struct Json;

/// KvStore over etcd v3's JSON gateway (etcd 3.4's /v3/kv/range, /v3/kv/txn, /v3/watch), plain
/// HTTP/1.1 on TCP. The members are tried in the configured order, each connect for at most
/// 500 ms, a whole call for at most 3 s; one keep-alive connection serves the calls of one
/// object (reopened when the server closed it while idle). Not thread-safe: one per thread.
class EtcdClient final : public KvStore {
 public:
  /// `cluster_store`: `etcd://HOST[:PORT][,HOST[:PORT]...]` (see parse_cluster_store). Does not
  /// connect yet.
  explicit EtcdClient(const std::string& cluster_store);
  ~EtcdClient() override;

  RangeResult range(const std::string& key, const std::string& range_end) override;
  TxnResult txn(const std::vector<Compare>& compares, const std::vector<TxnOp>& then_ops) override;
  /// Waits for events without a time limit, on a connection of its own. Returns when on_events
  /// returns false, or soon (within 250 ms) after request_stop(); a signal whose handler calls
  /// request_stop() thus ends it. Throws when the stream breaks or etcd cancels the watch
  /// (compacted revisions).
  void watch(const std::string& key, const std::string& range_end, int64_t start_revision,
             const std::function<bool(int64_t revision, const std::vector<WatchEvent>&)>& on_events) override;
  std::string describe() const override;
  /// TCP connections opened so far (watches included): keep-alive at work shows as one.
  int connections_opened() const { return connections_opened_; }

  /// Makes every running and later watch() return. Async-signal-safe (one lock-free store), for
  /// a SIGTERM/SIGINT handler.
  static void request_stop();
  /// Lets watches run again after request_stop().
  static void clear_stop();

 private:
  Json call(const std::string& path, const std::string& body, bool idempotent);
  struct Connected;
  Connected connect_any(std::chrono::steady_clock::time_point deadline) const;
  struct Response;
  Response exchange(const std::string& path, const std::string& body, std::chrono::steady_clock::time_point deadline);
  bool deliver(const std::string& line, const std::function<bool(int64_t, const std::vector<WatchEvent>&)>& on_events) const;
  [[noreturn]] void unreachable(size_t endpoint, const std::string& why) const;
  [[noreturn]] void fail(const std::string& why) const;

  std::vector<Endpoint> endpoints_;
  std::unique_ptr<HttpConnection> connection_;  // kept alive between calls
  size_t connected_to_ = 0;                      // the endpoint connection_ goes to
  mutable int connections_opened_ = 0;
  static std::atomic<bool> stop_;
};

}  // namespace docknet::store::etcd
