#include <catch2/catch.hpp>

#include "lib/core/error.hpp"
#include "lib/model/filters.hpp"

using namespace docknet;
using namespace docknet::model;

static Network net(const std::string& name, const std::string& id, StringMap labels = {}) {
  Network n;
  n.name = name;
  n.id = id;
  n.labels = std::move(labels);
  return n;
}

static FilterArgs F(std::initializer_list<const char*> flags) {
  FilterArgs a;
  for (const char* f : flags) REQUIRE(add_filter(a, f));
  return a;
}

TEST_CASE("name and id filters are unanchored regexps, OR across values") {
  auto n = net("frontend-net", "abc123");
  CHECK(matches_list_filters(n, F({"name=front"})));
  CHECK(matches_list_filters(n, F({"name=^front.*net$"})));
  CHECK_FALSE(matches_list_filters(n, F({"name=^net"})));
  CHECK(matches_list_filters(n, F({"name=zzz", "name=end"})));
  CHECK(matches_list_filters(n, F({"id=c12"})));
  CHECK_FALSE(matches_list_filters(n, F({"name=[invalid"})));
}

TEST_CASE("label filters: every term must match; key or key=value") {
  auto n = net("a", "1", {{"env", "ci"}, {"team", "net"}});
  CHECK(matches_list_filters(n, F({"label=env"})));
  CHECK(matches_list_filters(n, F({"label=env=ci", "label=team"})));
  CHECK_FALSE(matches_list_filters(n, F({"label=env=ci", "label=team=web"})));
  CHECK_FALSE(matches_list_filters(net("b", "2"), F({"label=env"})));
}

TEST_CASE("driver and scope are exact; type and dangling") {
  auto n = net("mynet", "1");
  auto bridge = net("bridge", "2");
  CHECK(matches_list_filters(n, F({"driver=bridge"})));
  CHECK_FALSE(matches_list_filters(n, F({"driver=bri"})));
  CHECK(matches_list_filters(n, F({"scope=local"})));
  CHECK(matches_list_filters(n, F({"type=custom"})));
  CHECK_FALSE(matches_list_filters(bridge, F({"type=custom"})));
  CHECK(matches_list_filters(bridge, F({"type=builtin"})));
  CHECK(matches_list_filters(n, F({"dangling=true"})));
  CHECK_FALSE(matches_list_filters(bridge, F({"dangling=1"})));
  CHECK(matches_list_filters(bridge, F({"dangling=false"})));
}

TEST_CASE("filter keys are lowercased and trimmed; a value without = is refused") {
  FilterArgs a;
  CHECK(add_filter(a, " NAME = x "));
  CHECK(a.count("name"));
  CHECK(a["name"][0] == "x");
  CHECK_FALSE(add_filter(a, "foo"));
}

TEST_CASE("invalid filters get Docker's words") {
  CHECK_THROWS_WITH(validate_list_filters(F({"foo=bar"})), "invalid filter 'foo'");
  CHECK_THROWS_WITH(validate_list_filters(F({"="})), "invalid filter");  // no key, no quotes
  CHECK_THROWS_WITH(validate_list_filters(F({"type=x"})), "invalid filter: 'type'='x'");
  CHECK_THROWS_WITH(validate_list_filters(F({"dangling=maybe"})),
                    "invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or \"0\")");
  Timestamp now{1795872214, 0, 0};
  CHECK_THROWS_WITH(validate_prune_filters(F({"name=x"}), now), "invalid filter 'name'");
  CHECK_NOTHROW(validate_prune_filters(F({"until=24h", "label!=keep"}), now));
}

TEST_CASE("prune filters: until compares creation time, label! excludes") {
  Timestamp now{1795872214, 0, 0};
  auto old_net = net("old", "1", {{"keep", "yes"}});
  old_net.created = Timestamp{now.seconds - 7200, 0, 0};
  auto new_net = net("new", "2");
  new_net.created = now;
  CHECK(matches_prune_filters(old_net, F({"until=1h"}), now));
  CHECK_FALSE(matches_prune_filters(new_net, F({"until=1h"}), now));
  CHECK_FALSE(matches_prune_filters(old_net, F({"label!=keep"}), now));
  CHECK(matches_prune_filters(new_net, F({"label!=keep"}), now));
}

