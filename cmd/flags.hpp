#pragma once
#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "cmd/app.hpp"
#include "lib/model/filters.hpp"

namespace docknet::cli {

/// Parses `args` with CLI11 under pflag's rules and wording: returns the positional arguments,
/// throws UsageError("unknown flag: --x") and friends, and reports whether -h/--help was given.
std::vector<std::string> parse_flags(CLI::App& app, const std::vector<std::string>& args, bool& help);

/// Every subcommand's start: parses `args` with `app`'s flags; on -h/--help prints the
/// command's help and returns nullopt (exit 0); otherwise checks the argument count as the
/// docker CLI does (min..max) and returns the arguments.
std::optional<std::vector<std::string>> parse_command(Cli& cli, CLI::App& app, const CommandInfo& info,
                                                      const std::vector<std::string>& args, size_t min, size_t max);

/// --filter values as FilterArgs; a value without '=' is a flag error, worded as docker's.
model::FilterArgs parse_filter_flags(const std::vector<std::string>& values, const char* flag_names);

/// A single-value string flag: given twice, the last value wins (pflag's String), not an error.
CLI::Option* add_single(CLI::App& app, const std::string& names, std::string& into);

/// A repeatable string flag (pflag's StringArray / Var).
CLI::Option* add_list(CLI::App& app, const std::string& names, std::vector<std::string>& into);

}  // namespace docknet::cli
