// The real command line against fakes: stdout, stderr and exit codes as the docker CLI gives them.
#include <catch2/catch.hpp>

#include <sstream>

#include "cmd/app.hpp"
#include "fakes/fixture.hpp"

using namespace docknet;

namespace {

struct Result {
  int code;
  std::string out, err;
};

struct Harness {
  fakes::Fixture f;
  Result run(std::vector<std::string> args, const std::string& input = "") {
    std::ostringstream out, err;
    std::istringstream in(input);
    cli::Cli c{"docknet", {out, err, in}, f.ctx};
    int code = cli::run(args, c);
    return {code, out.str(), err.str()};
  }
};

std::string usage(const std::string& cmd, const std::string& args) {
  return "\n\nUsage:  docknet network " + cmd + " " + args + "\n\nRun 'docknet network " + cmd +
         " --help' for more information\n";
}

}  // namespace

TEST_CASE("ls prints the default table, sorted by name; network and list are the same") {
  Harness h;
  auto r = h.run({"ls"});
  CHECK(r.code == 0);
  CHECK(r.out ==
        "NETWORK ID     NAME      DRIVER    SCOPE\n"
        "a1a1a1a1a1a1   bridge    bridge    local\n"
        "a2a2a2a2a2a2   host      host      local\n"
        "a3a3a3a3a3a3   none      null      local\n");
  CHECK(h.run({"network", "list"}).out == r.out);
  CHECK(h.run({"ls", "-q"}).out == "a1a1a1a1a1a1\na2a2a2a2a2a2\na3a3a3a3a3a3\n");
  CHECK(h.run({"ls", "--filter", "driver=null", "--format", "{{.Name}}"}).out == "none\n");
  CHECK(h.run({"ls", "-f", "name=o", "-f", "name=^h", "-q", "--no-trunc"}).out ==
        std::string(64, 'x').replace(0, 64, "a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2") + "\n" +
            "a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3\n");
}

TEST_CASE("flag errors exit 125 with pflag's words and the usage lines") {
  Harness h;
  auto r = h.run({"ls", "--bogus"});
  CHECK(r.code == 125);
  CHECK(r.err == "unknown flag: --bogus" + usage("ls", "[OPTIONS]"));
  r = h.run({"ls", "--filter", "foo"});
  CHECK(r.code == 125);
  CHECK(r.err == "invalid argument \"foo\" for \"-f, --filter\" flag: bad format of filter (expected name=value)" +
                     usage("ls", "[OPTIONS]"));
  r = h.run({"ls", "-x"});
  CHECK(r.err == "unknown shorthand flag: 'x' in -x" + usage("ls", "[OPTIONS]"));
  r = h.run({"ls", "--format"});
  CHECK(r.code == 125);
  CHECK(r.err == "flag needs an argument: --format" + usage("ls", "[OPTIONS]"));
  r = h.run({"create", "--label", "=x", "n"});
  CHECK(r.code == 125);
  CHECK(r.err == "invalid argument \"=x\" for \"--label\" flag: invalid label '=x': empty name" +
                     usage("create", "[OPTIONS] NETWORK"));
}

TEST_CASE("daemon errors carry the prefix and exit 1") {
  Harness h;
  auto r = h.run({"ls", "--filter", "foo=bar"});
  CHECK(r.code == 1);
  CHECK(r.err == "Error response from daemon: invalid filter 'foo'\n");
  r = h.run({"create", "bridge"});
  // The daemon's text ends in a space; the client trims it (docker29-deltas row 10).
  CHECK(r.err == "Error response from daemon: operation is not permitted on predefined bridge network\n");
}

