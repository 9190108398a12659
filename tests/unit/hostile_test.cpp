// Hostile input: names that could add lines to hosts files are refused before anything changes.
#include <catch2/catch.hpp>

#include "fakes/fixture.hpp"
#include "lib/core/error.hpp"
#include "lib/core/strings.hpp"
#include "lib/model/hosts.hpp"
#include "lib/model/naming.hpp"
#include "lib/service/connect.hpp"
#include "lib/service/create_network.hpp"

using namespace docknet;
using docknet::fakes::Fixture;

TEST_CASE("naming: Docker's container-name rule and hosts-file tokens") {
  CHECK(model::valid_container_name("c1"));
  CHECK(model::valid_container_name("/web_1.a-b"));
  CHECK_FALSE(model::valid_container_name("a"));  // at least two characters, as Docker
  CHECK_FALSE(model::valid_container_name("-ab"));
  CHECK_FALSE(model::valid_container_name("a b"));
  CHECK_FALSE(model::valid_container_name("db\n6.6.6.6"));
  CHECK_FALSE(model::valid_container_name(".."));
  CHECK(model::valid_hosts_token("db"));
  CHECK(model::valid_hosts_token("a/b"));
  CHECK_FALSE(model::valid_hosts_token(""));
  CHECK_FALSE(model::valid_hosts_token("db\n6.6.6.6 bank.example.com"));
  CHECK_FALSE(model::valid_hosts_token("a\tb"));
  CHECK_FALSE(model::valid_hosts_token("x\x7f"));
  CHECK_FALSE(model::valid_hosts_token("#x"));
  CHECK(go_quote("db\n6.6.6.6\x01") == "\"db\\n6.6.6.6\\x01\"");
}

