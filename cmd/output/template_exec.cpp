// Executes a parsed template over a Value with text/template's rules: truth, scoping,
// range/break/continue, {{template}}, lazy and/or, and Go's error messages and positions.
#include <fmt/format.h>

#include "cmd/output/template.hpp"
#include "cmd/output/template_ast.hpp"
#include "cmd/output/template_funcs.hpp"
#include "cmd/output/time_methods.hpp"

namespace docknet::output {
namespace {

struct BreakSignal {};
struct ContinueSignal {};
using L = TemplateLimits;

class Executor {
 public:
  Executor(const TemplateSet& set, const Value& root, bool header, bool missing_error, long& steps, size_t& output)
      : set_(set), header_(header), missing_error_(missing_error), steps_(steps), output_(output) {
    vars_.emplace_back("$", root);
  }

  void run(const TemplateNode& n, const Value& dot) { walk(n, dot); }
  std::string take() { return std::move(out_); }

  [[noreturn]] void fail(size_t pos, const std::string& context, const std::string& msg) const {
    throw TemplateExecError(fmt::format("template: {}:{}:{}: executing \"{}\" at <{}>: {}", set_.name, line_of(set_.source, pos),
                                        column_of(set_.source, pos), name_, context, msg));
  }

 private:
  // One unit of work; `cost` more for work that scales (copying a long string).
  void step(size_t pos, long cost = 1) {
    steps_ += cost;
    if (steps_ > L::kMaxSteps) fail(pos, "...", fmt::format("template execution exceeded {} steps", L::kMaxSteps));
  }

  void write(size_t pos, const std::string& s) {
    output_ += s.size();
    if (output_ > L::kMaxOutput) fail(pos, "...", fmt::format("template output exceeded {} MiB", L::kMaxOutput >> 20));
    out_ += s;
  }

  // Copies of long strings and of arrays are charged by size, so that moving a 16 MiB value or
  // a split's 100000 parts around in a loop (or keeping many copies in variables) ends at the
  // step limit instead of running for hours or filling memory.
  const Value& charged(size_t pos, const Value& v) {
    if (v.kind() == Value::Kind::String && v.as_string().size() >= 64) step(pos, static_cast<long>(v.as_string().size() / 64));
    if (v.kind() == Value::Kind::Array && v.items().size() >= 64) step(pos, static_cast<long>(v.items().size()) * 16);
    return v;
  }

  void walk(const TemplateNode& n, const Value& dot) {
    step(n.pos);
    switch (n.kind) {
      case TemplateNode::Kind::List:
        for (const auto& c : n.children) walk(*c, dot);
        break;
      case TemplateNode::Kind::Text: write(n.pos, n.text); break;
      case TemplateNode::Kind::Action: {
        Value v = pipeline(*n.pipe, dot);
        if (n.pipe->decl.empty()) write(n.pos, go_print(v));
        break;
      }
      case TemplateNode::Kind::If:
      case TemplateNode::Kind::With: {
        size_t mark = vars_.size();
        Value v = pipeline(*n.pipe, dot);
        if (truth(v)) walk_children(n, n.kind == TemplateNode::Kind::With ? v : dot);
        else if (n.else_branch) walk(*n.else_branch, dot);
        vars_.resize(mark);
        break;
      }
      case TemplateNode::Kind::Range: range(n, dot); break;
      case TemplateNode::Kind::Template: call_template(n, dot); break;
      case TemplateNode::Kind::Break: throw BreakSignal{};
      case TemplateNode::Kind::Continue: throw ContinueSignal{};
    }
  }

  void walk_children(const TemplateNode& n, const Value& dot) {
    for (const auto& c : n.children) walk(*c, dot);
  }

  static bool truth(const Value& v) { return !v.empty(); }

