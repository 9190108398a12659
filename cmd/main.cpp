// docknet: a daemonless, docker-network-compatible command line tool.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cmd/app.hpp"
#include "cmd/global_flags.hpp"
#include "cmd/runtime.hpp"
#include "lib/core/error.hpp"

namespace {

std::string program_name(const char* argv0) {
  std::string p = argv0 ? argv0 : "docknet";
  auto slash = p.rfind('/');
  if (slash != std::string::npos) p = p.substr(slash + 1);
  return p == "docker" ? "docker" : "docknet";  // `ln -s docknet docker` speaks as docker
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::string prog = program_name(argc > 0 ? argv[0] : nullptr);
  auto env = [](const char* name) { const char* v = std::getenv(name); return std::string(v ? v : ""); };
  auto flags = docknet::cli::parse_global_flags(prog, std::vector<std::string>(argv + (argc > 0 ? 1 : 0), argv + argc),
                                                {env("DOCKER_HOST"), env("DOCKER_CONTEXT")});
  if (flags.exit_code != 0) {
    std::cerr << flags.error << "\n";
    return flags.exit_code;
  }
  const auto& args = flags.rest;
  try {
    docknet::cli::Runtime runtime(docknet::cli::state_root(flags.root), flags.debug);
    runtime.report_config(std::cerr, docknet::cli::config_notice_when(args, flags.debug));
    docknet::cli::Cli cli{prog, {std::cout, std::cerr, std::cin}, runtime.context()};
    return docknet::cli::run(args, cli);
  } catch (const docknet::Error& e) {
    std::cerr << docknet::cli::error_text(e) << "\n";
    return 1;
  }
}
