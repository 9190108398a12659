#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lib/store/etcd/json.hpp"
#include "lib/store/kv_store.hpp"

namespace docknet::store::etcd {

// etcd v3's requests and answers in the JSON of its gRPC gateway (protobuf's JSON mapping):
// bytes as base64, int64 as decimal strings, enums by name, and every field equal to its default
// (0, false, "", an empty list) left out. The parsers throw JsonError on a shape they do not
// expect; the client names the store around that.

std::string range_request(const std::string& key, const std::string& range_end);
std::string txn_request(const std::vector<Compare>& compares, const std::vector<TxnOp>& then_ops);
std::string watch_request(const std::string& key, const std::string& range_end, int64_t start_revision);

RangeResult parse_range(const Json& body);
TxnResult parse_txn(const Json& body);

/// One message of the watch stream ({"result":{...}}).
struct WatchMessage {
  bool created = false;
  bool canceled = false;
  int64_t compact_revision = 0;
  std::string cancel_reason;
  int64_t revision = 0;  // header.revision: the store's revision when the message was sent
  std::vector<WatchEvent> events;
};
WatchMessage parse_watch_message(const Json& line);

/// Events split into one batch per revision (their kv.mod_revision), in order. etcd sends the
/// events it catches up on in one message whose header names the newest revision, and one
/// message can carry several revisions; KvStore::watch promises one call per revision.
std::vector<std::pair<int64_t, std::vector<WatchEvent>>> by_revision(std::vector<WatchEvent> events);

/// etcd's message when `body` is the gateway's error object ({"error":..., "message":...,
/// "code":N}, or {"error":{...}} in a stream), else nullopt.
std::optional<std::string> error_message(const Json& body);

}  // namespace docknet::store::etcd