  void call_template(const TemplateNode& n, const Value& dot) {
    auto it = set_.defined.find(n.text);
    if (it == set_.defined.end()) fail(n.pos, n.str(), fmt::format("template {} not defined", go_quote_name(n.text)));
    if (++depth_ > L::kMaxDepth) fail(n.pos, n.str(), fmt::format("exceeded maximum template depth ({})", L::kMaxDepth));
    Value new_dot = n.pipe ? pipeline(*n.pipe, dot) : Value::null();
    auto saved_vars = std::move(vars_);
    std::string saved_name = name_;
    vars_.clear();
    vars_.emplace_back("$", new_dot);
    name_ = n.text;
    walk(*it->second, new_dot);
    vars_ = std::move(saved_vars);
    name_ = saved_name;
    --depth_;
  }

  static std::string go_quote_name(const std::string& s) { return "\"" + s + "\""; }

  void range(const TemplateNode& n, const Value& dot) {
    size_t mark = vars_.size();
    Pipeline p = *n.pipe;
    auto decl = p.decl;
    p.decl.clear();
    Value v = pipeline(p, dot);
    bool any = false;
    size_t at = n.pipe->commands.back().args.front().pos;
    auto body = [&](const Value& key, const Value& elem) {
      any = true;
      step(at);  // a round of an empty body still counts
      size_t inner = vars_.size();
      if (decl.size() == 1) vars_.emplace_back(decl[0], elem);
      if (decl.size() == 2) {
        vars_.emplace_back(decl[0], key);
        vars_.emplace_back(decl[1], elem);
      }
      try {
        walk_children(n, elem);
      } catch (const ContinueSignal&) {
      }
      vars_.resize(inner);
    };
    try {
      if (v.kind() == Value::Kind::Array) {
        for (size_t i = 0; i < v.items().size(); ++i) body(Value::integer(static_cast<long long>(i)), v.items()[i]);
      } else if (v.kind() == Value::Kind::Object && v.is_map()) {
        for (const auto& f : v.fields()) body(Value::string(f.name), f.value);
      } else if (v.kind() == Value::Kind::Int) {
        if (v.as_int() > L::kMaxRange)
          fail(at, n.pipe->commands.back().args.front().str(), fmt::format("range over {} exceeds the limit of {} iterations", v.as_int(), L::kMaxRange));
        for (long long i = 0; i < v.as_int(); ++i) body(Value::integer(i), Value::integer(i));
      } else if (v.kind() != Value::Kind::Null) {
        fail(at, n.pipe->str(), "range can't iterate over " + go_print(v));
      }
    } catch (const BreakSignal&) {
    }
    vars_.resize(mark);
    if (!any && n.else_branch) walk(*n.else_branch, dot);
  }

  Value pipeline(const Pipeline& p, const Value& dot) {
    Value v;
    bool have = false;
    for (const auto& c : p.commands) {
      v = command(c, dot, have ? &v : nullptr);
      charged(c.pos, v);
      have = true;
    }
    if (!p.decl.empty()) {
      if (p.assign) {
        for (auto it = vars_.rbegin(); it != vars_.rend(); ++it)
          if (it->first == p.decl[0]) {
            it->second = v;
            return v;
          }
      }
      vars_.emplace_back(p.decl.back(), v);
    }
    return v;
  }

  Value variable(const Operand& o) {
    for (auto it = vars_.rbegin(); it != vars_.rend(); ++it)
      if (it->first == o.name) return it->second;
    fail(o.pos, o.str(), fmt::format("undefined variable: {}", o.name));
  }

  Value command(const Command& c, const Value& dot, const Value* final) {
    const Operand& first = c.args.front();
    switch (first.kind) {
      case Operand::Kind::Function: return function(first, c, dot, final);
      case Operand::Kind::Field: return chain(dot, first, c, dot, final);
      case Operand::Kind::Variable: return chain(variable(first), first, c, dot, final);
      case Operand::Kind::Sub: {
        Value base = pipeline(*first.sub, dot);
        if (!first.chain.empty()) return chain(base, first, c, dot, final);
        not_a_function(first, c, final);
        return base;
      }
      case Operand::Kind::Nil: fail(first.pos, first.str(), "nil is not a command");
      case Operand::Kind::Dot:
      case Operand::Kind::Literal: not_a_function(first, c, final); return operand(first, dot);
    }
    return Value::null();
  }

