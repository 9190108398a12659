// docknet node ls | rm HOST...: the hosts of the overlay cluster (as `docker node`, for the
// cluster-store mode docknet runs in rather than swarm).
#include <fmt/format.h>

#include <ostream>

#include "cmd/flags.hpp"
#include "lib/service/cluster.hpp"

namespace docknet::cli {
namespace {

int node_ls(Cli& cli) {
  auto hosts = service::list_cluster_hosts(cli.ctx);
  size_t width = 8;
  for (const auto& h : hosts) width = std::max(width, h.name.size() + 2);
  std::string out = fmt::format("{:<{}}   {:<39}   {}\n", "HOSTNAME", width, "ADDRESS", "ENDPOINTS");
  for (const auto& h : hosts)
    out += fmt::format("{:<{}}   {:<39}   {}\n", h.name + (h.self ? " *" : ""), width, h.address, h.endpoints);
  cli.io.out << out;
  return 0;
}

int node_rm(Cli& cli, const std::vector<std::string>& names) {
  int status = 0;
  for (const auto& name : names) {
    try {
      service::remove_cluster_host(cli.ctx, name);
      cli.io.out << name << "\n";
    } catch (const Error& e) {
      cli.io.err << error_text(e) << "\n";
      status = 1;
    }
  }
  return status;
}

}  // namespace

int run_node(Cli& cli, const std::vector<std::string>& args) {
  std::string sub = args.empty() ? "" : args[0];
  std::vector<std::string> rest(args.begin() + (args.empty() ? 0 : 1), args.end());
  CLI::App app;
  if (sub == "ls" || sub == "list") {
    if (!parse_command(cli, app, kNodeLsInfo, rest, 0, 0)) return 0;
    return node_ls(cli);
  }
  if (sub == "rm" || sub == "remove") {
    auto parsed = parse_command(cli, app, kNodeRmInfo, rest, 1, SIZE_MAX);
    if (!parsed) return 0;
    return node_rm(cli, *parsed);
  }
  if (sub.empty() || sub == "--help" || sub == "-h" || sub == "help") {
    cli.io.out << fmt::format("\nUsage:  {0} node COMMAND\n\nManage the hosts of the overlay cluster\n\nCommands:\n"
                              "  ls          {1}\n  rm          {2}\n\nRun '{0} node COMMAND --help' for more "
                              "information on a command.\n",
                              cli.prog, kNodeLsInfo.summary, kNodeRmInfo.summary);
    return 0;
  }
  cli.io.err << fmt::format("{0}: unknown command: {0} node {1}\n\nUsage:  {0} node COMMAND\n\nRun '{0} node --help' "
                            "for more information\n",
                            cli.prog, sub);
  return 1;
}

}  // namespace docknet::cli
