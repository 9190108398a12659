// docknet network reconcile [--watch]: this host made to match the cluster store, once or on
// every change of it (docknet's own; the installed docknet-reconcile.service runs --watch).
#include <unistd.h>

#include <ostream>

#include "cmd/flags.hpp"
#include "lib/model/messages.hpp"
#include "lib/service/cluster.hpp"

namespace docknet::cli {
namespace {

// Each reconcile's warnings once: the context outlives the loop's rounds.
void print_and_clear_warnings(Cli& cli) {
  print_cleanup_failures(cli);
  cli.io.err.flush();
  cli.ctx.warnings.clear();
  cli.ctx.cleanup_failures.clear();
}

// Reconciles, then waits for the next change; a failure (the store gone, a kernel error) is
// told once per kind and retried a second later, so the host catches up when it comes back.
int watch(Cli& cli) {
  std::string last_error;
  for (;;) {
    try {
      service::reconcile_host(cli.ctx);
      print_and_clear_warnings(cli);
      if (!last_error.empty()) cli.io.err << "reconcile: the cluster store answers again\n" << std::flush;
      last_error.clear();
      // No cluster store: nothing to follow. Not a failure: the installed unit runs on every
      // host, and one without overlay networks just has nothing to do.
      if (!cli.ctx.wait_for_cluster_change()) {
        cli.io.err << "docknet network reconcile --watch: no cluster-store in the config file, nothing to watch\n";
        return 0;
      }
      continue;
    } catch (const Error& e) {
      print_and_clear_warnings(cli);
      if (error_text(e) != last_error) cli.io.err << "reconcile: " << error_text(e) << "\n" << std::flush;
      last_error = error_text(e);
    }
    sleep(1);
  }
}

}  // namespace

int run_reconcile(Cli& cli, const std::vector<std::string>& args) {
  CLI::App app;
  bool follow = false;
  app.add_flag("--watch", follow);
  auto parsed = parse_command(cli, app, kReconcileInfo, args, 0, 0);
  if (!parsed) return 0;
  if (follow) return watch(cli);
  service::reconcile_host(cli.ctx);  // silent on success, as restore
  return 0;
}

}  // namespace docknet::cli