  void not_a_function(const Operand& o, const Command& c, const Value* final) {
    if (c.args.size() > 1 || final) fail(o.pos, o.str(), "can't give argument to non-function " + o.str());
  }

  std::vector<Value> arguments(const Command& c, const Value& dot, const Value* final) {
    std::vector<Value> args;
    for (size_t i = 1; i < c.args.size(); ++i) args.push_back(operand(c.args[i], dot));
    if (final) args.push_back(*final);
    return args;
  }

  Value function(const Operand& fn, const Command& c, const Value& dot, const Value* final) {
    // Go checks the count before it evaluates any argument.
    auto [min, max] = function_arity(fn.name);
    int count = static_cast<int>(c.args.size()) - 1 + (final ? 1 : 0);
    if (count < min || (max >= 0 && count > max))
      fail(fn.pos, fn.str(),
           max >= 0 && min == max ? fmt::format("wrong number of args for {}: want {} got {}", fn.name, min, count)
                                  : fmt::format("wrong number of args for {}: want at least {} got {}", fn.name, min, count));
    if (fn.name == "and" || fn.name == "or") return and_or(fn, c, dot, final);
    std::vector<Value> args = arguments(c, dot, final);
    FuncContext ctx{header_,
                    [&](size_t arg_index, const std::string& expected, const std::string& got) {
                      const Operand& at = arg_index + 1 < c.args.size() ? c.args[arg_index + 1] : fn;
                      if (at.kind == Operand::Kind::Literal)
                        fail(at.pos, at.str(), fmt::format("expected {}; found {}", expected, at.str()));
                      fail(at.pos, at.str(), fmt::format("wrong type for value; expected {}; got {}", expected, got));
                    },
                    [&](const std::string& msg) { fail(fn.pos, fn.str(), msg); },
                    [&](const std::string& msg) { fail(fn.pos, c.str(), "error calling " + fn.name + ": " + msg); },
                    [&](size_t i) { return i + 1 < c.args.size() ? c.args[i + 1].str() : std::string("final"); }};
    Value v = call_function(fn.name, args, ctx);
    if (v.kind() == Value::Kind::String && v.as_string().size() > L::kMaxValue)
      ctx.fail_call(fmt::format("result of {} bytes exceeds the limit of {} MiB", v.as_string().size(), L::kMaxValue >> 20));
    return v;
  }

  // and/or stop at the first argument that decides the result (Go 1.18+).
  Value and_or(const Operand& fn, const Command& c, const Value& dot, const Value* final) {
    size_t count = c.args.size() - 1 + (final ? 1 : 0);
    if (count < 1) fail(fn.pos, fn.str(), fmt::format("wrong number of args for {}: want at least 1 got 0", fn.name));
    Value v;
    for (size_t i = 1; i <= count; ++i) {
      v = i < c.args.size() ? operand(c.args[i], dot) : *final;
      if (truth(v) == (fn.name == "or")) return v;
    }
    return v;
  }