TEST_CASE("argument counts are checked with docker's words") {
  Harness h;
  auto r = h.run({"create"});
  CHECK(r.code == 1);
  CHECK(r.err == "docknet: 'docknet network create' requires 1 argument" + usage("create", "[OPTIONS] NETWORK"));
  CHECK(h.run({"create", "a", "b"}).err == r.err);
  // RequiresMinArgs alone says "See" (cli@v29.7.2:cli/required.go:40; docker29-deltas row 19).
  r = h.run({"rm"});
  CHECK(r.err == "docknet: 'docknet network rm' requires at least 1 argument\n\nUsage:  docknet network rm NETWORK "
                 "[NETWORK...]\n\nSee 'docknet network rm --help' for more information\n");
  r = h.run({"inspect"});
  CHECK(r.err == "docknet: 'docknet network inspect' requires at least 1 argument\n\nUsage:  docknet network inspect "
                 "[OPTIONS] NETWORK [NETWORK...]\n\nSee 'docknet network inspect --help' for more information\n");
  r = h.run({"ls", "extra"});
  CHECK(r.err == "docknet: 'docknet network ls' accepts no arguments" + usage("ls", "[OPTIONS]"));
}

TEST_CASE("create prints the ID; client-side ipam errors have no daemon prefix") {
  Harness h;
  auto r = h.run({"create", "--subnet", "10.10.0.0/24", "--gateway=10.10.0.254", "--internal", "--label", "env=ci", "lab"});
  CHECK(r.code == 0);
  CHECK(r.out == std::string(64, 'a').replace(0, 64, "a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4") + "\n");
  CHECK(h.run({"inspect", "-f", "{{.Internal}} {{range .IPAM.Config}}{{.Gateway}}{{end}} {{.Labels}}", "lab"}).out ==
        "true 10.10.0.254 map[env:ci]\n");
  r = h.run({"create", "--gateway", "10.0.0.1", "x"});
  CHECK(r.code == 1);
  CHECK(r.err == "every ip-range or gateway must have a corresponding subnet\n");
  // netip.ParsePrefix's own words, client-side (docker29-deltas row 11a).
  for (const auto& [subnet, text] : std::vector<std::pair<std::string, std::string>>{
           {"notasubnet", "netip.ParsePrefix(\"notasubnet\"): no '/'"},
           {"10.0.0.0/33", "netip.ParsePrefix(\"10.0.0.0/33\"): prefix length out of range"},
           {"x/24", "netip.ParsePrefix(\"x/24\"): ParseAddr(\"x\"): unable to parse IP"},
           {"10.0.0/24", "netip.ParsePrefix(\"10.0.0/24\"): ParseAddr(\"10.0.0\"): IPv4 address too short"},
           {"10.0.0.0/0x", "netip.ParsePrefix(\"10.0.0.0/0x\"): bad bits after slash: \"0x\""}}) {
    r = h.run({"create", "--subnet", subnet, "bad"});
    CHECK(r.code == 1);
    CHECK(r.err == text + "\n");
  }
  r = h.run({"create", "lab"});
  CHECK(r.err == "Error response from daemon: network with name lab already exists\n");
  CHECK(h.run({"create", "--internal=false", "--ipv4=true", "ext"}).code == 0);
  CHECK(h.run({"inspect", "-f", "{{.Internal}}", "ext"}).out == "false\n");
  r = h.run({"create", "--internal=maybe", "y"});
  CHECK(r.code == 125);
  CHECK(r.err == "invalid argument \"maybe\" for \"--internal\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax" +
                     usage("create", "[OPTIONS] NETWORK"));
  r = h.run({"create", "--gateway", "nope", "--subnet", "10.1.0.0/16", "y"});
  CHECK(r.code == 125);
  CHECK(r.err.rfind("invalid argument \"nope\" for \"--gateway\" flag: invalid string being converted to IP address: nope", 0) == 0);
}

