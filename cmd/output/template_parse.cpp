// Parser for Go text/template: text and {{actions}}, control structures, definitions, and
// the checks Go makes at parse time (unknown functions, undefined variables, misplaced end).
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "cmd/output/template.hpp"
#include "cmd/output/template_ast.hpp"
#include "cmd/output/template_literals.hpp"

namespace docknet::output {
namespace {

const std::set<std::string> kFunctions = {
    "and", "or",  "not",  "len",   "index", "slice", "print", "printf", "println", "eq",    "ne",     "lt",
    "le",  "gt",  "ge",   "html",  "js",    "urlquery", "call", "json", "join",    "split", "title",  "lower",
    "upper", "pad", "truncate"};

bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

constexpr int kMaxNesting = 200;

class Parser {
 public:
  explicit Parser(TemplateSet& set) : set_(set), s_(set.source) {}

  void run() {
    vars_ = {"$"};
    set_.root = std::make_shared<TemplateNode>();
    std::string stop = list(*set_.root);
    if (!stop.empty()) fail(fmt::format("unexpected {{{{{}}}}}", stop));
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw TemplateParseError(fmt::format("template: :{}: {}", line_of(s_, action_pos_), what));
  }

  // Reads up to the next action: `text` before it (left-trimmed by "{{- "), the action's body
  // [body, end), and moves past "}}" (and the spaces a " -}}" trims). False at the end.
  bool next_action(std::string& text, size_t& body, size_t& end) {
    size_t open = s_.find("{{", pos_);
    if (open == std::string::npos) {
      text = s_.substr(pos_);
      pos_ = s_.size();
      return false;
    }
    text = s_.substr(pos_, open - pos_);
    action_pos_ = open;
    body = open + 2;
    if (body + 1 < s_.size() && s_[body] == '-' && space(s_[body + 1])) {
      while (!text.empty() && space(text.back())) text.pop_back();
      body += 2;
    }
    size_t lead = body;
    while (lead < s_.size() && space(s_[lead])) ++lead;
    size_t close;
    if (s_.compare(lead, 2, "/*") == 0) {
      size_t c = s_.find("*/", lead + 2);
      if (c == std::string::npos) fail("unclosed comment");
      close = s_.find("}}", c + 2);
      std::string between = close == std::string::npos ? "x" : s_.substr(c + 2, close - c - 2);
      if (between != "" && between != " -") fail("comment ends before closing delimiter");
    } else {
      close = find_close(body);
    }
    end = close;
    bool trim_right = close >= body + 2 && s_[close - 1] == '-' && space(s_[close - 2]);
    if (trim_right) end = close - 2;
    pos_ = close + 2;
    if (trim_right)
      while (pos_ < s_.size() && space(s_[pos_])) ++pos_;
    return true;
  }

  // The "}}" that closes an action starting at `from`, skipping quoted strings and raw strings.
  size_t find_close(size_t from) const {
    for (size_t i = from; i < s_.size(); ++i) {
      char c = s_[i];
      if (c == '"' || c == '\'') {
        for (++i; i < s_.size() && s_[i] != c && s_[i] != '\n'; ++i)
          if (s_[i] == '\\') ++i;
        if (i >= s_.size() || s_[i] == '\n') {
          if (c == '"') fail("unterminated quoted string");
          fail("unterminated character constant");
        }
      } else if (c == '`') {
        size_t e = s_.find('`', i + 1);
        if (e == std::string::npos) fail("unterminated raw quoted string");
        i = e;
      } else if (c == '}' && i + 1 < s_.size() && s_[i + 1] == '}') {
        return i;
      }
    }
    lex_action(s_, from, s_.size(), line_of(s_, action_pos_));  // a bad character is reported first
    fail("unclosed action");
  }

  std::string list(TemplateNode& into) {
    for (;;) {
      std::string text;
      size_t body = 0, end = 0;
      bool more = next_action(text, body, end);
      if (!text.empty()) {
        auto t = std::make_shared<TemplateNode>();
        t->kind = TemplateNode::Kind::Text;
        t->text = std::move(text);
        into.children.push_back(t);
      }
      if (!more) return "";
      size_t lead = body;
      while (lead < end && space(s_[lead])) ++lead;
      if (s_.compare(lead, 2, "/*") == 0) continue;  // a comment
      tokens_ = lex_action(s_, body, end, line_of(s_, action_pos_));
      t_ = 0;
      if (tokens_[0].kind == Token::Kind::End) fail("missing value for command");
      const Token& first = tokens_[0];
      if (first.kind == Token::Kind::Ident) {
        const std::string& k = first.text;
        if (k == "end" || k == "else") {
          ++t_;
          return k;
        }
        if (k == "if" || k == "range" || k == "with") {
          ++t_;
          into.children.push_back(control(k, first.pos));
          continue;
        }
        if (k == "define") {
          ++t_;
          define();
          continue;
        }
        if (k == "template" || k == "block") {
          ++t_;
          into.children.push_back(template_call(k == "block"));
          continue;
        }
        if (k == "break" || k == "continue") {
          if (range_depth_ == 0) fail(fmt::format("{{{{{}}}}} outside {{{{range}}}}", k));
          ++t_;
          expect_end(k);
          auto n = std::make_shared<TemplateNode>();
          n->kind = k == "break" ? TemplateNode::Kind::Break : TemplateNode::Kind::Continue;
          n->pos = first.pos;
          into.children.push_back(n);
          continue;
        }
      }
      auto node = std::make_shared<TemplateNode>();
      node->kind = TemplateNode::Kind::Action;
      node->pos = first.pos;
      node->pipe = pipeline("command", false);
      expect_end("command");
      into.children.push_back(node);
    }
  }