  // A field chain on `base`; a method at its end takes the command's other arguments.
  Value chain(const Value& base, const Operand& o, const Command& c, const Value& dot, const Value* final) {
    const Value* cur = &base;
    Value holder;
    bool has_args = c.args.size() > 1 || final;
    for (size_t i = 0; i < o.chain.size(); ++i) {
      const std::string& name = o.chain[i];
      bool last = i + 1 == o.chain.size();
      if (cur->kind() == Value::Kind::Time) {
        // time.Time's methods, as a template on docker's typed structs calls them (docker29-deltas row 18).
        if (name == "Format") {
          std::vector<Value> args = last ? arguments(c, dot, final) : std::vector<Value>{};
          if (args.size() != 1) fail(o.pos, o.str(), fmt::format("wrong number of args for Format: want 1 got {}", args.size()));
          if (args[0].kind() != Value::Kind::String)
            fail(o.pos, o.str(), fmt::format("wrong type for value; expected string; got {}", args[0].type_name()));
          holder = Value::string(format_time(*cur, args[0].as_string()));
          cur = &holder;
          continue;
        }
        if (auto r = time_method(*cur, name)) {
          size_t given = last ? arguments(c, dot, final).size() : 0;
          if (given != 0) fail(o.pos, o.str(), fmt::format("wrong number of args for {}: want 0 got {}", name, given));
          holder = *r;
          cur = &holder;
          continue;
        }
        fail(o.pos, o.str(), fmt::format("can't evaluate field {} in type time.Time", name));
      }
      if (cur->kind() == Value::Kind::Object) {
        if (const auto* m = cur->method(name)) {
          std::vector<Value> args = last ? arguments(c, dot, final) : std::vector<Value>{};
          if (args.size() != m->arity)
            fail(o.pos, o.str(), fmt::format("wrong number of args for {}: want {} got {}", name, m->arity, args.size()));
          holder = m->call(args);
          cur = &holder;
          continue;
        }
        if (const Value* f = cur->get(name)) {
          if (last && has_args) fail(o.pos, o.str(), name + " is not a method but has arguments");
          cur = f;
          continue;
        }
        if (cur->is_map()) {
          if (last && has_args) fail(o.pos, o.str(), name + " is not a method but has arguments");
          if (missing_error_) fail(o.pos, o.str(), fmt::format("map has no entry for key \"{}\"", name));
          holder = Value::null();
          cur = &holder;
          continue;
        }
        fail(o.pos, o.str(), fmt::format("can't evaluate field {} in type {}", name, cur->type_name()));
      }
      if (cur->kind() == Value::Kind::Null)
        fail(o.pos, o.str(), fmt::format("nil pointer evaluating interface {{}}.{}", name));
      fail(o.pos, o.str(),
           fmt::format("can't evaluate field {} in type {}", name, missing_error_ ? "interface {}" : cur->type_name()));
    }
    if (has_args && o.chain.empty()) not_a_function(o, c, final);
    return *cur;
  }

  Value operand(const Operand& o, const Value& dot) { return charged(o.pos, operand_value(o, dot)); }

  Value operand_value(const Operand& o, const Value& dot) {
    switch (o.kind) {
      case Operand::Kind::Literal: return o.literal;
      case Operand::Kind::Dot: return dot;
      case Operand::Kind::Nil: return Value::null();
      case Operand::Kind::Field: return chain(dot, o, Command{{o}, o.pos}, dot, nullptr);
      case Operand::Kind::Variable: return chain(variable(o), o, Command{{o}, o.pos}, dot, nullptr);
      case Operand::Kind::Function: {
        Command c{{o}, o.pos};
        return function(o, c, dot, nullptr);
      }
      case Operand::Kind::Sub: {
        Value base = pipeline(*o.sub, dot);
        return o.chain.empty() ? base : chain(base, o, Command{{o}, o.pos}, dot, nullptr);
      }
    }
    return Value::null();
  }

  const TemplateSet& set_;
  bool header_, missing_error_;
  std::vector<std::pair<std::string, Value>> vars_;
  std::string out_;
  std::string name_ = set_.name;
  int depth_ = 0;
  long& steps_;     // the template's budget, shared by all its executions
  size_t& output_;
};

}  // namespace

std::string Template::execute(const Value& data) const {
  Executor e(*set_, data, header_mode_, missing_key_error_, budget_->steps, budget_->output);
  try {
    e.run(*set_->root, data);
  } catch (const TemplateExecError& err) {
    throw TemplateExecError(err.what(), e.take());
  }
  return e.take();
}

}  // namespace docknet::output
