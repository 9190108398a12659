// Tokens of a {{...}} action, with Go's lexer rules for numbers, strings, chars and fields.
#include <cctype>
#include <cstring>

#include <fmt/format.h>

#include "cmd/output/template.hpp"
#include "cmd/output/template_ast.hpp"

namespace docknet::output {

int line_of(const std::string& source, size_t pos) {
  int line = 1;
  for (size_t i = 0; i < pos && i < source.size(); ++i) line += source[i] == '\n';
  return line;
}

// Go's ErrorContext: on the first line the byte offset itself, later lines the offset after the newline.
int column_of(const std::string& source, size_t pos) {
  size_t nl = source.rfind('\n', pos == 0 ? 0 : pos - 1);
  if (nl == std::string::npos || nl >= pos) return static_cast<int>(pos);
  return static_cast<int>(pos - (nl + 1));
}

namespace {

bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class Lexer {
 public:
  Lexer(const std::string& s, size_t begin, size_t end, int line) : s_(s), i_(begin), end_(end), line_(line) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    for (;;) {
      while (i_ < end_ && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
      if (i_ >= end_) break;
      out.push_back(next());
    }
    out.push_back({Token::Kind::End, "", end_});
    return out;
  }

 private:
  [[noreturn]] void fail(const std::string& what) { throw TemplateParseError(fmt::format("template: :{}: {}", line_, what)); }

  std::string word() {
    size_t b = i_;
    while (i_ < end_ && alnum(s_[i_])) ++i_;
    return s_.substr(b, i_ - b);
  }

  Token next() {
    size_t pos = i_;
    char c = s_[i_];
    auto single = [&](Token::Kind k) {
      ++i_;
      return Token{k, std::string(1, c), pos};
    };
    switch (c) {
      case '|': return single(Token::Kind::Pipe);
      case '(': return single(Token::Kind::LParen);
      case ')': return single(Token::Kind::RParen);
      case ',': return single(Token::Kind::Comma);
      case '=': return single(Token::Kind::Assign);
      case '"': return quoted(pos);
      case '`': return raw(pos);
      case '\'': return character(pos);
      default: break;
    }
    if (c == ':') {
      if (i_ + 1 < end_ && s_[i_ + 1] == '=') {
        i_ += 2;
        return {Token::Kind::Declare, ":=", pos};
      }
      fail("expected :=");
    }
    if (c == '.') {
      ++i_;
      if (i_ < end_ && (std::isalpha(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_'))
        return {Token::Kind::Field, word(), pos};
      if (i_ < end_ && std::isdigit(static_cast<unsigned char>(s_[i_]))) {
        i_ = pos;
        return number(pos);
      }
      return {Token::Kind::Dot, ".", pos};
    }
    if (c == '$') {
      ++i_;
      return {Token::Kind::Variable, "$" + word(), pos};
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || ((c == '-' || c == '+') && i_ + 1 < end_ &&
                                                         (std::isdigit(static_cast<unsigned char>(s_[i_ + 1])) || s_[i_ + 1] == '.')))
      return number(pos);
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::string w = word();
      if (w == "true" || w == "false") return {Token::Kind::Bool, w, pos};
      if (w == "nil") return {Token::Kind::Nil, w, pos};
      return {Token::Kind::Ident, w, pos};
    }
    unsigned char u = static_cast<unsigned char>(c);
    fail(fmt::format("bad character U+{:04X} '{}'", u, c));
  }

  Token number(size_t pos) {
    size_t b = i_;
    if (s_[i_] == '+' || s_[i_] == '-') ++i_;
    while (i_ < end_ && (alnum(s_[i_]) || s_[i_] == '.' ||
                         ((s_[i_] == '+' || s_[i_] == '-') && i_ > b && std::strchr("eEpP", s_[i_ - 1]))))
      ++i_;
    return {Token::Kind::Number, s_.substr(b, i_ - b), pos};
  }

  Token quoted(size_t pos) {
    for (++i_; i_ < end_; ++i_) {
      if (s_[i_] == '\\') {
        ++i_;
        continue;
      }
      if (s_[i_] == '\n') break;
      if (s_[i_] == '"') {
        ++i_;
        return {Token::Kind::String, s_.substr(pos, i_ - pos), pos};
      }
    }
    fail("unterminated quoted string");
  }

  Token raw(size_t pos) {
    size_t e = s_.find('`', i_ + 1);
    if (e == std::string::npos || e >= end_) fail("unterminated raw quoted string");
    i_ = e + 1;
    return {Token::Kind::RawString, s_.substr(pos, i_ - pos), pos};
  }

  Token character(size_t pos) {
    for (++i_; i_ < end_; ++i_) {
      if (s_[i_] == '\\') {
        ++i_;
        continue;
      }
      if (s_[i_] == '\'') {
        ++i_;
        return {Token::Kind::Char, s_.substr(pos, i_ - pos), pos};
      }
    }
    fail("unterminated character constant");
  }

  const std::string& s_;
  size_t i_, end_;
  int line_;
};

}  // namespace

std::vector<Token> lex_action(const std::string& source, size_t begin, size_t end, int line) {
  return Lexer(source, begin, end, line).run();
}

}  // namespace docknet::output
