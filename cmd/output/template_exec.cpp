// Executes a parsed template over a Value, with Go's printing and truthiness rules.
#include <fmt/format.h>

#include "cmd/output/template.hpp"
#include "cmd/output/template_ast.hpp"
#include "cmd/output/template_funcs.hpp"

namespace docknet::output {
namespace {

class Executor {
 public:
  Executor(const Value& root, bool header_mode) : header_mode_(header_mode) { vars_.emplace_back("$", root); }

  void walk(const TemplateNode& n, const Value& dot) {
    switch (n.kind) {
      case TemplateNode::Kind::List:
        for (const auto& c : n.children) walk(*c, dot);
        break;
      case TemplateNode::Kind::Text: out_ += n.text; break;
      case TemplateNode::Kind::Action: {
        Value v = pipeline(*n.pipe, dot);
        if (n.pipe->decl.empty()) out_ += go_print(v);
        break;
      }
      case TemplateNode::Kind::If:
      case TemplateNode::Kind::With: {
        size_t mark = vars_.size();
        Value v = pipeline(*n.pipe, dot);
        if (!v.empty()) walk_list(n, n.kind == TemplateNode::Kind::With ? v : dot);
        else if (n.else_branch) walk(*n.else_branch, dot);
        vars_.resize(mark);
        break;
      }
      case TemplateNode::Kind::Range: range(n, dot); break;
    }
  }

  std::string take() { return std::move(out_); }

 private:
  void walk_list(const TemplateNode& n, const Value& dot) {
    for (const auto& c : n.children) walk(*c, dot);
  }

  void range(const TemplateNode& n, const Value& dot) {
    size_t mark = vars_.size();
    Pipeline p = *n.pipe;
    auto decl = p.decl;
    p.decl.clear();
    Value v = pipeline(p, dot);
    bool any = false;
    auto body = [&](const Value& key, const Value& elem) {
      any = true;
      size_t inner = vars_.size();
      if (decl.size() == 1) vars_.emplace_back(decl[0], elem);
      if (decl.size() == 2) {
        vars_.emplace_back(decl[0], key);
        vars_.emplace_back(decl[1], elem);
      }
      walk_list(n, elem);
      vars_.resize(inner);
    };
    if (v.kind() == Value::Kind::Array) {
      for (size_t i = 0; i < v.items().size(); ++i) body(Value::integer(static_cast<long long>(i)), v.items()[i]);
    } else if (v.kind() == Value::Kind::Object && v.is_map()) {
      for (const auto& f : v.fields()) body(Value::string(f.name), f.value);
    } else if (v.kind() == Value::Kind::Int) {
      for (long long i = 0; i < v.as_int(); ++i) body(Value::integer(i), Value::integer(i));
    } else if (v.kind() != Value::Kind::Null) {
      throw TemplateExecError(fmt::format("template: :1: range can't iterate over {}", go_print(v)));
    }
    vars_.resize(mark);
    if (!any && n.else_branch) walk(*n.else_branch, dot);
  }

  Value pipeline(const Pipeline& p, const Value& dot) {
    Value v;
    bool have = false;
    for (const auto& c : p.commands) {
      v = command(c, dot, have ? &v : nullptr);
      have = true;
    }
    if (!p.decl.empty()) {
      if (p.assign) {
        for (auto it = vars_.rbegin(); it != vars_.rend(); ++it)
          if (it->first == p.decl[0]) {
            it->second = v;
            return v;
          }
        throw TemplateExecError(fmt::format("template: :1: undefined variable: {}", p.decl[0]));
      }
      vars_.emplace_back(p.decl.back(), v);
    }
    return v;
  }

  Value variable(const std::string& name) {
    for (auto it = vars_.rbegin(); it != vars_.rend(); ++it)
      if (it->first == name) return it->second;
    throw TemplateExecError(fmt::format("template: :1: undefined variable: {}", name));
  }

  std::vector<Value> args_of(const Command& c, size_t from, const Value& dot, const Value* piped) {
    std::vector<Value> args;
    for (size_t i = from; i < c.args.size(); ++i) args.push_back(operand(c.args[i], dot));
    if (piped) args.push_back(*piped);
    return args;
  }

