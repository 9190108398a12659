// The schema (lib/store/state_schema.hpp) is the one list of what the store keeps. These tests
// are driven by it, so a field added to a struct and to the schema is round-tripped without a
// new test, and a field added to a struct but not to the schema fails here.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <functional>
#include <utility>

#include "cmd/trace.hpp"
#include "lib/store/state_decode.hpp"
#include "lib/store/state_format.hpp"
#include "lib/store/state_schema.hpp"
#include "lib/store/yaml_codec.hpp"

using namespace docknet;
using namespace docknet::model;
using store::schema::Struct;
using store::schema::When;

namespace {

// ---- How many members a struct has (aggregate initialisation with N convertible values) ----

struct Any {
  template <class U>
  operator U&() const;
};
template <class T, size_t... I>
constexpr bool takes(std::index_sequence<I...>) {
  return requires { T{(void(I), Any{})...}; };
}
template <class T, size_t N = 0>
constexpr size_t member_count() {
  if constexpr (N > 64 || !takes<T>(std::make_index_sequence<N + 1>{})) return N;
  else return member_count<T, N + 1>();
}

struct CountFields {
  size_t n = 0;
  template <class M>
  void field(const char*, M&&, When) { ++n; }
  void map_key(const std::string&) { ++n; }
};
template <class T>
size_t schema_count() {
  CountFields c;
  T probe{};
  store::schema::visit_fields(c, probe);
  return c.n;
}

// ---- A value for every field, none of them the default, all different ----

struct Filler {
  int n = 0;
  // Quotes, a backslash and a control byte in every string; every third one is not UTF-8 (so
  // it is written as !!binary). No commas: lists of strings are written comma-joined.
  void fill(std::string& m) {
    ++n;
    m = fmt::format("v{} \"q\" \\ \x01", n);
    if (n % 3 == 0) m += "\xff";
  }
  void fill(bool& m) { m = !m; }
  void fill(uint64_t& m) { m = (uint64_t(1) << 63) + uint64_t(++n); }
  void fill(long long& m) { m = -1000 - (++n); }
  void fill(Timestamp& m) { m = Timestamp{1800000000 + (++n), 123456789 + n, 3600 * (n % 5 + 1)}; }
  void fill(IpAddress& m) {
    ++n;
    m = *IpAddress::parse(n % 2 ? fmt::format("10.{}.0.1", n % 250) : fmt::format("fd00:{:x}::1", n));
  }
  void fill(IpPrefix& m) {
    ++n;
    m = *IpPrefix::parse(n % 2 ? fmt::format("10.{}.0.7/16", n % 250) : fmt::format("fd00:{:x}::7/64", n));
  }
  // Every protocol, both families, a routed (port 0) binding.
  void fill(model::PortBinding& m) {
    ++n;
    m.protocol = n % 3 == 0 ? 6 : n % 3 == 1 ? 17 : 132;
    m.container_port = uint16_t(n);
    fill(m.host_ip);
    m.host_port = n % 4 == 0 ? 0 : uint16_t(60000 + n);
  }
  template <class R>
  void fill(store::schema::Intent<R> m) { m.value = kIntentConnectNewContainer; }
  template <class R>
  void fill(store::schema::SchemaVersion<R>) {}  // one legal value: the default
  template <class T>
  void fill(std::optional<T>& m) { fill(m.emplace()); }
  template <class T>
  void fill(std::vector<T>& m) {
    fill(m.emplace_back());
    fill(m.emplace_back());
  }
  template <class T>
  void fill(std::map<std::string, T>& m) {
    for (int i = 0; i < 2; ++i) {
      T v{};
      fill(v);
      if constexpr (Struct<T>) m.emplace(key_of(v), std::move(v));
      else {
        std::string k;
        fill(k);
        m.emplace(std::move(k), std::move(v));
      }
    }
  }
  template <Struct T>
  void fill(T& s) { store::schema::visit_fields(*this, s); }
  template <class M>
  void field(const char*, M&& m, When) { fill(std::forward<M>(m)); }
  void map_key(std::string& m) { fill(m); }

