#include "lib/store/etcd/etcd_codec.hpp"

#include "lib/core/base64.hpp"

namespace docknet::store::etcd {
namespace {

// etcd refuses an empty key ("key is not provided"); with a range end, "" means from the
// first key, which etcd spells "\0" (clientv3 does the same for WithPrefix("")).
std::string range_start(const std::string& key, const std::string& range_end) {
  return key.empty() && !range_end.empty() ? std::string(1, '\0') : key;
}

// One JSON object, member by member. Appends only: GCC 12 warns falsely (-Wrestrict) on
// `"," + std::string`.
class ObjectWriter {
 public:
  ObjectWriter& raw(const char* name, const std::string& json) {
    if (out_.size() > 1) out_ += ',';
    out_ += json_quote(name);
    out_ += ':';
    out_ += json;
    return *this;
  }
  ObjectWriter& bytes(const char* name, const std::string& value) { return raw(name, json_quote(base64_encode(value))); }
  ObjectWriter& bytes_if(const char* name, const std::string& value) { return value.empty() ? *this : bytes(name, value); }
  ObjectWriter& int64(const char* name, int64_t value) { return raw(name, json_quote(std::to_string(value))); }
  std::string done() {
    out_ += '}';
    return std::move(out_);
  }

 private:
  std::string out_ = "{";
};

template <typename T, typename F>
std::string json_list(const std::vector<T>& items, F&& one) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += one(items[i]);
  }
  out += ']';
  return out;
}

std::string decoded(const Json* field) {
  auto bytes = base64_decode(json_string(field), Base64Padding::Optional);
  if (!bytes) throw JsonError("bad base64 in a key or value");
  return *bytes;
}

const Json& object(const Json* v, const char* what) {
  static const Json kEmpty = [] {
    Json j;
    j.type = Json::Type::Object;
    return j;
  }();
  if (!v) return kEmpty;  // an absent message field is an empty message
  if (v->type != Json::Type::Object) throw JsonError(std::string("expected an object for ") + what);
  return *v;
}

const std::vector<Json>& array(const Json* v, const char* what) {
  static const std::vector<Json> kNone;
  if (!v) return kNone;  // an empty repeated field is left out
  if (v->type != Json::Type::Array) throw JsonError(std::string("expected a list for ") + what);
  return v->items;
}

KeyValue key_value(const Json& kv) {
  KeyValue out;
  out.key = decoded(kv.find("key"));
  out.value = decoded(kv.find("value"));
  out.create_revision = json_int64(kv.find("create_revision"));
  out.mod_revision = json_int64(kv.find("mod_revision"));
  out.version = json_int64(kv.find("version"));
  return out;
}

std::string compare_json(const Compare& c) {
  static const char* const kTargets[] = {"CREATE", "MOD", "VERSION"};
  static const char* const kFields[] = {"create_revision", "mod_revision", "version"};
  static const char* const kResults[] = {"EQUAL", "GREATER", "LESS", "NOT_EQUAL"};
  auto t = static_cast<size_t>(c.target);
  return ObjectWriter()
      .bytes("key", range_start(c.key, c.range_end))
      .bytes_if("range_end", c.range_end)
      .raw("target", json_quote(kTargets[t]))
      .raw("result", json_quote(kResults[static_cast<size_t>(c.result)]))
      .int64(kFields[t], c.value)
      .done();
}

std::string op_json(const TxnOp& op) {
  if (op.kind == TxnOp::Kind::Put)
    return ObjectWriter().raw("request_put", ObjectWriter().bytes("key", op.key).bytes("value", op.value).done()).done();
  auto del = ObjectWriter().bytes("key", range_start(op.key, op.range_end)).bytes_if("range_end", op.range_end).done();
  return ObjectWriter().raw("request_delete_range", del).done();
}

}  // namespace

std::string range_request(const std::string& key, const std::string& range_end) {
  return ObjectWriter().bytes("key", range_start(key, range_end)).bytes_if("range_end", range_end).done();
}

std::string txn_request(const std::vector<Compare>& compares, const std::vector<TxnOp>& then_ops) {
  return ObjectWriter()
      .raw("compare", json_list(compares, compare_json))
      .raw("success", json_list(then_ops, op_json))
      .done();
}

std::string watch_request(const std::string& key, const std::string& range_end, int64_t start_revision) {
  ObjectWriter create;
  create.bytes("key", range_start(key, range_end)).bytes_if("range_end", range_end);
  if (start_revision > 0) create.int64("start_revision", start_revision);
  return ObjectWriter().raw("create_request", create.done()).done();
}

RangeResult parse_range(const Json& body) {
  RangeResult out;
  out.revision = json_int64(object(body.find("header"), "header").find("revision"));
  for (const Json& kv : array(body.find("kvs"), "kvs")) out.kvs.push_back(key_value(object(&kv, "kvs")));
  return out;
}

TxnResult parse_txn(const Json& body) {
  TxnResult out;
  out.revision = json_int64(object(body.find("header"), "header").find("revision"));
  out.succeeded = json_bool(body.find("succeeded"));
  return out;
}

WatchMessage parse_watch_message(const Json& line) {
  const Json& result = object(line.find("result"), "result");
  WatchMessage m;
  m.created = json_bool(result.find("created"));
  m.canceled = json_bool(result.find("canceled"));
  m.compact_revision = json_int64(result.find("compact_revision"));
  m.cancel_reason = json_string(result.find("cancel_reason"));
  m.revision = json_int64(object(result.find("header"), "header").find("revision"));
  for (const Json& e : array(result.find("events"), "events")) {
    const Json& event = object(&e, "events");
    std::string type = json_string(event.find("type"));
    if (!type.empty() && type != "PUT" && type != "DELETE") throw JsonError("unknown event type " + type);
    WatchEvent w;
    w.deleted = type == "DELETE";
    w.kv = key_value(object(event.find("kv"), "kv"));
    m.events.push_back(std::move(w));
  }
  return m;
}

std::vector<std::pair<int64_t, std::vector<WatchEvent>>> by_revision(std::vector<WatchEvent> events) {
  std::vector<std::pair<int64_t, std::vector<WatchEvent>>> out;
  for (WatchEvent& e : events) {
    if (out.empty() || out.back().first != e.kv.mod_revision) out.emplace_back(e.kv.mod_revision, std::vector<WatchEvent>{});
    out.back().second.push_back(std::move(e));
  }
  return out;
}

std::optional<std::string> error_message(const Json& body) {
  const Json* error = body.find("error");
  if (!error) return std::nullopt;
  const Json& holder = error->type == Json::Type::Object ? *error : body;  // a stream nests it
  std::string message = json_string(holder.find("message"));
  if (message.empty() && error->type == Json::Type::String) message = error->text;
  return message.empty() ? "unknown error" : message;
}

}  // namespace docknet::store::etcd
