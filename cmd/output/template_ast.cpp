// Go's Node.String() for template nodes: the text shown in "executing ... at <...>".
#include "cmd/output/template_ast.hpp"

namespace docknet::output {

static std::string fields(const std::vector<std::string>& chain) {
  std::string s;
  for (const auto& f : chain) s += "." + f;
  return s;
}

std::string Operand::str() const {
  switch (kind) {
    case Kind::Literal: return source;
    case Kind::Dot: return ".";
    case Kind::Nil: return "nil";
    case Kind::Field: return fields(chain);
    case Kind::Variable: return name + fields(chain);
    case Kind::Function: return name;
    case Kind::Sub: return "(" + sub->str() + ")" + fields(chain);
  }
  return "";
}

std::string Command::str() const {
  std::string s;
  for (size_t i = 0; i < args.size(); ++i) s += (i ? " " : "") + args[i].str();
  return s;
}

std::string Pipeline::str() const {
  std::string s;
  for (size_t i = 0; i < decl.size(); ++i) s += (i ? ", " : "") + decl[i];
  if (!decl.empty()) s += assign ? " = " : " := ";
  for (size_t i = 0; i < commands.size(); ++i) s += (i ? " | " : "") + commands[i].str();
  return s;
}

std::string TemplateNode::str() const {
  std::string s = "{{template \"" + text + "\"";
  if (pipe) s += " " + pipe->str();
  return s + "}}";
}

}  // namespace docknet::output
