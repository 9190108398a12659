// docknet network connect / disconnect
#include <ostream>

#include <fmt/format.h>

#include "cmd/flags.hpp"
#include "lib/core/error.hpp"
#include "lib/service/connect.hpp"

namespace docknet::cli {
namespace {

void unsupported(bool given, const char* flag) {
  if (given) throw Error(ErrorKind::InvalidParameter, fmt::format("docknet does not support {} yet", flag));
}

}  // namespace

int run_connect(Cli& cli, const std::vector<std::string>& args) {
  CLI::App app;
  service::ConnectRequest req;
  std::string ip, ip6;
  std::vector<std::string> aliases, driver_opts;
  int gw_priority = 0;
  add_list(app, "--alias", aliases);
  add_list(app, "--driver-opt", driver_opts);
  app.add_option("--gw-priority", gw_priority);
  app.add_option("--ip", ip);
  app.add_option("--ip6", ip6);
  std::vector<std::string> link_local;
  add_list(app, "--link", req.links);
  add_list(app, "--link-local-ip", link_local);
  bool help = false;
  auto positionals = parse_flags(app, args, help);
  if (help) {
    cli.io.out << help_text(cli, kConnectInfo);
    return 0;
  }
  require_args(cli, kConnectInfo, positionals.size(), 2, 2);
  req.network = positionals[0];
  req.container = positionals[1];
  // pflag StringSlice: comma-separated values in one flag.
  for (const auto& a : aliases)
    for (const auto& part : split(a, ',')) req.aliases.push_back(trim(part));
  for (const auto& o : driver_opts)
    for (const auto& part : split(o, ',')) {
      auto eq = part.find('=');
      if (eq == std::string::npos) throw Error(ErrorKind::Client, "invalid key/value pair format in driver options");
      req.driver_opts[trim(part.substr(0, eq))] = trim(part.substr(eq + 1));
    }
  if (!ip.empty()) {
    auto parsed = IpAddress::parse(ip);
    if (!parsed || !parsed->is_v4()) throw Error(ErrorKind::InvalidParameter, "invalid IPv4 address: " + ip);
    req.ip = parsed;
  }
  for (const auto& l : link_local)
    for (const auto& part : split(l, ',')) req.link_local_ips.push_back(trim(part));
  unsupported(!ip6.empty(), "--ip6 (IPv6 networks)");
  unsupported(gw_priority != 0, "--gw-priority");

  service::connect_container(cli.ctx, req);
  return 0;
}

int run_disconnect(Cli& cli, const std::vector<std::string>& args) {
  CLI::App app;
  bool force = false;
  app.add_flag("-f,--force", force);
  bool help = false;
  auto positionals = parse_flags(app, args, help);
  if (help) {
    cli.io.out << help_text(cli, kDisconnectInfo);
    return 0;
  }
  require_args(cli, kDisconnectInfo, positionals.size(), 2, 2);
  service::disconnect_container(cli.ctx, positionals[0], positionals[1], force);
  return 0;
}

}  // namespace docknet::cli
