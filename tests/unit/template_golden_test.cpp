// Replays every case of tests/golden/templates.golden (recorded from the real docker CLI by
// tests/golden/gen-templates.sh) through docknet and compares exit code, stdout and stderr.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "cmd/app.hpp"
#include "fakes/fixture.hpp"
#include "lib/service/bootstrap.hpp"

using namespace docknet;

namespace {

struct Case {
  std::string command, tmpl, stdout_text, stderr_text;
  int rc = 0;
};

struct Golden {
  std::string id, created;
  std::vector<Case> cases;
};

Golden load() {
  std::ifstream in(std::string(DOCKNET_SOURCE_DIR) + "/tests/golden/templates.golden");
  REQUIRE(in);
  Golden g;
  std::string line;
  enum { None, Tmpl, Out, Err } mode = None;
  Case c;
  while (std::getline(in, line)) {
    if (mode == None && line.rfind("@network ", 0) == 0) {
      std::istringstream w(line.substr(9));
      std::string name;
      w >> name >> g.id >> g.created;
    } else if (line.rfind("=== ", 0) == 0) {
      c = Case{line.substr(4), "", "", "", 0};
      mode = Tmpl;
    } else if (mode == Tmpl && line.rfind("--- rc ", 0) == 0) {
      c.rc = std::stoi(line.substr(7));
      c.tmpl.pop_back();  // the newline after the last template line
      mode = Out;
    } else if (mode == Out && line == "--- stderr") {
      mode = Err;
    } else if (mode == Err && line == "--- end") {
      g.cases.push_back(c);
      mode = None;
    } else if (mode == Tmpl) {
      c.tmpl += line + "\n";
    } else if (mode == Out) {
      c.stdout_text += line + "\n";
    } else if (mode == Err) {
      c.stderr_text += line + "\n";
    }
  }
  return g;
}

// The reference network of gen-templates.sh, as docknet stores it.
model::Network tnet(const Golden& g) {
  model::Network n;
  n.name = "tnet";
  n.id = g.id;
  n.created = *Timestamp::parse_rfc3339(g.created);
  n.ipam_options = StringMap{};
  model::IpamConfig c;
  c.subnet = *IpPrefix::parse("10.77.0.0/24");
  c.gateway = *IpAddress::parse("10.77.0.1");
  n.ipam_config.push_back(c);
  n.options = {{"com.docker.network.driver.mtu", "1400"}};
  n.labels = {{"team", "net"}, {"env", "ci"}, {"com.example.tier", "front-end"}};
  return n;
}

}  // namespace

TEST_CASE("templates print what the docker CLI prints (tests/golden/templates.golden)") {
  static const Golden golden = load();
  REQUIRE(golden.cases.size() >= 150);
  for (const auto& c : golden.cases) {
    DYNAMIC_SECTION(c.command << " " << c.tmpl) {
      fakes::Fixture f;
      service::open_for_read(f.ctx);
      f.store.saved->networks.push_back(tnet(golden));
      std::vector<std::string> args = c.command == "inspect"
                                          ? std::vector<std::string>{"network", "inspect", "-f", c.tmpl, "tnet"}
                                          : std::vector<std::string>{"network", "ls", "--filter", "name=^tnet$", "--format", c.tmpl};
      std::ostringstream out, err;
      std::istringstream in;
      cli::Cli cli{"docker", {out, err, in}, f.ctx};
      int rc = cli::run(args, cli);
      CHECK(out.str() == c.stdout_text);
      CHECK(err.str() == c.stderr_text);
      CHECK(rc == c.rc);
    }
  }
}