TEST_CASE("inspect: not found, several targets, template errors") {
  Harness h;
  auto r = h.run({"inspect", "nosuch"});
  CHECK(r.code == 1);
  CHECK(r.out == "[]\n");
  CHECK(r.err == "Error response from daemon: network nosuch not found\n");
  r = h.run({"inspect", "-f", "{{.Nope", "bridge"});
  CHECK(r.code == 64);
  CHECK(r.err == "template parsing error: template: :1: unclosed action\n");
  r = h.run({"inspect", "--format", "{{.Name}}", "host", "nosuch", "none"});
  CHECK(r.code == 1);
  CHECK(r.out == "host\nnone\n");
  CHECK(r.err == "Error response from daemon: network nosuch not found\n");
  r = h.run({"inspect", "-f", "json", "none"});
  CHECK(r.out.rfind("[{\"Name\":\"none\",", 0) == 0);
  r = h.run({"inspect", "host"});
  CHECK(r.out.rfind("[\n    {\n        \"Name\": \"host\",\n", 0) == 0);
}

TEST_CASE("rm prints each name as typed; errors end with docker's 'exit status 1'") {
  Harness h;
  h.run({"create", "a"});
  h.run({"create", "b"});
  auto r = h.run({"rm", "a", "bridge", "b"});
  CHECK(r.code == 1);
  CHECK(r.out == "a\nb\n");
  CHECK(r.err == "Error response from daemon: bridge is a pre-defined network and cannot be removed\nexit status 1\n");
  CHECK(h.run({"rm", "-f", "gone"}).code == 0);
  CHECK(h.run({"network", "remove", "-f", "gone"}).out.empty());
}

TEST_CASE("prune asks first; EOF or anything but y means no") {
  Harness h;
  h.run({"create", "old"});
  const std::string prompt =
      "WARNING! This will remove all custom networks not used by at least one container.\n"
      "Are you sure you want to continue? [y/N] ";
  auto r = h.run({"prune"});
  CHECK(r.code == 0);
  CHECK(r.out == prompt);
  CHECK(h.run({"prune"}, "n\n").out == prompt);
  CHECK(h.run({"ls", "-q", "--filter", "name=old"}).out.size() == 13);
  r = h.run({"prune"}, "y\n");
  CHECK(r.out == prompt + "Deleted Networks:\nold\n\n");
  CHECK(h.run({"prune", "-f"}).out.empty());
  CHECK(h.run({"prune", "--filter", "name=x", "-f"}).err == "Error response from daemon: invalid filter 'name'\n");
}

TEST_CASE("help goes to stdout with exit 0") {
  Harness h;
  auto r = h.run({"ls", "--help"});
  CHECK(r.code == 0);
  CHECK(r.out.rfind("Usage:  docknet network ls [OPTIONS]\n\nList networks\n\nAliases:\n  docknet network ls, docknet network list\n", 0) == 0);
  CHECK(h.run({"network", "--help"}).out.find("Manage networks") != std::string::npos);
  r = h.run({"network", "bogus"});
  CHECK(r.code == 1);
  CHECK(r.err == "docknet: unknown command: docknet network bogus\n\nUsage:  docknet network\n\nRun 'docknet network --help' for more information\n");
}

// docker29-deltas row 14b: pflag IPVar (cli@v29.7.2:cli/command/network/connect.go:56-57).
TEST_CASE("connect --ip or --ip6 that is no IP: pflag's flag error, exit 125, before any argument check") {
  Harness h;
  auto r = h.run({"connect", "--ip", "notanip", "n", "c"});
  CHECK(r.code == 125);
  CHECK(r.err == "invalid argument \"notanip\" for \"--ip\" flag: failed to parse IP: \"notanip\"\n\nUsage:  docknet network "
                 "connect [OPTIONS] NETWORK CONTAINER\n\nRun 'docknet network connect --help' for more information\n");
  r = h.run({"connect", "--ip6", "x::y::z"});
  CHECK(r.code == 125);
  CHECK(r.err.rfind("invalid argument \"x::y::z\" for \"--ip6\" flag: failed to parse IP: \"x::y::z\"\n", 0) == 0);
}

