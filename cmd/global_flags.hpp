#pragma once
#include <string>
#include <vector>

namespace docknet::cli {

/// The global flags before the subcommand, as the docker CLI takes them (cli@v29.7.2:
/// cli/flags/options.go): docknet's --root, -D/--debug, and Docker's -l/--log-level, --config,
/// --tls*, -H/--host and -c/--context. docknet manages this host's networks only, so a host or
/// context naming anything else is refused before anything runs.
struct GlobalFlags {
  std::string root;
  bool debug = false;
  std::vector<std::string> rest;  // the subcommand and its arguments
  int exit_code = 0;              // non-zero: refused, with `error` to print
  std::string error;
};

/// The environment the docker CLI reads for its target: DOCKER_HOST and DOCKER_CONTEXT.
struct DockerEnv {
  std::string host;
  std::string context;
};

/// `env` is consulted only where no -H/--host or -c/--context flag overrides it, as the docker CLI
/// does; a DOCKER_HOST or DOCKER_CONTEXT naming another host is refused like the flags.
GlobalFlags parse_global_flags(const std::string& prog, const std::vector<std::string>& argv, const DockerEnv& env = {});

}  // namespace docknet::cli