  template <class T>
  static std::string key_of(const T& s);
};

/// The member a struct is stored under in a mapping (its map_key).
struct KeyOf {
  std::string key;
  template <class M>
  void field(const char*, M&&, When) {}
  void map_key(const std::string& m) { key = m; }
};
template <class T>
std::string Filler::key_of(const T& s) {
  KeyOf k;
  store::schema::visit_fields(k, s);
  return k.key;
}

// ---- Every field differs from a default-made struct's (walks nested structs too) ----

struct Collect {
  struct Entry {
    std::string key;
    const void* at;
    std::function<bool(const void*, const void*)> same;
  };
  std::vector<Entry> fields;
  std::vector<std::function<void(const std::string&)>> nested;
  template <class M>
  void add(const char* key, const M& m) {
    fields.push_back({key, &m, [](const void* a, const void* b) { return *static_cast<const M*>(a) == *static_cast<const M*>(b); }});
  }
  template <class M>
  void field(const char* key, const M& m, When);
  template <class R>
  void field(const char*, store::schema::SchemaVersion<R>, When) {}  // cannot differ: skipped
  template <class R>
  void field(const char* key, store::schema::Intent<R> m, When) { add(key, m.value); }
  void map_key(const std::string& m) { add("(map key)", m); }
};

template <Struct T>
void expect_all_set(const T& filled, const std::string& where) {
  T blank{};
  Collect a, b;
  store::schema::visit_fields(a, filled);
  store::schema::visit_fields(b, blank);
  REQUIRE(a.fields.size() == b.fields.size());
  for (size_t i = 0; i < a.fields.size(); ++i) {
    INFO(where << ": " << a.fields[i].key);
    CHECK_FALSE(a.fields[i].same(a.fields[i].at, b.fields[i].at));
  }
  for (auto& check : a.nested) check(where);
}

template <class M>
void Collect::field(const char* key, const M& m, When) {
  add(key, m);
  if constexpr (requires { typename M::value_type; }) {
    using V = typename M::value_type;
    if constexpr (Struct<V>)
      nested.push_back([&m, key](const std::string& where) {
        for (const auto& item : m) expect_all_set(item, where + ": " + key);
      });
    else if constexpr (requires { typename V::second_type; })
      if constexpr (Struct<typename V::second_type>)
        nested.push_back([&m, key](const std::string& where) {
          for (const auto& [k, item] : m) expect_all_set(item, where + ": " + key);
        });
  }
}

State every_field_set() {
  State s;
  Filler f;
  f.fill(s);
  return s;
}

}  // namespace

TEST_CASE("schema: every member of every stored struct is in the schema") {
  // Not in the file, on purpose: what the cluster store gives (model/network.hpp):
  // State::cluster_hosts and cluster_unavailable, Network::remote_endpoints and peers.
  CHECK(schema_count<State>() + 2 == member_count<State>());
  CHECK(schema_count<Network>() + 2 == member_count<Network>());
  CHECK(schema_count<Endpoint>() == member_count<Endpoint>());
  CHECK(schema_count<Container>() == member_count<Container>());
  CHECK(schema_count<IpamConfig>() == member_count<IpamConfig>());
}

TEST_CASE("schema: a state with every field set survives emit and both readers") {
  State s = every_field_set();
  expect_all_set(s, "state");
  std::string text = store::emit_state(s);
  INFO(text);
  std::string why = "unset";
  auto fast = store::read_state_fast(text, "s.yaml", &why);
  INFO(why);
  REQUIRE(fast);
  CHECK(why == "unset");  // only said when it gives up
  CHECK(*fast == s);
  CHECK(store::decode_state_with_yaml_cpp(text, "s.yaml") == s);
  // And writing what was read gives the same bytes.
  CHECK(store::emit_state(*fast) == text);
}