  Value command(const Command& c, const Value& dot, const Value* piped) {
    const Operand& first = c.args.front();
    if (first.kind == Operand::Kind::Function)
      return call_function(first.name, args_of(c, 1, dot, piped), header_mode_);
    if (c.args.size() > 1 || piped) {
      // A field chain whose last element is a method takes the remaining arguments.
      if (first.kind == Operand::Kind::Field || first.kind == Operand::Kind::Variable) {
        Value base = first.kind == Operand::Kind::Field ? dot : variable(first.name);
        std::vector<std::string> chain = first.chain;
        if (chain.empty()) throw TemplateExecError("template: :1: can't give argument to non-function " + first.text);
        std::string last = chain.back();
        chain.pop_back();
        Value owner = follow(base, chain, first.text);
        if (const auto* m = owner.method(last)) return (*m)(args_of(c, 1, dot, piped));
      }
      throw TemplateExecError(fmt::format("template: :1: can't give argument to non-function {}", first.text));
    }
    return operand(first, dot);
  }

  Value follow(const Value& base, const std::vector<std::string>& chain, const std::string& text) {
    if (chain.empty()) return base;
    // Walk by pointer while the chain stays on stored fields; copy only what is returned.
    const Value* cur = &base;
    size_t i = 0;
    for (; i < chain.size(); ++i) {
      const Value* f = cur->kind() == Value::Kind::Object ? cur->get(chain[i]) : nullptr;
      if (!f) break;
      cur = f;
    }
    if (i == chain.size()) return *cur;
    Value v = *cur;
    for (const auto& name : std::vector<std::string>(chain.begin() + static_cast<long>(i), chain.end())) {
      if (v.kind() == Value::Kind::Object) {
        if (const Value* f = v.get(name)) {
          v = *f;
          continue;
        }
        if (const auto* m = v.method(name)) {
          v = (*m)({});
          continue;
        }
        if (v.is_map()) {
          v = Value::null();
          continue;
        }
        throw TemplateExecError(fmt::format("template: :1:{}: executing \"\" at <{}>: can't evaluate field {}",
                                            2, text.empty() ? "." + name : text, name));
      }
      if (v.kind() == Value::Kind::Null)
        throw TemplateExecError(fmt::format("template: :1: executing \"\" at <{}>: nil pointer evaluating "
                                            "interface {{}}.{}", text, name));
      throw TemplateExecError(fmt::format("template: :1: executing \"\" at <{}>: can't evaluate field {} in type {}",
                                          text, name, v.kind() == Value::Kind::String ? "string" : "value"));
    }
    return v;
  }

  Value operand(const Operand& o, const Value& dot) {
    switch (o.kind) {
      case Operand::Kind::Literal: return o.literal;
      case Operand::Kind::Dot: return dot;
      case Operand::Kind::Field: return follow(dot, o.chain, "." + join_chain(o.chain));
      case Operand::Kind::Variable: return follow(variable(o.name), o.chain, o.name);
      case Operand::Kind::Function: return call_function(o.name, {}, header_mode_);
      case Operand::Kind::Sub: return follow(pipeline(*o.sub, dot), o.chain, "(...)");
    }
    return Value::null();
  }

  static std::string join_chain(const std::vector<std::string>& chain) {
    std::string s;
    for (size_t i = 0; i < chain.size(); ++i) s += (i ? "." : "") + chain[i];
    return s;
  }

  std::vector<std::pair<std::string, Value>> vars_;
  std::string out_;
  bool header_mode_;
};

}  // namespace

std::string go_print(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null: return "<no value>";
    case Value::Kind::Bool: return v.as_bool() ? "true" : "false";
    case Value::Kind::Int: return std::to_string(v.as_int());
    case Value::Kind::String: return v.as_string();
    case Value::Kind::Time: return v.time_text();
    case Value::Kind::Array: {
      std::string s = "[";
      for (size_t i = 0; i < v.items().size(); ++i) s += (i ? " " : "") + nested_print(v.items()[i]);
      return s + "]";
    }
    case Value::Kind::Object: {
      std::string s = v.is_map() ? "map[" : "{";
      bool first = true;
      for (const auto& f : v.fields()) {
        s += first ? "" : " ";
        first = false;
        s += v.is_map() ? f.name + ":" + nested_print(f.value) : nested_print(f.value);
      }
      return s + (v.is_map() ? "]" : "}");
    }
  }
  return "";
}

std::string nested_print(const Value& v) { return v.kind() == Value::Kind::Null ? "<nil>" : go_print(v); }

std::string Template::execute(const Value& data) const {
  Executor e(data, header_mode_);
  e.walk(*root_, data);
  return e.take();
}

}  // namespace docknet::output
