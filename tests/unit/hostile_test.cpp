// Hostile input: names that could add lines to hosts files are refused before anything changes.
#include <catch2/catch.hpp>

#include "fakes/fixture.hpp"
#include "lib/core/error.hpp"
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
  CHECK(model::quoted("db\n6.6.6.6\x01") == "\"db\\n6.6.6.6\\x01\"");
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
        "invalid alias \"db\\n6.6.6.6 bank.example.com\": an alias must be non-empty, without whitespace, control "
        "characters or '#'");
  r.aliases = {"ok", ""};
  CHECK(connect_error(f, r).rfind("invalid alias \"\"", 0) == 0);
  r.aliases = {};
  r.links = {"c2:x\ny"};
  CHECK(connect_error(f, r).rfind("invalid link \"c2:x\\ny\"", 0) == 0);
  r.links = {"c2\n:x"};
  CHECK(connect_error(f, r).rfind("invalid link", 0) == 0);
  r.links = {};
  r.container = "bad\nname";
  CHECK(connect_error(f, r) == "Invalid container name (bad\nname), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
  r.container = "/run/netns/bad\nname";
  CHECK(connect_error(f, r) == "Invalid container name (bad\nname), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
  CHECK(f.kernel.state == kernel_before);
  CHECK(f.store.saved->networks == store_before.networks);
}
