#pragma once
#include <functional>
#include <string>
#include <vector>

#include "cmd/output/value.hpp"

namespace docknet::output {

/// How a function reports errors the way text/template does.
struct FuncContext {
  bool header_mode;                                                // docker's header pass
  /// An argument of the wrong type; Go words it by whether the argument is a literal.
  std::function<void(size_t arg_index, const std::string& expected, const std::string& got)> fail_type;
  std::function<void(const std::string&)> fail_ident;              // at the function name
  std::function<void(const std::string&)> fail_call;               // "error calling NAME: ..."
  std::function<std::string(size_t arg_index)> arg_text;          // the argument as written
};

/// How many arguments a function takes: {min, max}; max -1 means variadic.
std::pair<int, int> function_arity(const std::string& name);

/// Go's builtins and docker's template functions.
Value call_function(const std::string& name, const std::vector<Value>& args, const FuncContext& ctx);

/// fmt.Sprintf, fmt.Sprint and fmt.Sprintln over template values.
std::string go_sprintf(const std::vector<Value>& args);
std::string go_sprint(const std::vector<Value>& args);
/// Go's %v of a value inside a collection or printf (nil prints as <nil>).
std::string nested_print(const Value& v);
std::string go_quote_string(const std::string& s);

}  // namespace docknet::output
