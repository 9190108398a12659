// The etcd client's pieces without a network (JSON, base64, the cluster-store value, HTTP
// framing, etcd 3.4's gateway answers as captured from a real etcd 3.4.23), and MemoryKv's
// etcd semantics. The client against a real etcd: tests/e2e/185-etcd-client.bats.
#include <catch2/catch.hpp>

#include "lib/core/error.hpp"
#include "lib/core/base64.hpp"
#include "lib/store/etcd/endpoints.hpp"
#include "lib/store/etcd/etcd_client.hpp"
#include "lib/store/etcd/etcd_codec.hpp"
#include "lib/store/etcd/http.hpp"
#include "lib/store/etcd/json.hpp"
#include "lib/store/kv_store.hpp"

using namespace docknet;
using namespace docknet::store;
using namespace docknet::store::etcd;

TEST_CASE("prefix_end is etcd's GetPrefixRangeEnd", "[etcd]") {
  CHECK(prefix_end("/a/") == "/a0");
  CHECK(prefix_end("ab") == "ac");
  CHECK(prefix_end(std::string("a\xff", 2)) == "b");
  CHECK(prefix_end(std::string("a\xfe\xff", 3)) == "a\xff");
  CHECK(prefix_end(std::string("\xff\xff", 2)) == std::string(1, '\0'));
  CHECK(prefix_end("") == std::string(1, '\0'));
}

TEST_CASE("JSON: objects, arrays, literals and numbers, in document order", "[etcd][json]") {
  Json j = Json::parse(R"( {"a": [1, -2.5e3, true, false, null, {"b": {}}], "c": "x", "a2": []} )");
  REQUIRE(j.type == Json::Type::Object);
  REQUIRE(j.members.size() == 3);
  CHECK(j.members[0].first == "a");
  const Json* a = j.find("a");
  REQUIRE(a);
  REQUIRE(a->items.size() == 6);
  CHECK(a->items[0].text == "1");
  CHECK(a->items[1].text == "-2.5e3");
  CHECK(a->items[2].boolean);
  CHECK(a->items[3].type == Json::Type::Bool);
  CHECK(!a->items[3].boolean);
  CHECK(a->items[4].type == Json::Type::Null);
  CHECK(a->items[5].find("b")->type == Json::Type::Object);
  CHECK(j.find("c")->text == "x");
  CHECK(j.find("a2")->items.empty());
  CHECK(j.find("missing") == nullptr);
  CHECK(a->find("b") == nullptr);  // no object
}

TEST_CASE("JSON: string escapes, \\u and surrogate pairs become UTF-8", "[etcd][json]") {
  Json j = Json::parse(R"("q\" b\\ s\/ \b\f\n\r\t \u00e9\u20ac\ud83d\ude00 \u0000")");
  CHECK(j.text == std::string("q\" b\\ s/ \b\f\n\r\t \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 ") + '\0');
  CHECK(Json::parse("\"é€😀\"").text == "é€😀");  // raw UTF-8 passes as is
  std::string odd = std::string("a\"b\\c\n\x01\x1f", 8) + "é";
  CHECK(Json::parse(json_quote(odd)).text == odd);
  CHECK(json_quote("\n\x01") == "\"\\u000a\\u0001\"");
}

TEST_CASE("JSON: garbage is refused with a position", "[etcd][json]") {
  for (const char* bad : {"", " ", "{", "}", "{\"a\":}", "{\"a\" 1}", "{a:1}", "[1,]", "[1 2]", "tru", "nul", "01",
                          "1.", "-", "1e", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"\\ud800\"",
                          "\"\\udc00\"", "\"\\ud800\\u0041\"", "{} {}", "[1]x", "{\"a\":1,}", "'a'"}) {
    INFO(bad);
    CHECK_THROWS_AS(Json::parse(bad), JsonError);
  }
  CHECK_THROWS_AS(Json::parse(std::string("\"a\x01\"")), JsonError);
  CHECK_THROWS_WITH(Json::parse("[1,]"), Catch::Contains("at byte 3"));
  CHECK_THROWS_WITH(Json::parse(std::string(100, '[') + std::string(100, ']')), Catch::Contains("nested too deeply"));
  CHECK_NOTHROW(Json::parse(std::string(60, '[') + std::string(60, ']')));
}

