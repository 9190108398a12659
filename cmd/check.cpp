// docknet network check: the kernel against the store (docknet's own; Docker has no such command)
#include <ostream>

#include "cmd/flags.hpp"
#include "lib/service/check.hpp"

namespace docknet::cli {

int run_check(Cli& cli, const std::vector<std::string>& args) {
  CLI::App app;
  bool repair = false;
  app.add_flag("--repair", repair);
  auto parsed = parse_command(cli, app, kCheckInfo, args, 0, SIZE_MAX);
  if (!parsed) return 0;
  auto refs = std::move(*parsed);
  auto report = service::check_networks(cli.ctx, refs, repair);
  std::string out;
  for (const auto& line : report.differences) out += line + "\n";
  cli.io.out << out;
  cli.io.out.flush();
  if (!repair) return report.differences.empty() ? 0 : 1;
  for (const auto& e : report.repair_errors) cli.io.err << "repair failed: " << e << "\n";
  for (const auto& line : report.unrepaired) cli.io.err << "not repaired: " << line << "\n";
  return report.repair_errors.empty() && report.unrepaired.empty() ? 0 : 1;
}

}  // namespace docknet::cli
