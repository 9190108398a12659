#pragma once
#include <memory>
#include <stdexcept>
#include <string>

#include "cmd/output/value.hpp"

namespace docknet::output {

struct TemplateSet;

/// A template that does not parse: "template: :1: unclosed action".
struct TemplateParseError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
/// A template that fails while running: "template: :1:2: executing \"\" at <.Foo>: ...".
struct TemplateExecError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Go's text/template as the docker CLI runs it, with docker's functions (json, join, split,
/// title, lower, upper, pad, truncate). Pure: no I/O.
class Template {
 public:
  static Template parse(const std::string& text);
  std::string execute(const Value& data) const;
  /// docker's header pass: json/split/join/title/lower/upper/truncate return their argument.
  void set_header_mode(bool on) { header_mode_ = on; }
  /// Option("missingkey=error"), as docker's retry on the raw JSON map uses it.
  void set_missing_key_error(bool on) { missing_key_error_ = on; }

 private:
  std::shared_ptr<TemplateSet> set_;
  bool header_mode_ = false;
  bool missing_key_error_ = false;
};

/// Go's fmt %v of a value as {{.X}} prints it ("<no value>" for a missing value).
std::string go_print(const Value& v);

}  // namespace docknet::output
