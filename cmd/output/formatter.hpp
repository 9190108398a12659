#pragma once
#include <string>
#include <vector>

#include "cmd/output/value.hpp"

namespace docknet::output {

/// docker's formatter.Context: "table ..." (tabwriter + header row), "json" ({{json .}} per
/// row), or a plain template; `\t` and `\n` written literally in the format are expanded.
/// Throws TemplateParseError / TemplateExecError.
std::string format_rows(const std::string& format, const std::vector<Value>& rows, const Value& header);

}  // namespace docknet::output
