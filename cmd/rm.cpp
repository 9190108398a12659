// docknet network rm
#include <ostream>

#include "cmd/flags.hpp"
#include "lib/service/remove_network.hpp"

namespace docknet::cli {

int run_rm(Cli& cli, const std::vector<std::string>& args) {
  CLI::App app;
  bool force = false;
  app.add_flag("-f,--force", force);
  auto parsed = parse_command(cli, app, kRmInfo, args, 1, SIZE_MAX);
  if (!parsed) return 0;
  auto refs = std::move(*parsed);
  bool failed = false;
  for (const auto& outcome : service::remove_networks(cli.ctx, refs, force)) {
    if (outcome.error) {
      failed = true;
      cli.io.out.flush();
      cli.io.err << error_text(*outcome.error) << "\n";
    } else if (!outcome.skipped) {
      cli.io.out << outcome.ref << "\n";
    }
  }
  if (!failed) return 0;
  // docker's rm returns a StatusError with no text, which main prints as "exit status 1".
  cli.io.err << "exit status 1\n";
  return 1;
}

}  // namespace docknet::cli