namespace {

std::string connect_error(Fixture& f, const service::ConnectRequest& r) {
  try {
    service::connect_container(f.ctx, r);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::InvalidParameter);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("connect refuses aliases, links and namespace names that would inject hosts lines") {
  Fixture f;
  f.kernel.namespaces = {{"/run/netns/c1", 101}, {"/run/netns/c2", 102}, {"/run/netns/bad\nname", 103}};
  model::CreateRequest cr;
  cr.name = "bnet";
  service::create_network(f.ctx, cr);
  service::ConnectRequest ok;
  ok.network = "bnet";
  ok.container = "c2";
  service::connect_container(f.ctx, ok);
  auto kernel_before = f.kernel.state;
  auto store_before = *f.store.saved;

  service::ConnectRequest r = ok;
  r.container = "c1";
  r.aliases = {"db\n6.6.6.6 bank.example.com"};
  CHECK(connect_error(f, r) ==
        "invalid alias \"db\\n6.6.6.6 bank.example.com\": an alias must be non-empty, without whitespace, commas, "
        "control characters or '#'");
  r.aliases = {"ok", ""};
  CHECK(connect_error(f, r).rfind("invalid alias \"\"", 0) == 0);
  r.aliases = {"db,cache"};  // stored comma-joined: it would come back as two aliases
  CHECK(connect_error(f, r).rfind("invalid alias \"db,cache\"", 0) == 0);
  r.aliases = {};
  r.links = {"c2:x\ny"};
  CHECK(connect_error(f, r).rfind("invalid link \"c2:x\\ny\"", 0) == 0);
  r.links = {"c2\n:x"};
  CHECK(connect_error(f, r).rfind("invalid link", 0) == 0);
  r.links = {"c1:db,cache"};
  CHECK(connect_error(f, r).rfind("invalid link \"c1:db,cache\"", 0) == 0);
  r.links = {};
  r.container = "bad\nname";
  CHECK(connect_error(f, r) == "Invalid container name (bad\nname), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
  r.container = "/run/netns/bad\nname";
  CHECK(connect_error(f, r) == "Invalid container name (bad\nname), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
  CHECK(f.kernel.state == kernel_before);
  CHECK(f.store.saved->networks == store_before.networks);
}

TEST_CASE("hosts block: a file docknet creates goes whole; an admin's lines stay") {
  std::string made = model::merge_hosts_block(std::nullopt, false, "10.0.0.2\tweb\n");
  CHECK(made.rfind("# BEGIN docknet managed (created file and directory)\n127.0.0.1\tlocalhost\n", 0) == 0);
  CHECK(made.find("10.0.0.2\tweb\n# END docknet managed\n") != std::string::npos);
  auto again = model::merge_hosts_block(made, true, "10.0.0.3\tdb\n");
  CHECK(again.find("created file and directory") != std::string::npos);
  CHECK(again.find("web") == std::string::npos);
  auto gone = model::strip_hosts_block(again);
  CHECK(gone.remove_file);
  CHECK(gone.remove_dir);
  CHECK(model::strip_hosts_block(model::merge_hosts_block(std::nullopt, true, "")).remove_dir == false);

  std::string admin = "192.0.2.1\tadmin-box\n";
  std::string merged = model::merge_hosts_block(admin, true, "10.0.0.2\tweb\n");
  CHECK(merged == admin + "# BEGIN docknet managed\n10.0.0.2\tweb\n# END docknet managed\n");
  CHECK(merged.find("localhost") == std::string::npos);
  std::string edited = "# top\n" + merged + "192.0.2.9\tlater\n";  // the admin adds lines around it
  std::string updated = model::merge_hosts_block(edited, true, "10.0.0.3\tdb\n");
  CHECK(updated == "# top\n" + admin + "# BEGIN docknet managed\n10.0.0.3\tdb\n# END docknet managed\n192.0.2.9\tlater\n");
  auto stripped = model::strip_hosts_block(updated);
  CHECK_FALSE(stripped.remove_file);
  CHECK(stripped.content == "# top\n" + admin + "192.0.2.9\tlater\n");
  CHECK(model::merge_hosts_block(std::string("no newline"), true, "").rfind("no newline\n# BEGIN", 0) == 0);
}

TEST_CASE("hosts files: a stored alias that could add a line is left out") {
  model::State s;
  s.containers.push_back(model::Container{"c1id0000000000", "c1", "/run/netns/c1", 1, 1});
  s.containers.push_back(model::Container{"c2id0000000000", "bad\nname", "/run/netns/bad\nname", 1, 2});
  model::Network n;
  n.name = "net";
  model::Endpoint e;
  e.container_id = "c1id0000000000";
  e.name = "c1";
  e.ipv4 = IpPrefix::parse("10.0.0.2/24");
  e.aliases = {"db\n6.6.6.6 bank.example.com", "ok"};
  n.containers[e.container_id] = e;
  model::Endpoint e2 = e;
  e2.container_id = "c2id0000000000";
  e2.name = "bad\nname";
  e2.aliases = {};
  e2.ipv4 = IpPrefix::parse("10.0.0.3/24");
  n.containers[e2.container_id] = e2;
  s.networks.push_back(n);
  auto files = model::hosts_files(s);
  REQUIRE(files.size() == 1);  // no file for a namespace whose name is not a container name
  CHECK(files.at("c1").lines == "10.0.0.2\tc1 ok c1.net ok.net c1id00000000\n10.0.0.3\tc2id00000000\n");
}

TEST_CASE("connect keeps an admin's hosts lines and disconnect gives them back unchanged") {
  Fixture f;
  f.kernel.namespaces = {{"/run/netns/c1", 101}};
  model::CreateRequest cr;
  cr.name = "bnet";
  service::create_network(f.ctx, cr);
  std::string admin = "192.0.2.1\tadmin-box\n";
  f.kernel.state.dirs.insert("/etc/netns/c1");
  f.kernel.state.files["/etc/netns/c1/hosts"] = admin;
  service::ConnectRequest r;
  r.network = "bnet";
  r.container = "c1";
  service::connect_container(f.ctx, r);
  std::string hosts = f.kernel.state.files.at("/etc/netns/c1/hosts");
  CHECK(hosts.rfind(admin + "# BEGIN docknet managed\n172.18.0.2\tc1 ", 0) == 0);
  service::disconnect_container(f.ctx, "bnet", "c1", false);
  CHECK(f.kernel.state.files.at("/etc/netns/c1/hosts") == admin);
  CHECK(f.kernel.state.dirs.count("/etc/netns/c1"));
}
