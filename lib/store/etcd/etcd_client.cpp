#include "lib/store/etcd/etcd_client.hpp"

#include "lib/core/error.hpp"
#include "lib/store/etcd/connection.hpp"
#include "lib/store/etcd/etcd_codec.hpp"
#include "lib/store/etcd/json.hpp"

namespace docknet::store::etcd {
namespace {

constexpr auto kConnectTimeout = std::chrono::milliseconds(500);
constexpr auto kCallTimeout = std::chrono::seconds(3);

// Thrown inside a call when a reused keep-alive connection broke before any answer came: most
// likely the server dropped it while idle and never saw the request. Only a read is sent again
// (a transaction might have been applied: as Go's net/http, no blind retry of it).
struct StaleConnection {};

std::string trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

}  // namespace

std::atomic<bool> EtcdClient::stop_{false};
static_assert(std::atomic<bool>::is_always_lock_free, "request_stop must be async-signal-safe");

struct EtcdClient::Connected {
  std::unique_ptr<HttpConnection> connection;
  size_t endpoint = 0;
};

struct EtcdClient::Response {
  HttpHead head;
  std::string body;
};

EtcdClient::EtcdClient(const std::string& cluster_store) : endpoints_(parse_cluster_store(cluster_store)) {}
EtcdClient::~EtcdClient() = default;

std::string EtcdClient::describe() const { return describe_endpoints(endpoints_); }

void EtcdClient::request_stop() { stop_.store(true); }
void EtcdClient::clear_stop() { stop_.store(false); }

void EtcdClient::fail(const std::string& why) const {
  throw Error(ErrorKind::System, "cluster store " + describe() + ": " + why);
}

// With one member the message is etcd://h:p: WHY; with several it says which one failed.
void EtcdClient::unreachable(size_t endpoint, const std::string& why) const {
  std::string where = endpoints_.size() > 1 ? endpoints_[endpoint].text() + ": " : "";
  throw Error(ErrorKind::System, "cannot reach the cluster store " + describe() + ": " + where + why);
}

// The first member that accepts a connection, in the configured order.
EtcdClient::Connected EtcdClient::connect_any(Clock::time_point deadline) const {
  std::string reasons;
  for (size_t i = 0; i < endpoints_.size(); ++i) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    std::string why = "timed out";
    if (left.count() > 0) {
      try {
        auto fd = connect_endpoint(endpoints_[i], std::min(left, kConnectTimeout));
        ++connections_opened_;
        return {std::make_unique<HttpConnection>(std::move(fd)), i};
      } catch (const NetError& e) {
        why = e.what();
      }
    }
    if (endpoints_.size() == 1) unreachable(0, why);
    reasons += (i ? ", " : "") + endpoints_[i].text() + ": " + why;
  }
  throw Error(ErrorKind::System, "cannot reach the cluster store " + describe() + ": " + reasons);
}

// One request and its answer on the kept connection, opened first if there is none.
EtcdClient::Response EtcdClient::exchange(const std::string& path, const std::string& body, Clock::time_point deadline) {
  if (connection_ && !connection_->idle_and_open()) connection_.reset();  // closed while idle
  bool reused = connection_ != nullptr;
  if (!connection_) {
    Connected c = connect_any(deadline);
    connection_ = std::move(c.connection);
    connected_to_ = c.endpoint;
  }
  try {
    connection_->send(http_post(endpoints_[connected_to_].text(), path, body), deadline);
    Response r;
    r.head = connection_->read_head(deadline);
    r.body = connection_->read_body(r.head, deadline);
    if (r.head.close || (!r.head.chunked && r.head.content_length < 0)) connection_.reset();
    return r;
  } catch (const NetError& e) {
    bool stale = reused && !connection_->answered();
    connection_.reset();
    if (stale) throw StaleConnection{};
    unreachable(connected_to_, e.what());
  } catch (const std::runtime_error& e) {  // a malformed HTTP answer: not etcd's gateway?
    connection_.reset();
    fail(std::string("unreadable answer: ") + e.what());
  }
}

