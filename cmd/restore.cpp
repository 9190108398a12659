// docknet network restore: every stored network's kernel state made again (docknet's own; the
// boot unit docknet.service runs it)
#include "cmd/flags.hpp"
#include "lib/service/restore.hpp"

namespace docknet::cli {

int run_restore(Cli& cli, const std::vector<std::string>& args) {
  CLI::App app;
  auto parsed = parse_command(cli, app, kRestoreInfo, args, 0, 0);
  if (!parsed) return 0;
  // Silent on success, as a boot unit's command should be; warnings go to stderr (app.cpp).
  return service::restore_networks(cli.ctx) ? 0 : 1;
}

}  // namespace docknet::cli