TEST_CASE("JSON: protobuf's int64 as string or number, absent fields as defaults", "[etcd][json]") {
  Json j = Json::parse(R"({"s":"12","n":13,"neg":"-4","big":"9223372036854775807","bad":"1x","t":true,"o":{}})");
  CHECK(json_int64(j.find("s")) == 12);
  CHECK(json_int64(j.find("n")) == 13);
  CHECK(json_int64(j.find("neg")) == -4);
  CHECK(json_int64(j.find("big")) == INT64_MAX);
  CHECK(json_int64(nullptr) == 0);
  CHECK_THROWS_AS(json_int64(j.find("bad")), JsonError);
  CHECK_THROWS_AS(json_int64(j.find("o")), JsonError);
  CHECK(json_bool(j.find("t")));
  CHECK(!json_bool(nullptr));
  CHECK_THROWS_AS(json_bool(j.find("s")), JsonError);
  CHECK(json_string(j.find("s")) == "12");
  CHECK(json_string(nullptr).empty());
}

TEST_CASE("base64: RFC 4648's vectors, every byte, unpadded input, garbage refused", "[etcd][base64]") {
  // etcd's JSON: padded or not (the state file takes padded only: store_integrity_test).
  auto decode = [](std::string_view t) { return docknet::base64_decode(t, docknet::Base64Padding::Optional); };
  const std::pair<const char*, const char*> vectors[] = {{"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},  {"foob", "Zm9vYg=="},  {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (auto [plain, coded] : vectors) {
    CHECK(base64_encode(plain) == coded);
    CHECK(decode(coded) == std::string(plain));
  }
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (size_t n = 0; n <= all.size(); n += 37) CHECK(decode(base64_encode(all.substr(0, n))) == all.substr(0, n));
  CHECK(base64_encode("é€😀") == "w6nigqzwn5iA");  // as etcd stored it
  CHECK(decode("Zg") == std::string("f"));
  CHECK(decode("Zm8") == std::string("fo"));
  for (const char* bad : {"Z", "Zm9v!", "Zm9", "Zg=", "Z===", "Zh==", "Zm9=", "Zm 9v", "Zm9v-_"}) {
    INFO(bad);
    CHECK(!decode(bad));
  }
}

TEST_CASE("cluster-store values: one or more members, names, IPv4 and bracketed IPv6", "[etcd][url]") {
  auto eps = parse_cluster_store("etcd://10.0.0.1:2379");
  REQUIRE(eps.size() == 1);
  CHECK(eps[0].host == "10.0.0.1");
  CHECK(eps[0].port == 2379);
  CHECK(parse_cluster_store("etcd://node-1.example")[0].port == 2379);
  CHECK(describe_endpoints(parse_cluster_store("etcd://h1:1,h2:2")) == "etcd://h1:1,h2:2");
  CHECK(describe_endpoints(parse_cluster_store("etcd://h1:1,etcd://h2")) == "etcd://h1:1,h2:2379");
  auto v6 = parse_cluster_store("etcd://[fd00::1]:23790,[::1]");
  REQUIRE(v6.size() == 2);
  CHECK(v6[0].host == "fd00::1");
  CHECK(v6[0].port == 23790);
  CHECK(v6[1].text() == "[::1]:2379");
  CHECK(EtcdClient("etcd://10.0.0.1:2379,[fd00::2]:1").describe() == "etcd://10.0.0.1:2379,[fd00::2]:1");
}

TEST_CASE("cluster-store values: anything else is refused, naming the value", "[etcd][url]") {
  const std::pair<const char*, const char*> bad[] = {
      {"https://10.0.0.1:2379", "unsupported scheme \"https\""},
      {"http://10.0.0.1:2379", "unsupported scheme \"http\""},
      {"10.0.0.1:2379", "expected etcd://"},
      {"etcd://", "empty member"},
      {"etcd://h1,,h2", "empty member"},
      {"etcd://h1,", "empty member"},
      {"etcd://user:pw@h:2379", "user information"},
      {"etcd://h:2379/v3", "path or query"},
      {"etcd://h:2379?x=1", "path or query"},
      {"etcd://h:0", "out of range"},
      {"etcd://h:65536", "out of range"},
      {"etcd://h:", "bad port"},
      {"etcd://h:x", "bad port"},
      {"etcd://h:-1", "bad port"},
      {"etcd://fd00::1:2379", "in brackets"},
      {"etcd://[fd00::1", "missing ']'"},
      {"etcd://[zz]:1", "bad IPv6 address"},
      {"etcd://[::1]x", "unexpected"},
      {"etcd://h_1:1,https://h2:1", "unsupported scheme"},
      {"etcd://-h:1", "bad host"},
      {"etcd://h h:1", "bad host"},
  };
  for (auto [value, why] : bad) {
    INFO(value);
    try {
      parse_cluster_store(value);
      FAIL("accepted");
    } catch (const docknet::Error& e) {
      CHECK(e.kind() == docknet::ErrorKind::InvalidParameter);
      CHECK_THAT(e.what(), Catch::StartsWith(std::string("invalid cluster-store \"") + value + "\": "));
      CHECK_THAT(e.what(), Catch::Contains(why));
    }
  }
  CHECK_THROWS_AS(EtcdClient("https://h:2379"), docknet::Error);
}

TEST_CASE("HTTP: response heads", "[etcd][http]") {
  auto head = parse_http_head(
      "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nTrailer: Grpc-Trailer-Content-Type\r\n"
      "Date: Thu, 03 Dec 2026 15:23:53 GMT\r\nTransfer-Encoding: chunked");
  REQUIRE(head);
  CHECK(head->status == 400);
  CHECK(head->reason == "Bad Request");
  CHECK(head->chunked);
  CHECK(!head->close);
  head = parse_http_head("HTTP/1.1 200 OK\r\ncontent-length:  111 \r\nConnection: close");
  REQUIRE(head);
  CHECK(head->content_length == 111);
  CHECK(head->close);
  CHECK(parse_http_head("HTTP/1.0 200 OK")->close);
  CHECK(parse_http_head("HTTP/1.1 404 Not Found")->content_length == -1);
  CHECK(!parse_http_head("SSH-2.0-OpenSSH_9.2"));
  CHECK(!parse_http_head("HTTP/1.1 2x0 OK"));
  CHECK(!parse_http_head("HTTP/1.1 200 OK\r\nContent-Length: -5"));
  CHECK(http_post("h:1", "/v3/kv/range", "{}") ==
        "POST /v3/kv/range HTTP/1.1\r\nHost: h:1\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
        "Content-Length: 2\r\n\r\n{}");
}

// etcd 3.4's error answer as sent on the wire: one chunk, the last chunk, a trailer.
static const std::string kChunkedError =
    "60\r\n{\"error\":\"etcdserver: key is not provided\",\"message\":\"etcdserver: key is not provided\",\"code\":3}"
    "\r\n0\r\nGrpc-Trailer-Content-Type: application/grpc\r\n\r\n";

TEST_CASE("HTTP: chunked bodies decode in any pieces, trailers dropped, the next response left", "[etcd][http]") {
  const std::string body = "{\"error\":\"etcdserver: key is not provided\",\"message\":\"etcdserver: key is not provided\",\"code\":3}";
  ChunkedDecoder whole;
  std::string stream = kChunkedError + "HTTP/1.1 200 OK";
  size_t used = whole.feed(stream);
  CHECK(whole.finished());
  CHECK(stream.substr(used) == "HTTP/1.1 200 OK");
  CHECK(whole.take() == body);

  ChunkedDecoder bytewise;
  std::string out;
  for (char c : kChunkedError) {
    CHECK(bytewise.feed(std::string(1, c)) == 1);
    out += bytewise.take();
  }
  CHECK(bytewise.finished());
  CHECK(out == body);

  ChunkedDecoder ext;
  ext.feed("3;name=v\r\nabc\r\nA\r\n0123456789\r\n0\r\n\r\n");
  CHECK(ext.finished());
  CHECK(ext.take() == "abc0123456789");

  ChunkedDecoder partial;  // a watch stream: data comes out before the body ends
  partial.feed("5\r\nhel");
  CHECK(partial.take() == "hel");
  partial.feed("lo\r\n");
  CHECK(partial.take() == "lo");
  CHECK(!partial.finished());

  CHECK_THROWS(ChunkedDecoder().feed("zz\r\n"));
  CHECK_THROWS(ChunkedDecoder().feed("\r\n"));
  CHECK_THROWS(ChunkedDecoder().feed("3\r\nabcX\r\n"));
}

TEST_CASE("etcd requests in the gateway's JSON", "[etcd][codec]") {
  CHECK(range_request("/a", "") == R"({"key":"L2E="})");
  CHECK(range_request("/", "0") == R"({"key":"Lw==","range_end":"MA=="})");
  // "" with a range end: from the first key, which etcd spells "\0" (it refuses an empty key).
  CHECK(range_request("", std::string(1, '\0')) == R"({"key":"AA==","range_end":"AA=="})");
  CHECK(range_request("", "") == R"({"key":""})");  // etcd's own error then says what is wrong
  Compare absent{"/b", "", Compare::Target::Create, Compare::Result::Equal, 0};
  Compare older{"/", "0", Compare::Target::Mod, Compare::Result::Less, 100};
  TxnOp put{TxnOp::Kind::Put, "/b", "x", ""};
  TxnOp del{TxnOp::Kind::Delete, "/", "", "0"};
  CHECK(txn_request({absent, older}, {put, del}) ==
        R"({"compare":[{"key":"L2I=","target":"CREATE","result":"EQUAL","create_revision":"0"},)"
        R"({"key":"Lw==","range_end":"MA==","target":"MOD","result":"LESS","mod_revision":"100"}],)"
        R"("success":[{"request_put":{"key":"L2I=","value":"eA=="}},{"request_delete_range":{"key":"Lw==","range_end":"MA=="}}]})");
  Compare version{"/v", "", Compare::Target::Version, Compare::Result::NotEqual, 2};
  CHECK(txn_request({version}, {}) ==
        R"({"compare":[{"key":"L3Y=","target":"VERSION","result":"NOT_EQUAL","version":"2"}],"success":[]})");
  CHECK(watch_request("/", "0", 5) == R"({"create_request":{"key":"Lw==","range_end":"MA==","start_revision":"5"}})");
  CHECK(watch_request("/a", "", 0) == R"({"create_request":{"key":"L2E="}})");
}

// Answers of etcd 3.4.23's gateway, as captured (tests/e2e/185-etcd-client.bats runs the same
// etcd). Fields equal to their default are left out: no "kvs" when none, no "value" when empty,
// no "succeeded" when false, no event "type" for a PUT, no "revision" in a canceled watch's header.
static const char kHeader[] =
    R"("header":{"cluster_id":"324952591200643719","member_id":"3319814642761637952","revision":"5","raft_term":"2"})";

TEST_CASE("etcd 3.4 answers: range", "[etcd][codec]") {
  auto none = parse_range(Json::parse(std::string("{") + kHeader + "}"));
  CHECK(none.revision == 5);
  CHECK(none.kvs.empty());
  auto two = parse_range(Json::parse(std::string("{") + kHeader +
                                     R"(,"kvs":[{"key":"L2E=","create_revision":"2","mod_revision":"2","version":"1","value":"aGVsbG8="},)"
                                     R"({"key":"L2Q=","create_revision":"4","mod_revision":"4","version":"1"}],"count":"2"})"));
  REQUIRE(two.kvs.size() == 2);
  CHECK(two.kvs[0].key == "/a");
  CHECK(two.kvs[0].value == "hello");
  CHECK(two.kvs[0].create_revision == 2);
  CHECK(two.kvs[0].mod_revision == 2);
  CHECK(two.kvs[0].version == 1);
  CHECK(two.kvs[1].key == "/d");
  CHECK(two.kvs[1].value.empty());
  auto unicode = parse_range(Json::parse(std::string("{") + kHeader +
                                         R"(,"kvs":[{"key":"L3U=","create_revision":"5","mod_revision":"5","version":"1","value":"w6nigqzwn5iA"}],"count":"1"})"));
  CHECK(unicode.kvs[0].value == "é€😀");
  CHECK_THROWS_AS(parse_range(Json::parse(R"({"kvs":[{"key":"!!"}]})")), JsonError);
  CHECK_THROWS_AS(parse_range(Json::parse(R"({"kvs":{}})")), JsonError);
  CHECK_THROWS_AS(parse_range(Json::parse(R"({"header":[]})")), JsonError);
}

TEST_CASE("etcd 3.4 answers: txn, succeeded or not", "[etcd][codec]") {
  auto ok = parse_txn(Json::parse(std::string("{") + kHeader +
                                  R"(,"succeeded":true,"responses":[{"response_put":{"header":{"revision":"3"}}}]})"));
  CHECK(ok.succeeded);
  CHECK(ok.revision == 5);
  auto failed = parse_txn(Json::parse(std::string("{") + kHeader + "}"));
  CHECK(!failed.succeeded);
  CHECK(failed.revision == 5);
  CHECK(parse_txn(Json::parse(std::string("{") + kHeader +
                              R"(,"succeeded":true,"responses":[{"response_delete_range":{"header":{"revision":"4"},"deleted":"1"}}]})"))
            .succeeded);
}

TEST_CASE("etcd 3.4 answers: errors", "[etcd][codec]") {
  CHECK(error_message(Json::parse(
            R"({"error":"invalid character 'g' looking for beginning of object key string","message":"invalid character 'g' looking for beginning of object key string","code":3})")) ==
        std::string("invalid character 'g' looking for beginning of object key string"));
  CHECK(error_message(Json::parse(
            R"({"error":"etcdserver: mvcc: required revision has been compacted","message":"etcdserver: mvcc: required revision has been compacted","code":11})")) ==
        std::string("etcdserver: mvcc: required revision has been compacted"));
  CHECK(error_message(Json::parse(R"({"error":{"grpc_code":14,"http_code":503,"message":"etcdserver: no leader"}})")) ==
        std::string("etcdserver: no leader"));
  CHECK(!error_message(Json::parse(std::string("{") + kHeader + "}")));
}

TEST_CASE("etcd 3.4 answers: the watch stream", "[etcd][codec]") {
  auto created = parse_watch_message(Json::parse(std::string(R"({"result":{)") + kHeader + R"(,"created":true}})"));
  CHECK(created.created);
  CHECK(created.events.empty());
  // Catching up from revision 1: every past event in one message, under the newest revision.
  auto past = parse_watch_message(Json::parse(
      std::string(R"({"result":{)") + kHeader +
      R"(,"events":[{"kv":{"key":"L2E=","create_revision":"2","mod_revision":"2","version":"1","value":"aGVsbG8="}},)"
      R"({"kv":{"key":"L2I=","create_revision":"3","mod_revision":"3","version":"1","value":"eA=="}},)"
      R"({"kv":{"key":"L2M=","create_revision":"3","mod_revision":"3","version":"1","value":"eA=="}},)"
      R"({"type":"DELETE","kv":{"key":"L2I=","mod_revision":"4"}}]}})"));
  CHECK(past.revision == 5);
  REQUIRE(past.events.size() == 4);
  CHECK(!past.events[0].deleted);
  CHECK(past.events[3].deleted);
  CHECK(past.events[3].kv.key == "/b");
  CHECK(past.events[3].kv.mod_revision == 4);
  auto batches = by_revision(past.events);
  REQUIRE(batches.size() == 3);
  CHECK(batches[0].first == 2);
  CHECK(batches[1].first == 3);
  CHECK(batches[1].second.size() == 2);
  CHECK(batches[2].first == 4);
  auto canceled = parse_watch_message(Json::parse(
      R"({"result":{"header":{"cluster_id":"324952591200643719","member_id":"3319814642761637952","raft_term":"2"},"canceled":true,"compact_revision":"3"}})"));
  CHECK(canceled.canceled);
  CHECK(canceled.compact_revision == 3);
  CHECK(canceled.revision == 0);
  CHECK_THROWS_AS(parse_watch_message(Json::parse(R"({"result":{"events":[{"type":"EXPIRE","kv":{}}]}})")), JsonError);
}
