#pragma once
#include <memory>
#include <stdexcept>
#include <string>

#include "cmd/output/value.hpp"

namespace docknet::output {

struct TemplateSet;

/// Bounds Go does not have, so that a hostile --format cannot hang docknet or exhaust memory
/// (issue 9). No template written for `ls` or `inspect` comes near them. Output and steps are
/// counted over every execution of one parsed template (all the rows of an `ls`).
struct TemplateLimits {
  static constexpr size_t kMaxOutput = size_t(64) << 20;  // bytes written, 64 MiB
  static constexpr long kMaxSteps = 20'000'000;           // nodes run, range rounds, value bytes / 64, 16 per array item
  static constexpr size_t kMaxValue = size_t(16) << 20;   // one string a function returns, 16 MiB
  static constexpr long long kMaxPad = 1'000'000;         // pad's widths (as Go's fmt bounds widths)
  static constexpr long long kMaxRange = 1'000'000;       // {{range N}} over an integer
  static constexpr size_t kMaxSplit = 100'000;            // parts split may return
  static constexpr int kMaxDepth = 1000;                  // nested {{template}} calls
};

/// A template that does not parse: "template: :1: unclosed action".
struct TemplateParseError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
/// A template that fails while running: "template: :1:2: executing \"\" at <.Foo>: ...".
struct TemplateExecError : std::runtime_error {
  explicit TemplateExecError(const std::string& what, std::string partial = "")
      : std::runtime_error(what), partial_(std::move(partial)) {}
  /// What the template wrote before it failed (Go's writer has it by then).
  const std::string& partial() const { return partial_; }

 private:
  std::string partial_;
};

/// Go's text/template as the docker CLI runs it, with docker's functions (json, join, split,
/// title, lower, upper, pad, truncate). Pure: no I/O.
class Template {
 public:
  /// `name` is the Go template's name, shown in its errors ("template: NAME:1: ...").
  static Template parse(const std::string& text, const std::string& name = "");
  std::string execute(const Value& data) const;
  /// docker's header pass: json/split/join/title/lower/upper/truncate return their argument.
  void set_header_mode(bool on) { header_mode_ = on; }
  /// Option("missingkey=error"), as docker's retry on the raw JSON map uses it.
  void set_missing_key_error(bool on) { missing_key_error_ = on; }

 private:
  struct Budget {
    long steps = 0;
    size_t output = 0;
  };
  std::shared_ptr<TemplateSet> set_;
  std::shared_ptr<Budget> budget_ = std::make_shared<Budget>();  // shared by copies (the header pass)
  bool header_mode_ = false;
  bool missing_key_error_ = false;
};

/// Go's fmt %v of a value as {{.X}} prints it ("<no value>" for a missing value).
std::string go_print(const Value& v);

}  // namespace docknet::output
