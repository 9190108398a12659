#include "cmd/app.hpp"

#include <map>
#include <ostream>

#include <fmt/format.h>

#include "cmd/output/template.hpp"
#include "lib/core/error.hpp"
#include "lib/core/strings.hpp"

namespace docknet::cli {

void print_cleanup_failures(Cli& cli) {
  for (const auto& w : cli.ctx.warnings) cli.io.err << "warning: " << w << "\n";
  for (const auto& f : cli.ctx.cleanup_failures) cli.io.err << "warning: cleanup: " << f << "\n";
}

std::string error_text(const Error& e) {
  return e.from_daemon() ? "Error response from daemon: " + trim(e.what()) : std::string(e.what());
}

namespace {

using Runner = int (*)(Cli&, const std::vector<std::string>&);

struct Entry {
  const CommandInfo* info;
  Runner run;
};

const std::map<std::string, Entry>& commands() {
  static const std::map<std::string, Entry> table = {
      {"ls", {&kLsInfo, run_ls}},           {"list", {&kLsInfo, run_ls}},        {"create", {&kCreateInfo, run_create}},
      {"inspect", {&kInspectInfo, run_inspect}}, {"rm", {&kRmInfo, run_rm}},    {"remove", {&kRmInfo, run_rm}},
      {"prune", {&kPruneInfo, run_prune}},        {"connect", {&kConnectInfo, run_connect}},
      {"disconnect", {&kDisconnectInfo, run_disconnect}}, {"check", {&kCheckInfo, run_check}},
      {"restore", {&kRestoreInfo, run_restore}}, {"reconcile", {&kReconcileInfo, run_reconcile}}};
  return table;
}

// Docker's own `docker network --help`, word for word.
std::string network_help(const Cli& cli) {
  std::string s = fmt::format("Usage:  {} network COMMAND\n\nManage networks\n\nCommands:\n", cli.prog);
  for (const CommandInfo* i : {&kConnectInfo, &kCreateInfo, &kDisconnectInfo, &kInspectInfo, &kLsInfo, &kPruneInfo, &kRmInfo})
    s += fmt::format("  {:<11} {}\n", i->name, i->summary);
  s += fmt::format("\nRun '{} network COMMAND --help' for more information on a command.\n", cli.prog);
  return s;
}

// `docknet --help` (without the word "network"): Docker's list plus what only docknet has.
std::string docknet_help(const Cli& cli) {
  std::string s = fmt::format("Usage:  {} network COMMAND\n\nManage networks\n\nCommands:\n", cli.prog);
  for (const CommandInfo* i : {&kConnectInfo, &kCreateInfo, &kDisconnectInfo, &kInspectInfo, &kLsInfo, &kPruneInfo, &kRmInfo})
    s += fmt::format("  {:<11} {}\n", i->name, i->summary);
  s += "\ndocknet's own:\n";
  for (const CommandInfo* i : {&kCheckInfo, &kRestoreInfo, &kReconcileInfo}) s += fmt::format("  {:<11} {}\n", i->name, i->summary);
  s += "\nAs docker's top-level commands:\n";
  for (const CommandInfo* i : {&kPortInfo, &kVersionInfo}) s += fmt::format("  {:<11} {}\n", i->name, i->summary);
  s += fmt::format("  {:<11} {}\n", kNodeInfo.name, kNodeInfo.summary);
  s += fmt::format("\nGlobal Options:\n"
                   "  -D, --debug              Enable debug mode\n"
                   "      --root string        State directory (default \"/var/lib/docknet\", or $DOCKNET_ROOT)\n"
                   "  -l, --log-level string   Set the logging level (\"debug\", \"info\", \"warn\", \"error\", \"fatal\")\n"
                   "  -H, --host string        Daemon socket: only this host's (unix://...); another host is refused\n"
                   "  -c, --context string     Only \"default\"; another context is refused\n"
                   "      --config, --tls, --tlsverify, --tlscacert, --tlscert, --tlskey   accepted, no effect\n"
                   "\nThe word \"network\" is optional: '{0} ls' is '{0} network ls'.\n"
                   "\nRun '{0} network COMMAND --help' for more information on a command.\n",
                   cli.prog);
  return s;
}

// cobra marks the -h shorthand deprecated (cli@v29.7.2:cli/cobra.go:53) and says so on stdout
// before the help.
void note_deprecated_h(Cli& cli, const std::vector<std::string>& args, size_t from) {
  for (size_t k = from; k < args.size() && args[k] != "--"; ++k)
    if (args[k] == "-h") {
      cli.io.out << "Flag shorthand -h has been deprecated, use --help\n";
      return;
    }
}

void print_error(Cli& cli, const Error& e) { cli.io.err << error_text(e) << "\n"; }


// A command outside `network` (version, port): its flag errors print its own usage, exit 125.
int run_top_level(Cli& cli, const CommandInfo& info, Runner run, const std::vector<std::string>& rest) {
  note_deprecated_h(cli, rest, 0);
  try {
    return run(cli, rest);
  } catch (const UsageError& e) {
    cli.io.err << e.what() << usage_hint(cli, info) << "\n";
    return 125;
  }
}

int dispatch(const std::vector<std::string>& args, Cli& cli) {
  size_t i = 0;
  if (!args.empty() && (args[0] == "__complete" || args[0] == "__completeNoDesc"))
    return run_complete(cli, std::vector<std::string>(args.begin() + 1, args.end()), args[0] == "__complete");
  bool network_word = i < args.size() && args[i] == "network";
  if (network_word) ++i;
  if (i >= args.size() && network_word) {
    cli.io.err << network_help(cli);  // `docker network` alone: the help, on stderr, exit 0
    return 0;
  }
  if (i >= args.size() || args[i] == "--help" || args[i] == "-h" || args[i] == "help") {
    if (i < args.size()) note_deprecated_h(cli, args, i);
    cli.io.out << (network_word ? network_help(cli) : docknet_help(cli));
    return 0;
  }
  if (args[i] == "--version" || args[i] == "-v") {
    cli.io.out << "docknet version " << DOCKNET_VERSION << ", build " << DOCKNET_GIT_COMMIT << "\n";
    return 0;
  }
  // docker's own top-level commands: only without the word "network", as in docker.
  if (!network_word)
    for (auto [info, run] : {std::pair{&kVersionInfo, Runner{run_version}}, std::pair{&kPortInfo, Runner{run_port}},
                             std::pair{&kNodeInfo, Runner{run_node}}})
      if (args[i] == info->name) return run_top_level(cli, *info, run, {args.begin() + static_cast<long>(i) + 1, args.end()});
  auto it = commands().find(args[i]);
  if (it == commands().end()) {
    cli.io.err << fmt::format(
        "{0}: unknown command: {0} network {1}\n\nUsage:  {0} network\n\nRun '{0} network --help' for more information\n",
        cli.prog, args[i]);
    return 1;
  }
  const CommandInfo& info = *it->second.info;
  std::vector<std::string> rest(args.begin() + static_cast<long>(i) + 1, args.end());
  note_deprecated_h(cli, rest, 0);
  try {
    return it->second.run(cli, rest);
  } catch (const UsageError& e) {
    cli.io.err << e.what() << usage_hint(cli, info) << "\n";
    return 125;
  }
}

}  // namespace

int run(const std::vector<std::string>& args, Cli& cli) {
  int code;
  try {
    code = dispatch(args, cli);
  } catch (const ArgsError& e) {
    cli.io.err << e.what() << "\n";
    code = 1;
  } catch (const Error& e) {
    print_error(cli, e);
    code = 1;
  } catch (const ExitStatus& s) {
    code = s.code;
  } catch (const std::exception& e) {
    cli.io.err << cli.prog << ": " << e.what() << "\n";
    code = 1;
  }
  print_cleanup_failures(cli);
  cli.io.out.flush();
  return code;
}

}  // namespace docknet::cli
