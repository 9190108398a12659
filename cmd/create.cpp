// docknet network create
#include <ostream>

#include <fmt/format.h>

#include "cmd/flags.hpp"
#include "lib/model/create_spec.hpp"
#include "lib/service/create_network.hpp"

namespace docknet::cli {
namespace {

struct CreateFlags {
  std::vector<std::string> opts, labels, subnets, ip_ranges, gateways, aux, ipam_opts;
};

// pflag's StringSlice/IPSlice/IPNetSlice accept comma-separated values in one flag.
std::vector<std::string> comma_split(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values)
    for (const auto& part : split(v, ',')) out.push_back(trim(part));
  return out;
}

// opts.MapOpts: "k=v"; a bare "k" maps to "".
StringMap to_map(const std::vector<std::string>& values) {
  StringMap m;
  for (const auto& v : values) {
    auto eq = v.find('=');
    m[v.substr(0, eq)] = eq == std::string::npos ? "" : v.substr(eq + 1);
  }
  return m;
}

model::IpamFlags ipam_flags(const CreateFlags& f) {
  model::IpamFlags ipam;
  ipam.subnets = comma_split(f.subnets);
  for (const auto& r : comma_split(f.ip_ranges)) {
    auto p = IpPrefix::parse(r);
    if (!p) throw UsageError(fmt::format("invalid argument \"{}\" for \"--ip-range\" flag: invalid string being converted to CIDR: {}", r, r));
    ipam.ip_ranges.push_back(*p);
  }
  for (const auto& g : comma_split(f.gateways)) {
    auto ip = IpAddress::parse(g);
    if (!ip)
      throw UsageError(fmt::format("invalid argument \"{}\" for \"--gateway\" flag: invalid string being converted to IP address: {}", g, g));
    ipam.gateways.push_back(*ip);
  }
  for (const auto& a : f.aux) {
    auto eq = a.find('=');
    ipam.aux_addresses.emplace_back(a.substr(0, eq), eq == std::string::npos ? "" : a.substr(eq + 1));
  }
  return ipam;
}

}  // namespace

int run_create(Cli& cli, const std::vector<std::string>& args) {
  CLI::App app;
  model::CreateRequest req;
  CreateFlags f;
  bool ipv4 = true, ipv6 = false;
  add_single(app, "-d,--driver", req.driver);
  add_list(app, "-o,--opt", f.opts);
  add_list(app, "--label", f.labels);
  app.add_flag("--internal", req.internal);
  auto* ipv4_flag = app.add_flag("--ipv4", ipv4);
  auto* ipv6_flag = app.add_flag("--ipv6", ipv6);
  app.add_flag("--attachable", req.attachable);
  app.add_flag("--ingress", req.ingress);
  add_single(app, "--scope", req.scope);
  app.add_flag("--config-only", req.config_only);
  add_single(app, "--config-from", req.config_from);
  add_single(app, "--ipam-driver", req.ipam_driver);
  add_list(app, "--subnet", f.subnets);
  add_list(app, "--ip-range", f.ip_ranges);
  add_list(app, "--gateway", f.gateways);
  add_list(app, "--aux-address", f.aux);
  add_list(app, "--ipam-opt", f.ipam_opts);
  bool help = false;
  auto positionals = parse_flags(app, args, help);
  if (help) {
    cli.io.out << help_text(cli, kCreateInfo);
    return 0;
  }
  for (const auto& l : f.labels)
    if (auto why = model::validate_label(l); !why.empty())
      throw UsageError(fmt::format("invalid argument \"{}\" for \"--label\" flag: {}", l, why));
  auto ipam = ipam_flags(f);
  require_args(cli, kCreateInfo, positionals.size(), 1, 1);

  req.name = positionals[0];
  if (ipv4_flag->count() > 0) req.enable_ipv4 = ipv4;
  if (ipv6_flag->count() > 0) req.enable_ipv6 = ipv6;
  req.options = to_map(f.opts);
  req.labels = to_map(f.labels);
  req.ipam_options = to_map(f.ipam_opts);
  req.ipam_config = model::group_ipam_flags(ipam);
  cli.io.out << service::create_network(cli.ctx, req) << "\n";
  return 0;
}

}  // namespace docknet::cli
