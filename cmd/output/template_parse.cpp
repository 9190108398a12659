// Parser for Go text/template: splits text and {{actions}}, tokenizes actions, builds the tree.
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "cmd/output/template.hpp"
#include "cmd/output/template_ast.hpp"

namespace docknet::output {
namespace {

const std::set<std::string> kFunctions = {"and",   "or",   "not",   "len",   "index",   "print",  "printf",
                                          "println", "eq", "ne",    "lt",    "le",      "gt",     "ge",
                                          "json",  "join", "split", "title", "lower",   "upper",  "pad",
                                          "truncate", "slice", "html", "js", "urlquery", "call"};

struct Token {
  enum class Kind { Ident, Field, Variable, String, Number, Pipe, LParen, RParen, Declare, Assign, Comma, Dot, End };
  Kind kind;
  std::string text;
};

class ActionLexer {
 public:
  ActionLexer(std::string src, int line) : s_(std::move(src)), line_(line) {}
  std::vector<Token> run() {
    std::vector<Token> out;
    for (;;) {
      while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
      if (i_ >= s_.size()) break;
      out.push_back(next());
    }
    out.push_back({Token::Kind::End, ""});
    return out;
  }

 private:
  [[noreturn]] void fail(const std::string& what) { throw TemplateParseError(fmt::format("template: :{}: {}", line_, what)); }
  std::string word() {
    size_t b = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) ++i_;
    return s_.substr(b, i_ - b);
  }
  Token next() {
    char c = s_[i_];
    if (c == '|') { ++i_; return {Token::Kind::Pipe, "|"}; }
    if (c == '(') { ++i_; return {Token::Kind::LParen, "("}; }
    if (c == ')') { ++i_; return {Token::Kind::RParen, ")"}; }
    if (c == ',') { ++i_; return {Token::Kind::Comma, ","}; }
    if (c == ':' && i_ + 1 < s_.size() && s_[i_ + 1] == '=') { i_ += 2; return {Token::Kind::Declare, ":="}; }
    if (c == '=') { ++i_; return {Token::Kind::Assign, "="}; }
    if (c == '"') return quoted();
    if (c == '`') {
      size_t e = s_.find('`', i_ + 1);
      if (e == std::string::npos) fail("unterminated raw quoted string");
      Token t{Token::Kind::String, s_.substr(i_ + 1, e - i_ - 1)};
      i_ = e + 1;
      return t;
    }
    if (c == '.') {
      ++i_;
      if (i_ < s_.size() && (std::isalpha(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_'))
        return {Token::Kind::Field, word()};
      return {Token::Kind::Dot, "."};
    }
    if (c == '$') {
      ++i_;
      return {Token::Kind::Variable, "$" + word()};
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+') {
      size_t b = i_++;
      while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.')) ++i_;
      return {Token::Kind::Number, s_.substr(b, i_ - b)};
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') return {Token::Kind::Ident, word()};
    fail(fmt::format("unexpected {} in command", go_char(c)));
  }
  static std::string go_char(char c) { return fmt::format("\"{}\"", c); }
  Token quoted() {
    std::string out;
    for (++i_; i_ < s_.size(); ++i_) {
      char c = s_[i_];
      if (c == '"') { ++i_; return {Token::Kind::String, out}; }
      if (c == '\\' && i_ + 1 < s_.size()) {
        char e = s_[++i_];
        switch (e) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'r': out += '\r'; break;
          case '\\': out += '\\'; break;
          case '"': out += '"'; break;
          default: out += '\\'; out += e;
        }
        continue;
      }
      out += c;
    }
    fail("unterminated quoted string");
  }
  std::string s_;
  size_t i_ = 0;
  int line_;
};

class Parser {
 public:
  explicit Parser(const std::string& text) : text_(text) {}

  std::shared_ptr<TemplateNode> run() {
    auto root = std::make_shared<TemplateNode>();
    std::string stop = parse_list(*root);
    if (!stop.empty()) fail(fmt::format("unexpected {{{{{}}}}}", stop));
    return root;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw TemplateParseError(fmt::format("template: :{}: {}", line_, what));
  }

  // Reads the next text chunk and action; returns false at the end of input.
  bool next_action(std::string& text, std::string& action, bool& trim_right) {
    size_t open = text_.find("{{", pos_);
    if (open == std::string::npos) {
      text = text_.substr(pos_);
      pos_ = text_.size();
      return false;
    }
    text = text_.substr(pos_, open - pos_);
    size_t body = open + 2;
    bool trim_left = body + 1 < text_.size() && text_[body] == '-' && std::isspace(static_cast<unsigned char>(text_[body + 1]));
    if (trim_left) {
      while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
      body += 2;
    }
    for (char c : text_.substr(pos_, open - pos_)) line_ += c == '\n';
    size_t close = text_.find("}}", body);
    if (text_.compare(body, 2, "/*") == 0) {
      size_t end = text_.find("*/", body + 2);
      if (end == std::string::npos) fail("unclosed comment");
      close = text_.find("}}", end + 2);
    }
    if (close == std::string::npos) fail("unclosed action");
    size_t end = close;
    trim_right = end >= body + 2 && text_[end - 1] == '-' && std::isspace(static_cast<unsigned char>(text_[end - 2]));
    if (trim_right) end -= 2;
    action = text_.substr(body, end - body);
    for (char c : action) line_ += c == '\n';
    pos_ = close + 2;
    return true;
  }

  void skip_space_after_trim() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  // Parses nodes into `list` until {{end}} or {{else}}; returns that keyword ("" at EOF).
  std::string parse_list(TemplateNode& list) {
    for (;;) {
      std::string text, action;
      bool trim_right = false;
      bool more = next_action(text, action, trim_right);
      if (!text.empty()) {
        auto t = std::make_shared<TemplateNode>();
        t->kind = TemplateNode::Kind::Text;
        t->text = text;
        list.children.push_back(t);
      }
      if (!more) return "";
      if (trim_right) skip_space_after_trim();
      std::string trimmed = action;
      size_t b = trimmed.find_first_not_of(" \t\r\n");
      if (b == std::string::npos) fail("missing value for command");
      trimmed = trimmed.substr(b);
      if (trimmed.rfind("/*", 0) == 0) continue;
      std::string keyword = trimmed.substr(0, trimmed.find_first_of(" \t\r\n"));
      if (keyword == "end" || keyword == "else") {
        else_rest_ = keyword == "else" ? trimmed.substr(4) : "";
        return keyword;
      }
      if (keyword == "if" || keyword == "range" || keyword == "with") {
        list.children.push_back(parse_control(keyword, trimmed.substr(keyword.size())));
        continue;
      }
      auto node = std::make_shared<TemplateNode>();
      node->kind = TemplateNode::Kind::Action;
      node->pipe = parse_pipeline(action);
      list.children.push_back(node);
    }
  }

  std::shared_ptr<TemplateNode> parse_control(const std::string& keyword, const std::string& rest) {
    auto node = std::make_shared<TemplateNode>();
    node->kind = keyword == "if" ? TemplateNode::Kind::If
                                 : keyword == "range" ? TemplateNode::Kind::Range : TemplateNode::Kind::With;
    node->pipe = parse_pipeline(rest);
    std::string stop = parse_list(*node);
    if (stop.empty()) fail("unexpected EOF");
    if (stop == "else") {
      std::string r = else_rest_;
      size_t b = r.find_first_not_of(" \t\r\n");
      r = b == std::string::npos ? "" : r.substr(b);
      node->else_branch = std::make_shared<TemplateNode>();
      if (r.rfind("if", 0) == 0 || r.rfind("with", 0) == 0) {
        // {{else if x}} is {{else}}{{if x}}...{{end}} sharing the closing {{end}}.
        std::string kw = r.substr(0, r.find_first_of(" \t\r\n"));
        node->else_branch->children.push_back(parse_control(kw, r.substr(kw.size())));
      } else {
        if (parse_list(*node->else_branch) != "end") fail("unexpected EOF");
      }
    }
    return node;
  }

  std::shared_ptr<Pipeline> parse_pipeline(const std::string& src) {
    tokens_ = ActionLexer(src, line_).run();
    t_ = 0;
    auto p = pipeline(false);
    if (tokens_[t_].kind != Token::Kind::End) fail(fmt::format("unexpected \"{}\" in operand", tokens_[t_].text));
    return p;
  }

  std::shared_ptr<Pipeline> pipeline(bool nested) {
    auto p = std::make_shared<Pipeline>();
    // Declarations: $x := ... or $i, $v := ...
    size_t save = t_;
    while (tokens_[t_].kind == Token::Kind::Variable) {
      p->decl.push_back(tokens_[t_++].text);
      if (tokens_[t_].kind == Token::Kind::Comma) { ++t_; continue; }
      break;
    }
    if (!p->decl.empty() && (tokens_[t_].kind == Token::Kind::Declare || tokens_[t_].kind == Token::Kind::Assign)) {
      p->assign = tokens_[t_].kind == Token::Kind::Assign;
      ++t_;
    } else {
      p->decl.clear();
      t_ = save;
    }
    for (;;) {
      Command c;
      while (tokens_[t_].kind != Token::Kind::Pipe && tokens_[t_].kind != Token::Kind::End &&
             tokens_[t_].kind != Token::Kind::RParen)
        c.args.push_back(operand());
      if (c.args.empty()) fail("missing value for command");
      p->commands.push_back(std::move(c));
      if (tokens_[t_].kind != Token::Kind::Pipe) break;
      ++t_;
    }
    if (nested) {
      if (tokens_[t_].kind != Token::Kind::RParen) fail("unclosed left paren");
      ++t_;
    }
    return p;
  }

  void field_chain(Operand& o) {
    while (tokens_[t_].kind == Token::Kind::Field) o.chain.push_back(tokens_[t_++].text);
  }

  Operand operand() {
    Token tok = tokens_[t_++];
    Operand o;
    o.text = tok.text;
    switch (tok.kind) {
      case Token::Kind::Dot: o.kind = Operand::Kind::Dot; break;
      case Token::Kind::Field:
        o.kind = Operand::Kind::Field;
        o.chain.push_back(tok.text);
        field_chain(o);
        break;
      case Token::Kind::Variable:
        o.kind = Operand::Kind::Variable;
        o.name = tok.text;
        field_chain(o);
        break;
      case Token::Kind::String: o.literal = Value::string(tok.text); break;
      case Token::Kind::Number: {
        try {
          o.literal = Value::integer(std::stoll(tok.text, nullptr, 0));
        } catch (...) {
          fail(fmt::format("bad number syntax: \"{}\"", tok.text));
        }
        break;
      }
      case Token::Kind::LParen:
        o.kind = Operand::Kind::Sub;
        o.sub = pipeline(true);
        field_chain(o);
        break;
      case Token::Kind::Ident:
        if (tok.text == "true" || tok.text == "false") o.literal = Value::boolean(tok.text == "true");
        else if (tok.text == "nil") o.literal = Value::null();
        else if (kFunctions.count(tok.text)) { o.kind = Operand::Kind::Function; o.name = tok.text; }
        else fail(fmt::format("function \"{}\" not defined", tok.text));
        break;
      default: fail(fmt::format("unexpected \"{}\" in operand", tok.text));
    }
    return o;
  }

  const std::string& text_;
  size_t pos_ = 0;
  int line_ = 1;
  std::string else_rest_;
  std::vector<Token> tokens_;
  size_t t_ = 0;
};

}  // namespace

Template Template::parse(const std::string& text) {
  Template t;
  t.root_ = Parser(text).run();
  return t;
}

}  // namespace docknet::output
