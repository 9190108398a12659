// docknet network ls
#include <ostream>

#include <fmt/format.h>

#include "cmd/flags.hpp"
#include "cmd/output/formatter.hpp"
#include "cmd/output/network_json.hpp"
#include "cmd/output/template.hpp"
#include "lib/core/error.hpp"
#include "lib/model/filters.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/query.hpp"

namespace docknet::cli {

static std::string list_format(const std::string& format, bool quiet) {
  std::string f = format.empty() ? "table" : format;
  if (f == "table") return quiet ? "{{.ID}}" : "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}";
  if (f == "raw")
    return quiet ? "network_id: {{.ID}}" : "network_id: {{.ID}}\nname: {{.Name}}\ndriver: {{.Driver}}\nscope: {{.Scope}}\n";
  return f;
}

int run_ls(Cli& cli, const std::vector<std::string>& args) {
  CLI::App app;
  bool quiet = false, no_trunc = false;
  std::string format;
  std::vector<std::string> filters;
  app.add_flag("-q,--quiet", quiet);
  app.add_flag("--no-trunc", no_trunc);
  add_single(app, "--format", format);
  add_list(app, "-f,--filter", filters);
  auto parsed = parse_command(cli, app, kLsInfo, args, 0, 0);
  if (!parsed) return 0;
  auto positionals = std::move(*parsed);
  auto filter_args = parse_filter_flags(filters, "-f, --filter");

  auto session = service::open_for_read(cli.ctx);
  auto networks = service::list_networks(session.state, filter_args);
  std::vector<output::Value> rows;
  for (const auto* n : networks) rows.push_back(output::list_row(*n, no_trunc));
  try {
    cli.io.out << output::format_rows(list_format(format, quiet), rows, output::list_header());
  } catch (const output::TemplateParseError& e) {
    throw Error(ErrorKind::Client, fmt::format("template parsing error: {}", e.what()));
  } catch (const output::TemplateExecError& e) {
    throw Error(ErrorKind::Client, fmt::format("template parsing error: {}", e.what()));
  }
  return 0;
}

}  // namespace docknet::cli
