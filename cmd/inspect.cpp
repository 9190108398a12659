// docknet network inspect
#include <ostream>

#include <fmt/format.h>

#include "cmd/flags.hpp"
#include "cmd/output/json.hpp"
#include "cmd/output/network_json.hpp"
#include "cmd/output/template.hpp"
#include "lib/core/error.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/query.hpp"

namespace docknet::cli {
int run_inspect(Cli& cli, const std::vector<std::string>& args) {
  CLI::App app;
  std::string format;
  bool verbose = false;
  add_single(app, "-f,--format", format);
  app.add_flag("-v,--verbose", verbose);
  auto parsed = parse_command(cli, app, kInspectInfo, args, 1, SIZE_MAX);
  if (!parsed) return 0;
  auto refs = std::move(*parsed);

  std::optional<output::Template> tmpl;
  if (!format.empty() && format != "json") {
    try {
      tmpl = output::Template::parse(format);
    } catch (const output::TemplateParseError& e) {
      cli.io.err << "template parsing error: " << e.what() << "\n";
      throw ExitStatus{64};
    }
  }
  auto session = service::open_for_read(cli.ctx);
  std::vector<output::Value> found;
  std::vector<std::string> errors;
  for (const auto& ref : refs) {
    try {
      found.push_back(output::inspect_value(service::resolve_network(session.state, ref, service::AmbiguityText::Inspect)));
    } catch (const Error& e) {
      errors.push_back(error_text(e));
    }
  }
  if (!tmpl) {
    cli.io.out << output::to_json(output::Value::array(found), format.empty() ? 4 : 0) << "\n";
  } else {
    bool wrote = false;
    output::Template raw_tmpl = *tmpl;
    raw_tmpl.set_missing_key_error(true);
    for (const auto& v : found) {
      // docker's TemplateInspector: the typed struct first, then the raw JSON map.
      try {
        cli.io.out << tmpl->execute(v) << "\n";
        wrote = true;
      } catch (const output::TemplateExecError&) {
        try {
          cli.io.out << raw_tmpl.execute(output::raw_value(v)) << "\n";
          wrote = true;
        } catch (const output::TemplateExecError& e) {
          errors.push_back(std::string("template parsing error: ") + e.what());
        }
      }
    }
    if (!wrote) cli.io.out << "\n";  // docker's inspector flushes a bare newline when nothing was printed
  }
  if (errors.empty()) return 0;
  cli.io.out.flush();
  for (const auto& e : errors) cli.io.err << e << "\n";
  return 1;
}

}  // namespace docknet::cli