  void expect_end(const std::string& context) {
    if (tokens_[t_].kind != Token::Kind::End)
      fail(fmt::format("unexpected \"{}\" in {}", tokens_[t_].text, context));
  }

  std::shared_ptr<TemplateNode> control(const std::string& keyword, size_t pos) {
    if (++control_depth_ > kMaxNesting) fail("control structures nested too deeply");
    auto node = std::make_shared<TemplateNode>();
    node->kind = keyword == "if" ? TemplateNode::Kind::If
                                 : keyword == "range" ? TemplateNode::Kind::Range : TemplateNode::Kind::With;
    node->pos = pos;
    size_t scope = vars_.size();
    node->pipe = pipeline(keyword, true);
    expect_end(keyword);
    if (node->kind == TemplateNode::Kind::Range) ++range_depth_;
    std::string stop = list(*node);
    if (node->kind == TemplateNode::Kind::Range) --range_depth_;
    if (stop.empty()) fail("unexpected EOF");
    if (stop == "else") {
      node->else_branch = std::make_shared<TemplateNode>();
      if (tokens_[t_].kind == Token::Kind::Ident && (tokens_[t_].text == "if" || tokens_[t_].text == "with")) {
        // {{else if x}} is {{else}}{{if x}}...{{end}} sharing the closing {{end}}.
        std::string kw = tokens_[t_].text;
        size_t p = tokens_[t_++].pos;
        node->else_branch->children.push_back(control(kw, p));
      } else {
        expect_end("else");
        if (list(*node->else_branch) != "end") fail("unexpected EOF");
      }
    } else {
      expect_end("end");
    }
    vars_.resize(scope);
    --control_depth_;
    return node;
  }

  std::string name_literal(const std::string& context) {
    const Token& tok = tokens_[t_];
    if (tok.kind != Token::Kind::String && tok.kind != Token::Kind::RawString)
      fail(fmt::format("unexpected \"{}\" in {} clause", tok.text, context));
    ++t_;
    return unquote_string(tok.text);
  }

  void define() {
    std::string name = name_literal("define");
    expect_end("define");
    auto body = std::make_shared<TemplateNode>();
    auto saved = vars_;
    vars_ = {"$"};
    if (list(*body) != "end") fail("unexpected EOF");
    vars_ = saved;
    set_.defined[name] = body;
  }

  std::shared_ptr<TemplateNode> template_call(bool block) {
    auto node = std::make_shared<TemplateNode>();
    node->kind = TemplateNode::Kind::Template;
    node->pos = tokens_[t_].pos;
    node->text = name_literal(block ? "block" : "template");
    if (tokens_[t_].kind != Token::Kind::End) node->pipe = pipeline(block ? "block" : "template", false);
    expect_end(block ? "block" : "template");
    if (block) {
      auto body = std::make_shared<TemplateNode>();
      auto saved = vars_;
      vars_ = {"$"};
      if (list(*body) != "end") fail("unexpected EOF");
      vars_ = saved;
      set_.defined[node->text] = body;
    }
    return node;
  }

  std::shared_ptr<Pipeline> pipeline(const std::string& context, bool allow_decl) {
    auto p = std::make_shared<Pipeline>();
    p->pos = tokens_[t_].pos;
    size_t save = t_;
    std::vector<std::string> decl;
    while (tokens_[t_].kind == Token::Kind::Variable) {
      decl.push_back(tokens_[t_++].text);
      if (tokens_[t_].kind == Token::Kind::Comma && decl.size() < 2) {
        ++t_;
        continue;
      }
      break;
    }
    if (!decl.empty() && (tokens_[t_].kind == Token::Kind::Declare || tokens_[t_].kind == Token::Kind::Assign)) {
      p->assign = tokens_[t_].kind == Token::Kind::Assign;
      ++t_;
      p->decl = decl;
    } else {
      t_ = save;
    }
    (void)allow_decl;
    for (;;) {
      Command c;
      c.pos = tokens_[t_].pos;
      while (tokens_[t_].kind != Token::Kind::Pipe && tokens_[t_].kind != Token::Kind::End &&
             tokens_[t_].kind != Token::Kind::RParen)
        c.args.push_back(operand());
      if (c.args.empty()) {
        if (p->commands.empty()) fail("missing value for " + context);
        break;  // "{{.A | }}": Go ignores the empty stage
      }
      p->commands.push_back(std::move(c));
      if (tokens_[t_].kind != Token::Kind::Pipe) break;
      ++t_;
    }
    for (const auto& v : p->decl) {
      if (p->assign) require_var(v);
      else vars_.push_back(v);
    }
    return p;
  }