TEST_CASE("schema: a store docknet wrote is read without falling back to yaml-cpp") {
  int fallbacks = 0;
  store::FallbackWatch watch([&](const std::string&) { ++fallbacks; });
  for (const State& s : {State{}, every_field_set()}) {
    std::string why = "unset";
    CHECK(store::decode_state(store::emit_state(s), "s.yaml", &why) == s);
    CHECK(why.empty());
  }
  CHECK(fallbacks == 0);
}

namespace {

State lab() {
  State s;
  s.boot_id = "b1";
  Network n;
  n.name = "lab";
  n.id = "abc";
  n.created = *Timestamp::parse_rfc3339("2026-01-02T03:04:05.5Z");
  n.ipam_options = StringMap{};
  n.ipam_config.push_back(IpamConfig{*IpPrefix::parse("10.1.0.0/16"), std::nullopt, *IpAddress::parse("10.1.0.1"), {}});
  n.labels = {{"a", "b c"}};
  s.networks.push_back(n);
  return s;
}

// The same state as lab(), as a person might write it: flow style, comments, plain and
// single-quoted scalars, keys in another order.
constexpr const char* kHandWritten = R"(# edited by hand
schema: 1
boot_id: 'b1'   # single quotes
containers: []
networks:
- {name: lab, id: "abc", created: 2026-01-02T03:04:05.5Z, scope: local, driver: bridge,
   enable_ipv4: true, enable_ipv6: false, internal: false, attachable: false, ingress: false,
   config_only: false, config_from: "", bridge_preexisting: false, ipam_driver: default,
   ipam_options: {}, ipam_config: [{subnet: 10.1.0.0/16, gateway: 10.1.0.1}],
   options: {}, labels: {a: 'b c'}, containers: {}}
# end of docknet state
)";

}  // namespace

TEST_CASE("schema: a hand-edited store falls back to yaml-cpp once, says why, and reads the same") {
  std::vector<std::string> reasons;
  store::FallbackWatch watch([&](const std::string& why) { reasons.push_back(why); });
  std::string why;
  CHECK(store::decode_state(kHandWritten, "s.yaml", &why) == lab());
  REQUIRE(reasons.size() == 1);
  CHECK(why == "line 3: a plain scalar other than null, true, false or a whole number");
  CHECK(reasons[0] == "s.yaml " + why);

  // A docknet-written file with one line edited: a trailing comment.
  reasons.clear();
  std::string text = store::emit_state(lab());
  std::string edited = text;
  edited.replace(edited.find("    scope: \"local\""), 18, "    scope: \"local\"  # edited");
  CHECK(store::decode_state(edited, "s.yaml", &why) == lab());
  CHECK(reasons.size() == 1);
  CHECK(why == "line 9: text after the value");
}

TEST_CASE("schema: under --debug, the trace says the fast reader fell back and why") {
  struct TextStore : store::Store {
    std::string text;
    std::unique_ptr<store::StoreLock> lock(bool) override { return nullptr; }
    std::unique_ptr<store::StoreLock> lock_existing(bool, std::optional<std::chrono::milliseconds>) override {
      return nullptr;
    }
    std::optional<State> load() override { return store::decode_state(text, "/x/networks.yaml"); }
    void save(const State&) override {}
    std::string recorded_firewall() override { return ""; }
    void record_firewall(const std::string&) override {}
  } inner;
  std::vector<std::string> lines;
  auto traced = cli::traced_store(inner, [&](const std::string& l) { lines.push_back(l); });
  inner.text = store::emit_state(lab());
  traced->load();
  CHECK(lines == std::vector<std::string>{"store: load", "store: loaded 1 network(s), 0 container(s)"});
  lines.clear();
  inner.text = kHandWritten;
  traced->load();
  CHECK(lines == std::vector<std::string>{"store: load",
                                          "store: fast reader fell back to yaml-cpp: /x/networks.yaml line 3: a plain "
                                          "scalar other than null, true, false or a whole number",
                                          "store: loaded 1 network(s), 0 container(s)"});
}
