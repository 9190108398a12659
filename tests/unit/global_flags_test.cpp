// Global flags before the subcommand, as the docker CLI takes them (cli@v29.7.2:cli/flags/options.go).
#include <catch2/catch.hpp>

#include "cmd/global_flags.hpp"

using docknet::cli::parse_global_flags;

namespace {
std::vector<std::string> words(std::initializer_list<const char*> w) { return {w.begin(), w.end()}; }
}  // namespace

TEST_CASE("global flags: docknet's own and Docker's harmless ones are taken, the rest is the command") {
  auto f = parse_global_flags("docknet", words({"-D", "--root", "/tmp/r", "-l", "warn", "--log-level=debug", "--config",
                                                 "/x", "--tls", "--tlsverify", "--tlscacert=/ca", "-H", "unix:///var/run/docker.sock",
                                                 "-c", "default", "network", "ls", "-q"}));
  CHECK(f.exit_code == 0);
  CHECK(f.debug);
  CHECK(f.root == "/tmp/r");
  CHECK(f.rest == words({"network", "ls", "-q"}));
  f = parse_global_flags("docknet", words({"--root=/a", "-ldebug", "--debug=false", "ls"}));
  CHECK(f.exit_code == 0);
  CHECK_FALSE(f.debug);
  CHECK(f.root == "/a");
  CHECK(f.rest == words({"ls"}));
  CHECK(parse_global_flags("docknet", words({"--version"})).rest == words({"--version"}));
  CHECK(parse_global_flags("docknet", words({"-h"})).rest == words({"-h"}));
}

TEST_CASE("global flags: unknown ones are cobra flag errors, exit 125 with the root usage") {
  auto f = parse_global_flags("docker", words({"--foo", "network", "ls"}));
  CHECK(f.exit_code == 125);
  CHECK(f.error == "unknown flag: --foo\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\nRun 'docker --help' for more information");
  f = parse_global_flags("docknet", words({"-x", "ls"}));
  CHECK(f.exit_code == 125);
  CHECK(f.error.rfind("unknown shorthand flag: 'x' in -x\n", 0) == 0);
  f = parse_global_flags("docknet", words({"--root"}));
  CHECK(f.exit_code == 125);
  CHECK(f.error.rfind("flag needs an argument: --root\n", 0) == 0);
  f = parse_global_flags("docknet", words({"-H", "unix:///a", "-H", "unix:///b", "ls"}));
  CHECK(f.exit_code == 125);
  CHECK(f.error.rfind("invalid argument \"unix:///b\" for \"-H, --host\" flag: specify only one -H\n", 0) == 0);
}

TEST_CASE("global flags: another host or context is refused before anything runs; a bad log level too") {
  auto f = parse_global_flags("docknet", words({"-H", "tcp://10.0.0.5:2376", "network", "rm", "x"}));
  CHECK(f.exit_code == 1);
  CHECK(f.error == "docknet manages this host's networks only: -H tcp://10.0.0.5:2376 names another Docker host; "
                   "nothing was done (use the docker CLI for remote hosts)");
  CHECK(f.rest.empty());
  f = parse_global_flags("docknet", words({"--context=prod", "rm", "x"}));
  CHECK(f.exit_code == 1);
  CHECK(f.error.rfind("docknet manages this host's networks only: context \"prod\" is not the default context", 0) == 0);
  f = parse_global_flags("docknet", words({"-l", "loud", "ls"}));
  CHECK(f.exit_code == 1);
  CHECK(f.error == "Unable to parse logging level: loud");
}

TEST_CASE("global flags: DOCKER_HOST and DOCKER_CONTEXT, unless a flag names the target") {
  using docknet::cli::DockerEnv;
  auto f = parse_global_flags("docknet", words({"ls"}), DockerEnv{"tcp://10.0.0.5:2376", ""});
  CHECK(f.exit_code == 1);
  CHECK(f.error == "docknet manages this host's networks only: DOCKER_HOST=tcp://10.0.0.5:2376 names another Docker "
                   "host; nothing was done (use the docker CLI for remote hosts)");
  CHECK(parse_global_flags("docknet", words({"ls"}), DockerEnv{"unix:///run/user/1000/docker.sock", ""}).exit_code == 0);
  CHECK(parse_global_flags("docknet", words({"-H", "unix:///var/run/docker.sock", "ls"}), DockerEnv{"tcp://x:1", ""})
            .exit_code == 0);  // the flag wins, as in docker
  f = parse_global_flags("docknet", words({"ls"}), DockerEnv{"", "prod"});
  CHECK(f.exit_code == 1);
  CHECK(f.error.rfind("docknet manages this host's networks only: DOCKER_CONTEXT=prod is not the default context", 0) == 0);
  CHECK(parse_global_flags("docknet", words({"-c", "default", "ls"}), DockerEnv{"", "prod"}).exit_code == 0);
  CHECK(parse_global_flags("docknet", words({"ls"}), DockerEnv{"", "default"}).exit_code == 0);
}
