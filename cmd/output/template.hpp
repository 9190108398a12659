#pragma once
#include <memory>
#include <string>
#include <vector>

#include "cmd/output/value.hpp"

namespace docknet::output {

struct TemplateNode;

/// Thrown for template text that does not parse ("template: :1: unclosed action").
struct TemplateParseError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
/// Thrown when executing a parsed template fails.
struct TemplateExecError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Go's text/template as the docker CLI uses it, with docker's extra functions (json, join,
/// split, title, lower, upper, pad, truncate). No I/O.
class Template {
 public:
  static Template parse(const std::string& text);
  std::string execute(const Value& data) const;
  /// In docker's header pass the text functions return their argument unchanged.
  void set_header_mode(bool on) { header_mode_ = on; }

 private:
  std::shared_ptr<TemplateNode> root_;
  bool header_mode_ = false;
};

/// Go's fmt %v rendering of a value, as {{.X}} prints it.
std::string go_print(const Value& v);

}  // namespace docknet::output
