#include "cmd/flags.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "lib/core/strings.hpp"

namespace docknet::cli {
namespace {

std::string unknown_flag(const std::string& token) {
  if (token.rfind("--", 0) == 0) return "unknown flag: " + token.substr(0, token.find('='));
  return fmt::format("unknown shorthand flag: '{}' in {}", token.substr(1, 1), token);
}

// The flag whose value is missing: the last token naming a value-taking option.
std::string missing_value_message(CLI::App& app, const std::vector<std::string>& args) {
  for (auto it = args.rbegin(); it != args.rend(); ++it) {
    const std::string& t = *it;
    if (t.size() < 2 || t[0] != '-') continue;
    std::string name = t.rfind("--", 0) == 0 ? t.substr(2) : t.substr(t.size() - 1);
    for (const CLI::Option* o : app.get_options()) {
      if (o->get_expected_min() == 0) continue;
      bool is_long = t.rfind("--", 0) == 0;
      const auto& names = is_long ? o->get_lnames() : o->get_snames();
      if (std::find(names.begin(), names.end(), name) == names.end()) continue;
      return is_long ? "flag needs an argument: --" + name : fmt::format("flag needs an argument: '{}' in -{}", name, name);
    }
  }
  return "flag needs an argument";
}

// pflag's name of a flag in its errors: "-f, --force" when it has a shorthand, else "--internal".
std::string pflag_name(CLI::App& app, const std::string& long_name) {
  const CLI::Option* o = app.get_option_no_throw(long_name);
  if (!o || o->get_snames().empty()) return long_name;
  return fmt::format("-{}, {}", o->get_snames().front(), long_name);
}

[[noreturn]] void bad_bool(CLI::App& app, const std::string& flag, const std::string& value) {
  throw UsageError(fmt::format("invalid argument {} for \"{}\" flag: strconv.ParseBool: parsing {}: invalid syntax",
                               go_quote(value), pflag_name(app, flag), go_quote(value)));
}

// pflag reads "--name=" as the value "" (cli@v29.7.2 vendor/github.com/spf13/pflag/flag.go:1014);
// CLI11 would take the next word instead, so it gets the "" as a word of its own.
std::vector<std::string> empty_values_split(CLI::App& app, const std::vector<std::string>& flags) {
  std::vector<std::string> out;
  for (const auto& a : flags) {
    bool empty_value = a.size() > 3 && a.rfind("--", 0) == 0 && a.find('=') == a.size() - 1;
    const CLI::Option* o = empty_value ? app.get_option_no_throw(a.substr(0, a.size() - 1)) : nullptr;
    if (!o) {
      out.push_back(a);
      continue;
    }
    if (o->get_expected_min() == 0) bad_bool(app, a.substr(0, a.size() - 1), "");
    out.push_back(a.substr(0, a.size() - 1));
    out.emplace_back();
  }
  return out;
}

}  // namespace

CLI::Option* add_list(CLI::App& app, const std::string& names, std::vector<std::string>& into) {
  return app.add_option(names, into)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

CLI::Option* add_single(CLI::App& app, const std::string& names, std::string& into) {
  return app.add_option(names, into)->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
}

model::FilterArgs parse_filter_flags(const std::vector<std::string>& values, const char* flag_names) {
  model::FilterArgs args;
  for (const auto& v : values)
    if (!model::add_filter(args, v))
      throw UsageError(fmt::format("invalid argument \"{}\" for \"{}\" flag: bad format of filter (expected name=value)",
                                   v, flag_names));
  return args;
}

std::vector<std::string> parse_flags(CLI::App& app, const std::vector<std::string>& args, bool& help) {
  help = false;
  auto dashdash = std::find(args.begin(), args.end(), "--");
  std::vector<std::string> flags(args.begin(), dashdash);
  for (const auto& a : flags)
    if (a == "-h" || a == "--help") help = true;
  if (help) return {};
  app.allow_extras(true);
  app.set_help_flag();
  flags = empty_values_split(app, flags);
  std::vector<std::string> reversed(flags.rbegin(), flags.rend());  // CLI11 2.1 parses a reversed vector
  try {
    app.parse(reversed);
  } catch (const CLI::ArgumentMismatch&) {
    throw UsageError(missing_value_message(app, flags));
  } catch (const CLI::ConversionError& e) {
    // CLI11 says "Could not convert: --internal = maybe"; pflag names the value and the flag.
    std::string what = e.what();
    auto colon = what.find(": "), eq = what.find(" = ");
    if (colon == std::string::npos || eq == std::string::npos || eq < colon) throw UsageError(what);
    bad_bool(app, what.substr(colon + 2, eq - colon - 2), what.substr(eq + 3));
  } catch (const CLI::ParseError& e) {
    throw UsageError(e.what());
  }
  std::vector<std::string> positionals;
  for (const auto& r : app.remaining()) {
    if (r.size() > 1 && r[0] == '-') throw UsageError(unknown_flag(r));
    positionals.push_back(r);
  }
  if (dashdash != args.end()) positionals.insert(positionals.end(), dashdash + 1, args.end());
  return positionals;
}

std::optional<std::vector<std::string>> parse_command(Cli& cli, CLI::App& app, const CommandInfo& info,
                                                      const std::vector<std::string>& args, size_t min, size_t max) {
  bool help = false;
  auto positionals = parse_flags(app, args, help);
  if (help) {
    cli.io.out << help_text(cli, info);
    return std::nullopt;
  }
  require_args(cli, info, positionals.size(), min, max);
  return positionals;
}

}  // namespace docknet::cli
