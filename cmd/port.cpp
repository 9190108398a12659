// docknet port CONTAINER [PRIVATE_PORT[/PROTO]]: `docker port`, for the ports `connect --publish`
// made (cli@v29.7.2:cli/command/container/port.go).
#include <ostream>

#include "cmd/flags.hpp"
#include "lib/model/messages.hpp"
#include "lib/model/ports.hpp"
#include "lib/service/port_query.hpp"

namespace docknet::cli {

int run_port(Cli& cli, const std::vector<std::string>& args) {
  CLI::App app;
  auto parsed = parse_command(cli, app, kPortInfo, args, 1, 2);
  if (!parsed) return 0;
  const auto& positionals = *parsed;
  // The container is looked up first, then the private port parsed, as the CLI does.
  auto bindings = service::published_ports(cli.ctx, positionals[0]);
  std::optional<model::ParsedPort> wanted;
  if (positionals.size() > 1) wanted = model::parse_port_arg(positionals[1]);
  std::vector<std::string> lines;
  if (wanted) {
    lines = model::port_lines_for(bindings, wanted->port, wanted->proto);
    if (lines.empty()) throw model::msg::no_public_port(positionals[1], positionals[0]);
  } else {
    lines = model::port_lines(bindings);
  }
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  cli.io.out << out;
  return 0;
}

}  // namespace docknet::cli
