// Help texts and argument-count errors, worded as docker 29's cobra commands word them.
#include <cstdint>

#include <fmt/format.h>

#include "cmd/app.hpp"

namespace docknet::cli {

const CommandInfo kConnectInfo{"connect", "", "[OPTIONS] NETWORK CONTAINER", "Connect a container to a network",
                               "      --alias strings           Add network-scoped alias for the container\n"
                               "      --driver-opt strings      driver options for the network\n"
                               "      --gw-priority int         Highest gw-priority provides the default\n"
                               "                                gateway. Accepts positive and negative values.\n"
                               "      --ip string               IPv4 address (e.g., \"172.30.100.104\")\n"
                               "      --ip6 string              IPv6 address (e.g., \"2001:db8::33\")\n"
                               "      --link list               Add link to another container\n"
                               "      --link-local-ip strings   Add a link-local address for the container\n"
                               "  -p, --publish list            Publish a container's port(s) to the host\n"};

const CommandInfo kDisconnectInfo{"disconnect", "", "[OPTIONS] NETWORK CONTAINER", "Disconnect a container from a network",
                                  "  -f, --force   Force the container to disconnect from a network\n"};

const CommandInfo kLsInfo{"ls", "list", "[OPTIONS]", "List networks",
                          "  -f, --filter filter   Provide filter values (e.g. \"driver=bridge\")\n"
                          "      --format string   Format output using a custom template:\n"
                          "                        'table':            Print output in table format\n"
                          "                        with column headers (default)\n"
                          "                        'table TEMPLATE':   Print output in table format\n"
                          "                        using the given Go template\n"
                          "                        'json':             Print in JSON format\n"
                          "                        'TEMPLATE':         Print output using the given\n"
                          "                        Go template.\n"
                          "                        Refer to https://docs.docker.com/go/formatting/\n"
                          "                        for more information about formatting output with\n"
                          "                        templates\n"
                          "      --no-trunc        Do not truncate the output\n"
                          "  -q, --quiet           Only display network IDs\n"};

const CommandInfo kCreateInfo{"create", "", "[OPTIONS] NETWORK", "Create a network",
                              "      --attachable           Enable manual container attachment\n"
                              "      --aux-address map      Auxiliary IPv4 or IPv6 addresses used by\n"
                              "                             Network driver (default map[])\n"
                              "      --config-from string   The network from which to copy the configuration\n"
                              "      --config-only          Create a configuration only network\n"
                              "  -d, --driver string        Driver to manage the Network (default \"bridge\")\n"
                              "      --gateway strings      IPv4 or IPv6 Gateway for the master subnet\n"
                              "      --ingress              Create swarm routing-mesh network\n"
                              "      --internal             Restrict external access to the network\n"
                              "      --ip-range strings     Allocate container ip from a sub-range\n"
                              "      --ipam-driver string   IP Address Management Driver (default \"default\")\n"
                              "      --ipam-opt map         Set IPAM driver specific options (default map[])\n"
                              "      --ipv4                 Enable or disable IPv4 address assignment\n"
                              "                             (default true)\n"
                              "      --ipv6                 Enable or disable IPv6 address assignment\n"
                              "      --label list           Set metadata on a network\n"
                              "  -o, --opt map              Set driver specific options (default map[])\n"
                              "      --scope string         Control the network's scope\n"
                              "      --subnet strings       Subnet in CIDR format that represents a\n"
                              "                             network segment\n"};

// pflag's --format help of inspect and version (cli@v29.7.2:cli/flags/options.go, InspectFormatHelp).
#define DOCKNET_INSPECT_FORMAT_HELP                                                          \
  "  -f, --format string   Format output using a custom template:\n"                          \
  "                        'json':             Print in JSON format\n"                        \
  "                        'TEMPLATE':         Print output using the given\n"                \
  "                        Go template.\n"                                                    \
  "                        Refer to https://docs.docker.com/go/formatting/\n"                 \
  "                        for more information about formatting output with\n"           \
  "                        templates\n"

const CommandInfo kInspectInfo{"inspect", "", "[OPTIONS] NETWORK [NETWORK...]",
                               "Display detailed information on one or more networks",
                               DOCKNET_INSPECT_FORMAT_HELP
                               "  -v, --verbose         Verbose output for diagnostics\n"};

const CommandInfo kRmInfo{"rm", "remove", "NETWORK [NETWORK...]", "Remove one or more networks",
                          "  -f, --force   Do not error if the network does not exist\n"};

const CommandInfo kPruneInfo{"prune", "", "[OPTIONS]", "Remove all unused networks",
                             "      --filter filter   Provide filter values (e.g. \"until=<timestamp>\")\n"
                             "  -f, --force           Do not prompt for confirmation\n"};

const CommandInfo kCheckInfo{"check", "", "[OPTIONS] [NETWORK...]",
                             "Compare the kernel with the stored networks, and repair",
                             "      --repair   Make again what is missing and remove docknet's own\n"
                             "                 stray rules (never a user's rule or link)\n"};

// No flag but --help; what it does is in docknet-network-restore(1).
const CommandInfo kRestoreInfo{"restore", "", "", "Make every stored network's bridge and rules again (at boot)", ""};

// docknet's own: the overlay cluster (docknet-network-reconcile(1), docknet-node(1)).
const CommandInfo kReconcileInfo{"reconcile", "", "[OPTIONS]", "Make this host match the cluster store (overlay networks)",
                                 "      --watch   Keep following the cluster store and reconcile on every change\n"};
const CommandInfo kNodeInfo{"node", "", "COMMAND", "Manage the hosts of the overlay cluster", "", true};
const CommandInfo kNodeLsInfo{"node ls", "", "", "List the hosts of the overlay cluster", "", true};
const CommandInfo kNodeRmInfo{"node rm", "", "HOST [HOST...]",
                              "Remove hosts that are gone for good, freeing their endpoints and addresses", "", true};

// As `docker port` (cli@v29.7.2:cli/command/container/port.go): no flag but --help.
const CommandInfo kPortInfo{"port", "", "CONTAINER [PRIVATE_PORT[/PROTO]]",
                            "List port mappings or a specific mapping for the container", "", true};

const CommandInfo kVersionInfo{"version", "", "[OPTIONS]", "Show the Docker version information",
                               DOCKNET_INSPECT_FORMAT_HELP,
                               true};

static std::string command_path(const Cli& cli, const CommandInfo& info) {
  return info.top_level ? fmt::format("{} {}", cli.prog, info.name) : fmt::format("{} network {}", cli.prog, info.name);
}

std::string help_text(const Cli& cli, const CommandInfo& info) {
  std::string path = command_path(cli, info);
  std::string s = fmt::format("Usage:  {}{}{}\n\n{}\n\n", path, *info.args ? " " : "", info.args, info.summary);
  if (*info.alias) s += fmt::format("Aliases:\n  {}, {} network {}\n\n", path, cli.prog, info.alias);
  // cobra leaves out the Options heading of a command without flags (its --help is hidden).
  return *info.options_help ? s + "Options:\n" + info.options_help : s;
}

std::string usage_hint(const Cli& cli, const CommandInfo& info) {
  std::string path = command_path(cli, info);
  return fmt::format("\n\nUsage:  {}{}{}\n\nRun '{} --help' for more information", path, *info.args ? " " : "",
                     info.args, path);
}

void require_args(const Cli& cli, const CommandInfo& info, size_t count, size_t min, size_t max) {
  if (count >= min && count <= max) return;
  std::string path = command_path(cli, info);
  std::string what;
  std::string hint = usage_hint(cli, info);
  if (max == 0) {
    what = "accepts no arguments";
  } else if (min == max) {
    what = fmt::format("requires {} argument{}", min, min == 1 ? "" : "s");
  } else if (max != SIZE_MAX) {
    // cobra's RequiresRangeArgs (cli@v29.7.2:cli/required.go:67-80), `docker port`.
    what = fmt::format("requires at least {} and at most {} argument{}", min, max, max == 1 ? "" : "s");
  } else {
    what = fmt::format("requires at least {} argument{}", min, min == 1 ? "" : "s");
    // cobra's RequiresMinArgs alone still says "See" (cli@v29.7.2:cli/required.go:40).
    hint.replace(hint.rfind("\nRun '"), 6, "\nSee '");
  }
  throw ArgsError(fmt::format("{}: '{}' {}{}", cli.prog, path, what, hint));
}

}  // namespace docknet::cli
