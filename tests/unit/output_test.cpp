#include <catch2/catch.hpp>

#include "cmd/output/formatter.hpp"
#include "cmd/output/json.hpp"
#include "cmd/output/network_json.hpp"
#include "cmd/output/table.hpp"
#include "cmd/output/template.hpp"

using namespace docknet;
using namespace docknet::output;

static model::Network lab() {
  model::Network n;
  n.name = "lab";
  n.id = "0496d2261ffd3c1e7d83a37790c29bddb0f032e5d4400f1de266760c76dacc69";
  n.created = Timestamp{1795872214, 829180386, 0};
  n.internal = true;
  n.ipam_options = StringMap{};
  model::IpamConfig c;
  c.subnet = *IpPrefix::parse("10.10.0.0/24");
  c.gateway = *IpAddress::parse("10.10.0.254");
  n.ipam_config.push_back(c);
  n.options = {{"com.docker.network.driver.mtu", "1400"}};
  n.labels = {{"team", "net"}, {"env", "ci"}};
  return n;
}

TEST_CASE("tabwriter aligns as the docker CLI does (shared/reference/ls.txt)") {
  std::string in = "NETWORK ID\tNAME\tDRIVER\tSCOPE\n24237702e5b4\tbnet\tbridge\tlocal\n13fffc446096\tbridge\tbridge\tlocal\n";
  CHECK(tabwrite(in) ==
        "NETWORK ID     NAME      DRIVER    SCOPE\n24237702e5b4   bnet      bridge    local\n"
        "13fffc446096   bridge    bridge    local\n");
}

TEST_CASE("ls table with a custom template derives headers (reference/ls.txt)") {
  model::Network bnet = lab();
  bnet.name = "bnet";
  bnet.internal = false;
  bnet.labels.clear();
  std::vector<Value> rows{list_row(bnet, false), list_row(lab(), false)};
  CHECK(format_rows("table {{.Name}}\\t{{.Driver}}\\t{{.Labels}}\\t{{.Internal}}", rows, list_header()) ==
        "NAME      DRIVER    LABELS            INTERNAL\n"
        "bnet      bridge                      false\n"
        "lab       bridge    env=ci,team=net   true\n");
}

TEST_CASE("ls --format json prints one object per line with sorted keys") {
  std::vector<Value> rows{list_row(lab(), false)};
  CHECK(format_rows("json", rows, list_header()) ==
        "{\"CreatedAt\":\"2026-11-28 13:23:34.829180386 +0000 UTC\",\"Driver\":\"bridge\",\"ID\":\"0496d2261ffd\","
        "\"IPv4\":\"true\",\"IPv6\":\"false\",\"Internal\":\"true\",\"Labels\":\"env=ci,team=net\",\"Name\":\"lab\","
        "\"Scope\":\"local\"}\n");
}

TEST_CASE("Label method and its header") {
  std::vector<Value> rows{list_row(lab(), true)};
  CHECK(format_rows("table {{.ID}}\\t{{.Label \"team\"}}", rows, list_header()) ==
        "NETWORK ID                                                         team\n"
        "0496d2261ffd3c1e7d83a37790c29bddb0f032e5d4400f1de266760c76dacc69   net\n");
}

TEST_CASE("inspect JSON: Docker 29 field order, 4-space indent, Status") {
  std::string expected = R"({
    "Name": "lab",
    "Id": "0496d2261ffd3c1e7d83a37790c29bddb0f032e5d4400f1de266760c76dacc69",
    "Created": "2026-11-28T13:23:34.829180386Z",
    "Scope": "local",
    "Driver": "bridge",
    "EnableIPv4": true,
    "EnableIPv6": false,
    "IPAM": {
        "Driver": "default",
        "Options": {},
        "Config": [
            {
                "Subnet": "10.10.0.0/24",
                "Gateway": "10.10.0.254"
            }
        ]
    },
    "Internal": true,
    "Attachable": false,
    "Ingress": false,
    "ConfigFrom": {
        "Network": ""
    },
    "ConfigOnly": false,
    "Options": {
        "com.docker.network.driver.mtu": "1400"
    },
    "Labels": {
        "env": "ci",
        "team": "net"
    },
    "Containers": {},
    "Status": {
        "IPAM": {
            "Subnets": {
                "10.10.0.0/24": {
                    "IPsInUse": 3,
                    "DynamicIPsAvailable": 253
                }
            }
        }
    }
})";
  CHECK(to_json(inspect_value(lab()), 4) == expected);
}

// Docker 28.5 and 29: a network that allocated nothing has a nil Config slice, and Status' Subnets
// is omitempty (docker29-deltas rows 12c, 12d); a template still sees an empty list and map.
TEST_CASE("built-in networks show null IPAM options and config, and an empty IPAM status") {
  model::Network host;
  host.name = "host";
  host.driver = "host";
  std::string json = to_json(inspect_value(host));
  CHECK(json.find("\"IPAM\":{\"Driver\":\"default\",\"Options\":null,\"Config\":null}") != std::string::npos);
  CHECK(json.find("\"Status\":{\"IPAM\":{}}") != std::string::npos);
  CHECK(Template::parse("{{.IPAM.Config}} {{len .IPAM.Config}} {{json .IPAM.Config}} {{.Status.IPAM.Subnets}}")
            .execute(inspect_value(host)) == "[] 0 null map[]");
}

