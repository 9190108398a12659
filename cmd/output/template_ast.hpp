#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cmd/output/value.hpp"

namespace docknet::output {

struct Pipeline;

/// One argument of a command, as text/template's parse nodes: a literal, ., nil, a field
/// chain, a variable (with fields), a function name, or a parenthesised pipeline (with fields).
struct Operand {
  enum class Kind { Literal, Dot, Nil, Field, Variable, Function, Sub } kind = Kind::Literal;
  Value literal;
  std::string name;                // variable or function name
  std::vector<std::string> chain;  // field names
  std::shared_ptr<Pipeline> sub;
  size_t pos = 0;                  // byte offset in the template text, as Go reports it
  std::string source;              // a literal's text as written
  std::string str() const;         // Go's Node.String()
};

struct Command {
  std::vector<Operand> args;
  size_t pos = 0;
  std::string str() const;
};

struct Pipeline {
  std::vector<std::string> decl;  // $x := / $i, $v :=
  bool assign = false;            // $x = (not :=)
  std::vector<Command> commands;
  size_t pos = 0;
  std::string str() const;
};

struct TemplateNode {
  enum class Kind { List, Text, Action, If, Range, With, Template, Break, Continue } kind = Kind::List;
  std::string text;                 // Text: the text; Template: the invoked name
  std::shared_ptr<Pipeline> pipe;   // may be null for {{template "x"}}
  std::vector<std::shared_ptr<TemplateNode>> children;
  std::shared_ptr<TemplateNode> else_branch;
  size_t pos = 0;
  std::string str() const;  // for {{template}} error contexts
};

/// A parsed template: the main tree and the {{define}}d ones, sharing one source text.
struct TemplateSet {
  std::string name;  // Go's template name, in its error texts ("" for docker's formatters)
  std::string source;
  std::shared_ptr<TemplateNode> root;
  std::map<std::string, std::shared_ptr<TemplateNode>> defined;
};

/// Splits one action's text into tokens, with their offsets in the whole template.
struct Token {
  enum class Kind { Ident, Field, Variable, String, RawString, Char, Number, Bool, Nil, Dot, Pipe, LParen, RParen,
                    Declare, Assign, Comma, End } kind;
  std::string text;
  size_t pos;
};
std::vector<Token> lex_action(const std::string& source, size_t begin, size_t end, int line);

/// Go's "template: :LINE: ..." for parse errors, and the LINE:COL of an offset.
int line_of(const std::string& source, size_t pos);
int column_of(const std::string& source, size_t pos);

}  // namespace docknet::output
