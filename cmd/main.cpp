// docknet: a daemonless, docker-network-compatible command line tool.
#include <iostream>
#include <string>
#include <vector>

#include "cmd/app.hpp"
#include "cmd/runtime.hpp"
#include "lib/core/error.hpp"

namespace {

std::string program_name(const char* argv0) {
  std::string p = argv0 ? argv0 : "docknet";
  auto slash = p.rfind('/');
  if (slash != std::string::npos) p = p.substr(slash + 1);
  return p == "docker" ? "docker" : "docknet";  // `ln -s docknet docker` speaks as docker
}

// Global flags come before the subcommand: --root DIR / --root=DIR, -D / --debug.
std::vector<std::string> take_global_flags(int argc, char** argv, std::string& root, bool& debug) {
  std::vector<std::string> rest;
  int i = 1;
  for (; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-D" || a == "--debug") debug = true;
    else if (a == "--root" && i + 1 < argc) root = argv[++i];
    else if (a.rfind("--root=", 0) == 0) root = a.substr(7);
    else break;
  }
  for (; i < argc; ++i) rest.emplace_back(argv[i]);
  return rest;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::string prog = program_name(argc > 0 ? argv[0] : nullptr);
  std::string root;
  bool debug = false;
  auto args = take_global_flags(argc, argv, root, debug);
  try {
    docknet::cli::Runtime runtime(docknet::cli::state_root(root), debug);
    docknet::cli::Cli cli{prog, {std::cout, std::cerr, std::cin}, runtime.context()};
    return docknet::cli::run(args, cli);
  } catch (const docknet::Error& e) {
    std::cerr << docknet::cli::error_text(e) << "\n";
    return 1;
  }
}
