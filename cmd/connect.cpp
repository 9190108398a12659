// docknet network connect / disconnect
#include <algorithm>
#include <cstdint>
#include <ostream>

#include <fmt/format.h>

#include "cmd/flags.hpp"
#include "lib/core/error.hpp"
#include "lib/model/messages.hpp"
#include "lib/model/port_spec.hpp"
#include "lib/service/connect.hpp"

namespace docknet::cli {
namespace {

// An address of either family: the daemon's endpoint checks say when it is the wrong one.
std::optional<IpAddress> parse_ip(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return IpAddress::parse(text);  // well-formed: check_ip_flag ran first
}

// --ip and --ip6 are pflag IPVars in the 29 CLI (cli@v29.7.2:cli/command/network/connect.go:56-57):
// a value that is no IP at all fails while the flags are parsed, before anything else is
// checked, with pflag's words and exit 125 (docker29-deltas row 14b).
void check_ip_flag(const char* flag, const std::string& text) {
  if (text.empty() || IpAddress::parse(trim(text))) return;
  throw UsageError(fmt::format("invalid argument {} for \"{}\" flag: failed to parse IP: {}", go_quote(text), flag,
                               go_quote(text)));
}

// pflag's IntVar: strconv.ParseInt(s, 0, 64), then the int range.
// pflag's IntVar: strconv.ParseInt(text, 0, 64), so 0x10, 0o17, 010 and 1_000 are numbers too.
long long parse_gw_priority(const std::string& text, bool given) {
  if (!given) return 0;
  GoInt n = parse_go_int(text, 0);
  if (n.status == GoInt::Status::Ok) return n.value;
  throw UsageError(fmt::format("invalid argument {} for \"--gw-priority\" flag: strconv.ParseInt: parsing {}: {}",
                               go_quote(text), go_quote(text),
                               n.status == GoInt::Status::Range ? "value out of range" : "invalid syntax"));
}

}  // namespace

int run_connect(Cli& cli, const std::vector<std::string>& args) {
  CLI::App app;
  service::ConnectRequest req;
  std::string ip, ip6;
  std::vector<std::string> aliases, driver_opts;
  std::string gw_priority;
  add_list(app, "--alias", aliases);
  add_list(app, "--driver-opt", driver_opts);
  CLI::Option* gw_priority_flag = add_single(app, "--gw-priority", gw_priority);
  add_single(app, "--ip", ip);
  add_single(app, "--ip6", ip6);
  std::vector<std::string> link_local;
  add_list(app, "--link", req.links);
  add_list(app, "--link-local-ip", link_local);
  std::vector<std::string> publish;
  add_list(app, "-p,--publish", publish);
  bool help = false;
  auto positionals = parse_flags(app, args, help);
  check_ip_flag("--ip", ip);
  check_ip_flag("--ip6", ip6);
  if (help) {
    cli.io.out << help_text(cli, kConnectInfo);
    return 0;
  }
  require_args(cli, kConnectInfo, positionals.size(), 2, 2);
  req.network = positionals[0];
  req.container = positionals[1];
  // The docker CLI's opts.ValidateLink: NAME or NAME:ALIAS.
  for (const auto& l : req.links)
    if (std::count(l.begin(), l.end(), ':') > 1)
      throw UsageError(fmt::format("invalid argument \"{}\" for \"--link\" flag: bad format for links: {}", l, l));
  // pflag StringSlice: comma-separated values in one flag.
  for (const auto& a : aliases)
    for (const auto& part : split(a, ',')) req.aliases.push_back(trim(part));
  for (const auto& o : driver_opts)
    for (const auto& part : split_csv(o)) {
      auto eq = part.find('=');
      if (eq == std::string::npos) throw Error(ErrorKind::Client, "invalid key/value pair format in driver options");
      req.driver_opts[trim(part.substr(0, eq))] = trim(part.substr(eq + 1));
    }
  req.ip = parse_ip(trim(ip));
  req.ip6 = parse_ip(trim(ip6));
  // pflag IPSlice (cli@v29.7.2:cli/command/network/connect.go:60): CSV of addresses, each parsed.
  for (const auto& l : link_local)
    for (const auto& part : split(l, ',')) {
      if (!IpAddress::parse(trim(part)))
        throw UsageError(fmt::format("invalid argument {} for \"--link-local-ip\" flag: invalid string being converted "
                                     "to IP address: {}", go_quote(l), trim(part)));
      req.link_local_ips.push_back(trim(part));
    }
  req.gw_priority = parse_gw_priority(gw_priority, gw_priority_flag->count() > 0);
  // `docker run --publish`: the CLI parses every value before the daemon is asked (exit 125).
  try {
    req.publish = model::parse_publish_list(publish);
  } catch (const Error& e) {
    throw UsageError(e.what());
  }

  service::connect_container(cli.ctx, req);
  return 0;
}

int run_disconnect(Cli& cli, const std::vector<std::string>& args) {
  CLI::App app;
  bool force = false;
  app.add_flag("-f,--force", force);
  auto parsed = parse_command(cli, app, kDisconnectInfo, args, 2, 2);
  if (!parsed) return 0;
  auto positionals = std::move(*parsed);
  service::disconnect_container(cli.ctx, positionals[0], positionals[1], force);
  return 0;
}

}  // namespace docknet::cli