// cli@v29.7.2:cli/command/system/version.go: the layout (tabwriter 20/1), the template data and
// its type names, exit 64 for a template that does not parse and 1 for one that fails running.
TEST_CASE("version: docker version's layout and template fields; the server part names docknet") {
  Harness h;
  auto r = h.run({"version"});
  CHECK(r.code == 0);
  CHECK(r.out.rfind("Client: docknet\n Version:           29.7.2\n API version:       1.55\n Go version:        \n", 0) == 0);
  CHECK(r.out.find("\n Context:           default\n\nServer: docknet\n Engine:\n  Version:          29.7.2\n"
                   "  API version:      1.55 (minimum version 1.40)\n") != std::string::npos);
  CHECK(r.out.find("\n  Experimental:     false\n docknet:\n  Version:          " DOCKNET_TEST_VERSION "\n") !=
        std::string::npos);
  r = h.run({"version", "--format", "{{.Client.Version}} {{.Server.Version}} {{.Server.Platform.Name}} {{.Client.Context}}"});
  CHECK(r.out == "29.7.2 29.7.2 docknet default\n");
  r = h.run({"version", "-f", "{{range .Server.Components}}{{.Name}}={{.Version}};{{end}}"});
  CHECK(r.out == "Engine=29.7.2;docknet=" DOCKNET_TEST_VERSION ";\n");
  r = h.run({"version", "-f", "json"});
  CHECK(r.out.rfind("{\"Client\":{\"Platform\":{\"Name\":\"docknet\"},\"Version\":\"29.7.2\",\"ApiVersion\":\"1.55\",", 0) == 0);
  CHECK(r.out.find("\"GoVersion\"") == r.out.find("\"GoVersion\":\"\""));  // omitted, but kept in Details
  r = h.run({"version", "-f", "x{{.Bogus}}"});
  CHECK(r.code == 1);
  CHECK(r.out == "x\n");
  CHECK(r.err == "template: version:1:3: executing \"version\" at <.Bogus>: can't evaluate field Bogus in type "
                 "system.versionInfo\n");
  r = h.run({"version", "-f", "{{"});
  CHECK(r.code == 64);
  CHECK(r.err == "template parsing error: template: version:1: unclosed action\n");
  r = h.run({"version", "extra"});
  CHECK(r.code == 1);
  CHECK(r.err == "docknet: 'docknet version' accepts no arguments\n\nUsage:  docknet version [OPTIONS]\n\n"
                 "Run 'docknet version --help' for more information\n");
  r = h.run({"version", "--bogus"});
  CHECK(r.code == 125);
  CHECK(r.err.rfind("unknown flag: --bogus\n\nUsage:  docknet version [OPTIONS]\n", 0) == 0);
  CHECK(h.run({"network", "version"}).code == 1);
}

// pflag: "--name=" sets "" (cli@v29.7.2 vendor/github.com/spf13/pflag/flag.go:1014-1016), and its
// errors name a flag with a shorthand as "-f, --force".
TEST_CASE("flags: --name= is the empty value, not the next word; bool errors name the shorthand too") {
  Harness h;
  auto r = h.run({"create", "--driver=", "ed2"});
  CHECK(r.code == 0);
  CHECK(h.run({"ls", "--filter", "name=ed2", "--format", "{{.Driver}}"}).out == "bridge\n");
  r = h.run({"create", "--driver=", "e2", "extra"});
  CHECK(r.code == 1);
  CHECK(r.err.rfind("docknet: 'docknet network create' requires 1 argument", 0) == 0);
  r = h.run({"rm", "--force=maybe", "x"});
  CHECK(r.code == 125);
  CHECK(r.err.rfind("invalid argument \"maybe\" for \"-f, --force\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax\n", 0) == 0);
  r = h.run({"create", "--internal=", "x"});
  CHECK(r.code == 125);
  CHECK(r.err.rfind("invalid argument \"\" for \"--internal\" flag: strconv.ParseBool: parsing \"\": invalid syntax\n", 0) == 0);
  r = h.run({"ls", "--format=", "--filter", "name=none"});
  CHECK(r.code == 0);
  CHECK(r.out.rfind("NETWORK ID     NAME      DRIVER    SCOPE\n", 0) == 0);
}
