#include "cmd/flags.hpp"

#include <algorithm>

#include <fmt/format.h>

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
    std::string flag = what.substr(colon + 2, eq - colon - 2), value = what.substr(eq + 3);
    throw UsageError(fmt::format("invalid argument \"{}\" for \"{}\" flag: strconv.ParseBool: parsing \"{}\": invalid syntax",
                                 value, flag, value));
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

}  // namespace docknet::cli