TEST_CASE("templates over inspect: Go and JSON field names, range, json, join") {
  Value v = inspect_value(lab());
  auto run = [&](const std::string& t) { return Template::parse(t).execute(v); };
  CHECK(run("{{.Name}} {{.ID}}") == "lab 0496d2261ffd3c1e7d83a37790c29bddb0f032e5d4400f1de266760c76dacc69");
  // The typed struct knows only Go names; docker's retry on the raw JSON map finds .Id.
  CHECK_THROWS_WITH(run("{{.Id}}"), "template: :1:2: executing \"\" at <.Id>: can't evaluate field Id in type network.Inspect");
  CHECK(Template::parse("{{.Id}}").execute(raw_value(v)) == "0496d2261ffd3c1e7d83a37790c29bddb0f032e5d4400f1de266760c76dacc69");
  CHECK(run("{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}") == "10.10.0.0/24 10.10.0.254");
  CHECK(run("{{json .Labels}}") == "{\"env\":\"ci\",\"team\":\"net\"}");
  CHECK(run("{{json .Containers}}") == "{}");
  CHECK(run("{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}}") == "env=ci;team=net;");
  CHECK_THROWS_WITH(run("{{join .Labels \",\"}}"),
                    "template: :1:7: executing \"\" at <.Labels>: wrong type for value; expected []string; got map[string]string");
  CHECK(run("{{join (split \"a,b\" \",\") \"-\"}}") == "a-b");
  CHECK(run("{{.Labels}}") == "map[env:ci team:net]");
  CHECK(run("{{if .Internal}}internal{{else}}external{{end}}") == "internal");
  CHECK(run("{{.Created}}") == "2026-11-28 13:23:34.829180386 +0000 UTC");
  CHECK(run("{{.Labels.nope}}") == "<no value>");
  CHECK(run("{{- \" a \" -}}  ") == " a ");
  CHECK(run("{{upper .Name | printf \"%s!\"}}") == "LAB!");
  CHECK(run("{{index .Labels \"env\"}} {{len .Labels}}") == "ci 2");
}

TEST_CASE("template parse errors carry Go's text") {
  CHECK_THROWS_WITH(Template::parse("{{.Nope"), "template: :1: unclosed action");
  CHECK_THROWS_WITH(Template::parse("{{if .A}}x"), "template: :1: unexpected EOF");
  CHECK_THROWS_WITH(Template::parse("{{nosuch .A}}"), "template: :1: function \"nosuch\" not defined");
}

TEST_CASE("json strings escape as Go's encoder without HTML escaping") {
  CHECK(json_quote("a\"b\\c\n<>&\x01") == "\"a\\\"b\\\\c\\n<>&\\u0001\"");
}

// docker29-deltas rows 18, 20: a template runs on docker's typed structs first, where Created is
// a time.Time with its methods and Peers/Services exist even when the JSON omits them.
TEST_CASE("typed inspect: time.Time methods on Created, and the swarm-only fields") {
  model::Network n = lab();
  n.created = Timestamp{1796213259, 427818714, 0};
  Value v = inspect_value(n);
  auto run = [&](const std::string& t) { return Template::parse(t).execute(v); };
  CHECK(run("{{.Created.IsZero}} {{.Created.Unix}} {{.Created.UnixNano}} {{.Created.Nanosecond}}") ==
        "false 1796213259 1796213259427818714 427818714");
  CHECK(run("{{.Created.Year}} {{.Created.Month}} {{.Created.Day}} {{.Created.Weekday}} {{.Created.YearDay}}") ==
        "2026 December 2 Wednesday 336");
  CHECK(run("{{.Created.Hour}}:{{.Created.Minute}}:{{.Created.Second}}") == "12:7:39");
  CHECK(run("{{json .Peers}} {{json .Services}} {{len .Peers}}") == "null null 0");
  CHECK_THROWS_WITH(run("{{.Created.Unix 1}}"), Catch::Contains("wrong number of args for Unix: want 0 got 1"));
  CHECK(to_json(v).find("Peers") == std::string::npos);
  CHECK(to_json(v).find("Services") == std::string::npos);
}

TEST_CASE("typed inspect: Created.Format with Go's layout elements") {
  model::Network n = lab();
  n.created = Timestamp{1796213259, 427818714, 0};  // 2026-12-02T12:07:39.427818714Z, a Wednesday
  Value v = inspect_value(n);
  auto run = [&](const std::string& t) { return Template::parse(t).execute(v); };
  CHECK(run("{{.Created.Format \"2006-01-02T15:04:05.000Z07:00\"}}") == "2026-12-02T12:07:39.427Z");
  CHECK(run("{{.Created.Format \"Jan _2 06 3:04PM Mon\"}}") == "Dec  2 26 12:07PM Wed");
  CHECK(run("{{.Created.Format \"Monday, 02-January-2006 .999999999 -0700 MST\"}}") ==
        "Wednesday, 02-December-2026 .427818714 +0000 UTC");
  CHECK(run("{{.Created.Format \"002 pm x\"}}") == "336 pm x");
  n.created = Timestamp{1796213259, 0, 3600};
  CHECK(Template::parse("{{.Created.Format \"15:04.999 Z07:00\"}}").execute(inspect_value(n)) == "13:07 +01:00");
  CHECK_THROWS_WITH(run("{{.Created.Format}}"), Catch::Contains("wrong number of args for Format: want 1 got 0"));
}
