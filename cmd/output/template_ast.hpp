#pragma once
#include <memory>
#include <string>
#include <vector>

#include "cmd/output/value.hpp"

namespace docknet::output {

struct Pipeline;

/// One operand of a command: a literal, a field chain, a variable, a function name or (pipe).
struct Operand {
  enum class Kind { Literal, Dot, Field, Variable, Function, Sub } kind = Kind::Literal;
  Value literal;
  std::string name;                  // variable or function name
  std::vector<std::string> chain;    // field names after the base
  std::shared_ptr<Pipeline> sub;     // parenthesised pipeline
  std::string text;                  // source text, for error messages
};

struct Command {
  std::vector<Operand> args;
};

struct Pipeline {
  std::vector<std::string> decl;  // $x := / $i, $v :=
  bool assign = false;            // $x = (not :=)
  std::vector<Command> commands;
};

struct TemplateNode {
  enum class Kind { List, Text, Action, If, Range, With } kind = Kind::List;
  std::string text;
  std::shared_ptr<Pipeline> pipe;
  std::vector<std::shared_ptr<TemplateNode>> children;  // List body / then-branch
  std::shared_ptr<TemplateNode> else_branch;
};

}  // namespace docknet::output
