// docknet network prune
#include <istream>
#include <ostream>

#include "cmd/flags.hpp"
#include "lib/service/prune.hpp"

namespace docknet::cli {

static bool confirm(Cli& cli) {
  cli.io.out << "WARNING! This will remove all custom networks not used by at least one container.\n"
                "Are you sure you want to continue? [y/N] ";
  cli.io.out.flush();
  std::string answer;
  // End of input (CI, a closed pipe) means no, as in docker.
  if (!std::getline(cli.io.in, answer)) return false;
  answer = trim(answer);
  return answer == "y" || answer == "Y";
}

int run_prune(Cli& cli, const std::vector<std::string>& args) {
  CLI::App app;
  bool force = false;
  std::vector<std::string> filters;
  app.add_flag("-f,--force", force);
  add_list(app, "--filter", filters);
  auto parsed = parse_command(cli, app, kPruneInfo, args, 0, 0);
  if (!parsed) return 0;
  auto positionals = std::move(*parsed);
  auto filter_args = parse_filter_flags(filters, "--filter");
  if (!force && !confirm(cli)) return 0;
  auto result = service::prune_networks(cli.ctx, filter_args);
  // Docker's daemon skips a network it cannot remove and only logs why; with no daemon log,
  // the reason goes to stderr, and the exit code stays Docker's.
  for (const auto& [name, why] : result.failed)
    cli.io.err << "warning: network " << name << " was not removed: " << why << "\n";
  if (result.removed.empty()) return 0;
  std::string out = "Deleted Networks:\n";
  for (const auto& name : result.removed) out += name + "\n";
  cli.io.out << out << "\n";
  return 0;
}

}  // namespace docknet::cli