// Docker 29.4+ (moby@docker-v29.7.2:daemon/internal/timestamp/timestamp.go:93, :134; docker29-deltas row 15).
TEST_CASE("prune until: the daemon's parse errors, and fractions of up to 20 digits") {
  Timestamp now{1795800000, 0, 0};
  auto err = [&](const char* v) {
    try {
      validate_prune_filters(F({v}), now);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK(err("until=bogus") == "failed to parse value as time or duration: invalid seconds \"bogus\": invalid syntax");
  CHECK(err("until=12.3x") == "failed to parse value as time or duration: invalid nanoseconds: invalid character 'x' at position 1");
  CHECK(err("until=99999999999999999999") == "failed to parse value as time or duration: invalid seconds \"99999999999999999999\": value out of range");
  CHECK(err("until=1.123456789012345678901") ==
        "failed to parse value as time or duration: invalid nanoseconds: length 21 exceeds maximum 20");
  CHECK(err("until= ") == "failed to parse value as time or duration: value is empty");
  CHECK(err("until=1.12345678901234") == "accepted");
  CHECK(err("until=10m") == "accepted");
}

#include "lib/model/go_regexp.hpp"

TEST_CASE("name filters use Go's regexp syntax (RE2), not ECMAScript's") {
  CHECK(go_regexp_search("(?i)FRONT", "frontend"));
  CHECK(go_regexp_search("end(?i)NET", "frontendnet"));  // a flag group may come anywhere
  CHECK(go_regexp_search("\\Afront", "frontend"));
  CHECK_FALSE(go_regexp_search("\\Aend", "frontend"));
  CHECK(go_regexp_search("end\\z", "frontend"));
  CHECK(go_regexp_search("^\\pL+$", "réseau"));      // Unicode classes, on UTF-8 text
  CHECK_FALSE(go_regexp_search("^\\pL+$", "net1"));
  CHECK(go_regexp_search("^[[:alpha:]]+-", "front-1"));
  CHECK(go_regexp_search("(?P<n>fr)ont", "frontend"));
  CHECK(go_regexp_search("(?<n>fr)ont", "frontend"));  // Go 1.22's Perl form
  CHECK(go_regexp_search("a.b", "a\nb") == false);      // . excludes \n without (?s)
  CHECK(go_regexp_search("(?s)a.b", "a\nb"));
  // What Go refuses is skipped (matches nothing), whatever ECMAScript would make of it.
  CHECK_FALSE(go_regexp_search("(?=front)", "frontend"));    // no lookahead in RE2
  CHECK_FALSE(go_regexp_search("(fr)\\1", "frfr"));          // no backreferences
  CHECK_FALSE(go_regexp_search("a{1001}", std::string(1001, 'a')));  // repeat limit 1000
  CHECK(go_regexp_search("a{1000}", std::string(1000, 'a')));
  CHECK_FALSE(go_regexp_search("[invalid", "[invalid"));
}

TEST_CASE("Go regexp: (?< inside a class or \\Q..\\E stays literal; \\C is refused as Go refuses it") {
  CHECK_FALSE(go_regexp_search("^[(?<x]$", "P"));
  CHECK(go_regexp_search("^[(?<x]$", "<"));
  CHECK(go_regexp_search("^\\Q(?<a>\\E$", "(?<a>"));
  CHECK_FALSE(go_regexp_search("^\\Q(?<a>\\E$", "(?P<a>"));
  CHECK(go_regexp_search("^[]a]+$", "]a]"));
  CHECK(go_regexp_search("^[^](?<]+$", "xyz"));
  CHECK_FALSE(go_regexp_search("\\C", "anything"));
  CHECK(go_regexp_search("\\QC\\E", "C"));
  CHECK(go_regexp_search("(?<n>a)[(?<]", "a<"));
}