Json EtcdClient::call(const std::string& path, const std::string& body, bool idempotent) {
  auto deadline = Clock::now() + kCallTimeout;
  Response r;
  try {
    r = exchange(path, body, deadline);
  } catch (const StaleConnection&) {
    if (!idempotent) unreachable(connected_to_, "connection closed by the server");
    r = exchange(path, body, deadline);  // on a new connection: it cannot be stale
  }
  Json json;
  try {
    json = Json::parse(r.body);
  } catch (const JsonError& e) {
    if (r.head.status != 200) fail("HTTP " + std::to_string(r.head.status) + " " + r.head.reason);
    fail(std::string("unreadable answer: ") + e.what());
  }
  if (auto message = error_message(json)) fail(*message);
  if (r.head.status != 200) fail("HTTP " + std::to_string(r.head.status) + " " + r.head.reason);
  return json;
}

RangeResult EtcdClient::range(const std::string& key, const std::string& range_end) {
  Json body = call("/v3/kv/range", range_request(key, range_end), true);
  try {
    return parse_range(body);
  } catch (const JsonError& e) {
    fail(std::string("unreadable range answer: ") + e.what());
  }
}

TxnResult EtcdClient::txn(const std::vector<Compare>& compares, const std::vector<TxnOp>& then_ops) {
  Json body = call("/v3/kv/txn", txn_request(compares, then_ops), then_ops.empty());
  try {
    return parse_txn(body);
  } catch (const JsonError& e) {
    fail(std::string("unreadable txn answer: ") + e.what());
  }
}

// One line of the watch stream; false when on_events asked to stop.
bool EtcdClient::deliver(const std::string& line,
                         const std::function<bool(int64_t, const std::vector<WatchEvent>&)>& on_events) const {
  WatchMessage m;
  try {
    Json json = Json::parse(line);
    if (auto message = error_message(json)) fail("watch: " + *message);
    m = parse_watch_message(json);
  } catch (const JsonError& e) {
    fail(std::string("unreadable watch answer: ") + e.what());
  }
  if (m.canceled && m.compact_revision > 0)
    fail("watch canceled: revisions before " + std::to_string(m.compact_revision) + " have been compacted");
  if (m.canceled) fail("watch canceled" + (m.cancel_reason.empty() ? "" : ": " + m.cancel_reason));
  for (auto& [revision, events] : by_revision(std::move(m.events)))
    if (!on_events(revision, events)) return false;
  return true;
}

void EtcdClient::watch(const std::string& key, const std::string& range_end, int64_t start_revision,
                       const std::function<bool(int64_t, const std::vector<WatchEvent>&)>& on_events) {
  auto deadline = Clock::now() + kCallTimeout;
  Connected c = connect_any(deadline);  // a stream of its own: the kept connection stays free
  HttpConnection& stream = *c.connection;
  // Socket and HTTP failures become the store's errors; on_events' own exceptions pass as they are.
  auto guarded = [&](auto&& step) {
    try {
      return step();
    } catch (const NetError& e) {
      unreachable(c.endpoint, e.what());
    } catch (const Error&) {
      throw;
    } catch (const std::runtime_error& e) {
      fail(std::string("unreadable watch answer: ") + e.what());
    }
  };
  guarded([&] {
    stream.send(http_post(endpoints_[c.endpoint].text(), "/v3/watch", watch_request(key, range_end, start_revision)),
                deadline);
    HttpHead head = stream.read_head(deadline);
    if (head.status == 200 && head.chunked) return;
    std::string body = stream.read_body(head, deadline);
    std::optional<std::string> message;
    try {
      message = error_message(Json::parse(body));
    } catch (const JsonError&) {
    }
    fail(message ? *message : "watch answered HTTP " + std::to_string(head.status) + " " + head.reason);
  });
  std::string pending;
  for (;;) {
    auto piece = guarded([&] { return stream.read_stream(std::nullopt, &stop_); });  // idle for hours is fine
    if (!piece) return;                                                              // request_stop()
    if (piece->empty()) unreachable(c.endpoint, "the watch stream ended");
    pending += *piece;
    // The gateway ends each message with a newline; JSON strings never hold a raw one.
    for (size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
      std::string line = trimmed(pending.substr(0, nl));
      pending.erase(0, nl + 1);
      if (!line.empty() && !deliver(line, on_events)) return;
    }
  }
}

}  // namespace docknet::store::etcd