  void require_var(const std::string& name) {
    for (const auto& v : vars_)
      if (v == name) return;
    fail(fmt::format("undefined variable \"{}\"", name));
  }

  // Fields written right after a term (".A.B"); Go reports a chain at its second element.
  void fields(Operand& o) {
    size_t first_field_pos = 0;
    while (tokens_[t_].kind == Token::Kind::Field && tokens_[t_].pos == end_of_previous()) {
      if (o.chain.empty() && o.kind != Operand::Kind::Field) first_field_pos = tokens_[t_].pos;
      if (o.chain.size() == 1 && o.kind == Operand::Kind::Field) o.pos = tokens_[t_].pos;
      o.chain.push_back(tokens_[t_++].text);
    }
    if (first_field_pos && o.kind != Operand::Kind::Field) o.pos = first_field_pos;
  }

  size_t end_of_previous() const {
    const Token& p = tokens_[t_ - 1];
    return p.pos + p.text.size() + (p.kind == Token::Kind::Field ? 1 : 0);
  }

  Operand operand() {
    Token tok = tokens_[t_++];
    Operand o;
    o.pos = tok.pos;
    o.source = tok.text;
    switch (tok.kind) {
      case Token::Kind::Dot: o.kind = Operand::Kind::Dot; break;
      case Token::Kind::Nil: o.kind = Operand::Kind::Nil; break;
      case Token::Kind::Field:
        o.kind = Operand::Kind::Field;
        o.chain.push_back(tok.text);
        fields(o);
        break;
      case Token::Kind::Variable:
        require_var(tok.text);
        o.kind = Operand::Kind::Variable;
        o.name = tok.text;
        fields(o);
        break;
      case Token::Kind::String:
      case Token::Kind::RawString: o.literal = Value::string(unquote_string(tok.text)); break;
      case Token::Kind::Char: o.literal = Value::integer(unquote_char(tok.text)); break;
      case Token::Kind::Bool: o.literal = Value::boolean(tok.text == "true"); break;
      case Token::Kind::Number: {
        auto v = parse_number(tok.text);
        if (!v) fail(fmt::format("bad number syntax: \"{}\"", tok.text));
        o.literal = *v;
        break;
      }
      case Token::Kind::LParen:
        // Go's stack grows; ours does not, so absurd nesting is refused instead of crashing.
        if (++paren_depth_ > kMaxNesting) fail("pipeline nested too deeply");
        o.kind = Operand::Kind::Sub;
        o.sub = pipeline("parenthesized pipeline", false);
        if (tokens_[t_].kind != Token::Kind::RParen) fail("unclosed left paren");
        ++t_;
        --paren_depth_;
        fields(o);
        break;
      case Token::Kind::Ident:
        if (!kFunctions.count(tok.text)) fail(fmt::format("function \"{}\" not defined", tok.text));
        o.kind = Operand::Kind::Function;
        o.name = tok.text;
        break;
      case Token::Kind::RParen: fail("unexpected right paren");
      default: fail(fmt::format("unexpected \"{}\" in operand", tok.text));
    }
    return o;
  }

  TemplateSet& set_;
  const std::string& s_;
  size_t pos_ = 0;
  size_t action_pos_ = 0;
  std::vector<Token> tokens_;
  size_t t_ = 0;
  std::vector<std::string> vars_;
  int range_depth_ = 0;
  int paren_depth_ = 0;
  int control_depth_ = 0;
};

}  // namespace

Template Template::parse(const std::string& text, const std::string& name) {
  Template t;
  t.set_ = std::make_shared<TemplateSet>();
  t.set_->name = name;
  t.set_->source = text;
  try {
    Parser(*t.set_).run();
  } catch (const TemplateParseError& e) {
    // Every parse error is raised as "template: :LINE: ..."; Go puts the name before the colon.
    std::string what = e.what();
    if (name.empty() || what.rfind("template: :", 0) != 0) throw;
    throw TemplateParseError("template: " + name + what.substr(10));
  }
  return t;
}

}  // namespace docknet::output
