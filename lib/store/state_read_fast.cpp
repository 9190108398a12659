// The fast path for reading the state: a strict parser of emit_state's own layout into a Tree,
// which the shared decoder (state_decode.cpp) type-checks. A layout it does not expect (comments
// aside) makes it give up, saying where and why, and yaml-cpp parses the file instead; a value of
// the wrong type is an error either way, with the same message. Which keys of a network hold a
// block list or mapping of structs comes from the schema (state_schema.hpp), as the emitter's.
#include <fmt/format.h>

#include <cctype>
#include <string_view>

#include "lib/core/strings.hpp"
#include "lib/core/base64.hpp"
#include "lib/store/state_decode.hpp"
#include "lib/store/state_format.hpp"
#include "lib/store/state_schema.hpp"

namespace docknet::store {
namespace {

/// Why the layout is not emit_state's: a fixed text, so that giving up costs no allocation.
struct Miss {
  const char* why;
};

/// The kind of Tree a network's key holds when it is written as a block (a list or a mapping
/// of structs, one per line below it); Null for any other key.
struct BlockKinds {
  std::vector<std::pair<std::string_view, Tree::Kind>> keys;
  template <class M>
  void field(const char*, M&&, schema::When) {}
  template <schema::Struct T>
  void field(const char* key, std::vector<T>&, schema::When) {
    keys.emplace_back(key, Tree::Kind::Seq);
  }
  template <schema::Struct T>
  void field(const char* key, std::map<std::string, T>&, schema::When) {
    keys.emplace_back(key, Tree::Kind::Map);
  }
  template <class M>
  void map_key(M&&) {}
};

Tree::Kind block_kind(std::string_view key) {
  static const BlockKinds kinds = [] {
    BlockKinds k;
    model::Network probe;
    schema::visit_fields(k, probe);
    return k;
  }();
  for (const auto& [k, kind] : kinds.keys)
    if (k == key) return kind;
  return Tree::Kind::Null;
}


class ValueParser {
 public:
  explicit ValueParser(std::string_view s) : s_(s) {}
  Tree whole() {
    Tree v = value();
    if (i_ != s_.size()) throw Miss{"text after the value"};
    return v;
  }

 private:
  void expect(char c) {
    if (i_ >= s_.size() || s_[i_] != c) throw Miss{"not the punctuation of the layout"};
    ++i_;
  }
  std::string quoted() {
    expect('"');
    // Most strings have no escapes: one allocation, no character loop.
    size_t end = s_.find('"', i_);
    if (end != std::string_view::npos && s_.substr(i_, end - i_).find('\\') == std::string_view::npos) {
      std::string out(s_.substr(i_, end - i_));
      i_ = end + 1;
      return out;
    }
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      size_t plain = s_.find_first_of("\"\\", i_);
      if (plain == std::string_view::npos) throw Miss{"an unterminated quoted string"};
      out.append(s_.substr(i_, plain - i_));
      i_ = plain;
      if (s_[i_] == '"') break;
      ++i_;
      if (i_ >= s_.size()) throw Miss{"an unterminated quoted string"};
      char e = s_[i_++];
      if (e == '"' || e == '\\') {
        out += e;
      } else if (e == 'x' && i_ + 2 <= s_.size() && std::isxdigit(static_cast<unsigned char>(s_[i_])) &&
                 std::isxdigit(static_cast<unsigned char>(s_[i_ + 1]))) {
        out += static_cast<char>(std::stoi(std::string(s_.substr(i_, 2)), nullptr, 16));
        i_ += 2;
      } else {
        throw Miss{"an escape other than \\\", \\\\ or \\xHH"};
      }
    }
    expect('"');
    return out;
  }
  bool binary_tag() {
    if (s_.substr(i_, 9) != "!!binary ") return false;
    i_ += 9;
    return true;
  }
  std::string binary() {
    auto bytes = base64_decode(quoted());
    if (!bytes) throw Miss{"a !!binary value that is not base64"};
    return std::move(*bytes);
  }
  std::string key() {
    if (binary_tag()) return binary();
    if (i_ < s_.size() && s_[i_] == '"') return quoted();
    size_t b = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) ++i_;
    if (b == i_) throw Miss{"a key that is neither plain nor double-quoted"};
    return std::string(s_.substr(b, i_ - b));
  }
  Tree value() {
    Tree v;
    if (binary_tag()) {
      v.kind = Tree::Kind::Scalar;
      v.quoted = true;
      v.text = binary();
    } else if (i_ < s_.size() && s_[i_] == '"') {
      v.kind = Tree::Kind::Scalar;
      v.quoted = true;
      v.text = quoted();
    } else if (i_ < s_.size() && s_[i_] == '{') {
      v.kind = Tree::Kind::Map;
      ++i_;
      while (i_ < s_.size() && s_[i_] != '}') {
        if (!v.map.empty()) {
          expect(',');
          expect(' ');
        }
        std::string k = key();
        expect(':');
        expect(' ');
        v.map.emplace_back(std::move(k), value());
      }
      expect('}');
    } else {
      size_t b = i_;
      while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '}') ++i_;
      v.text = std::string(s_.substr(b, i_ - b));
      // Plain scalars of the layout only; anything else is left to yaml-cpp.
      if (v.text == "null") v.kind = Tree::Kind::Null, v.text.clear();
      // Digits alone too: a device or inode number may not fit an int64 (the decoder checks range).
      else if (v.text == "true" || v.text == "false" || parse_int(v.text) ||
               (!v.text.empty() && v.text.find_first_not_of("0123456789") == std::string::npos))
        v.kind = Tree::Kind::Scalar;
      else throw Miss{"a plain scalar other than null, true, false or a whole number"};
    }
    return v;
  }
  std::string_view s_;
  size_t i_ = 0;
};

class Reader {
 public:
  explicit Reader(const std::string& text) : text_(text) {}

  Tree run() {
    Tree root;
    root.kind = Tree::Kind::Map;
    header(root);
    Tree& networks = root.map.back().second;
    while (next()) {
      if (line_.rfind("  - name: ", 0) != 0) throw Miss{"a network that does not start with \"  - name: \""};
      Tree n;
      n.kind = Tree::Kind::Map;
      n.map.emplace_back("name", ValueParser(line_.substr(10)).whole());
      network_body(n);
      networks.seq.push_back(std::move(n));
    }
    return root;
  }

  /// The number of the line read last (1 for the first), for saying where the layout broke.
  size_t line_number() const { return line_number_; }

 private:
  bool next() {
    if (pending_) return !(pending_ = false);
    while (pos_ < text_.size()) {
      size_t end = text_.find('\n', pos_);
      if (end == std::string::npos) end = text_.size();
      line_ = std::string_view(text_).substr(pos_, end - pos_);
      pos_ = end + 1;
      ++line_number_;
      if (!line_.empty() && line_[0] != '#') return true;
    }
    return false;
  }
  void push_back() { pending_ = true; }

  static Tree seq() {
    Tree t;
    t.kind = Tree::Kind::Seq;
    return t;
  }
  static Tree plain(std::string text) {
    Tree t;
    t.kind = Tree::Kind::Scalar;
    t.text = std::move(text);
    return t;
  }

  void header(Tree& root) {
    if (!next() || line_ != "schema: " + std::to_string(kSchemaVersion)) throw Miss{"the first line that is not a comment is not \"schema: 1\""};
    root.map.emplace_back("schema", plain(std::to_string(kSchemaVersion)));
    if (!next() || line_.rfind("boot_id: ", 0) != 0) throw Miss{"\"boot_id: \" does not follow the schema"};
    root.map.emplace_back("boot_id", ValueParser(line_.substr(9)).whole());
    if (!next() || (line_ != "containers:" && line_ != "containers: []")) throw Miss{"\"containers:\" does not follow boot_id"};
    Tree containers = seq();
    while (next() && line_.rfind("  - {", 0) == 0) containers.seq.push_back(ValueParser(line_.substr(4)).whole());
    root.map.emplace_back("containers", std::move(containers));
    if (line_ != "networks:" && line_ != "networks: []") throw Miss{"\"networks:\" does not follow the containers"};
    root.map.emplace_back("networks", seq());
  }

  void network_body(Tree& n) {
    n.map.reserve(24);  // a network's keys: no regrowth moving every parsed value
    while (next()) {
      if (line_.rfind("    ", 0) != 0 || line_.size() < 5 || line_[4] == ' ') {
        push_back();
        return;
      }
      auto colon = line_.find(':');
      if (colon == std::string_view::npos) throw Miss{"a network line without a colon"};
      std::string key(line_.substr(4, colon - 4));
      std::string_view rest = line_.substr(colon + 1);
      // A key the schema writes as a block (a list or mapping of structs): its items follow, one
      // a line, or it is empty ([] or {}). A block ends at the first line that is not one of its
      // items; that line is given back, unless the file ended (then there is nothing to give back).
      Tree::Kind block = rest.empty() || rest == " []" || rest == " {}" ? block_kind(key) : Tree::Kind::Null;
      bool more = false;
      if (block == Tree::Kind::Seq && rest.empty()) {
        Tree pools = seq();
        while ((more = next()) && line_.rfind("      - ", 0) == 0) pools.seq.push_back(ValueParser(line_.substr(8)).whole());
        if (more) push_back();
        n.map.emplace_back(std::move(key), std::move(pools));
      } else if (block == Tree::Kind::Map && rest.empty()) {
        Tree eps;
        eps.kind = Tree::Kind::Map;
        while ((more = next()) && (line_.rfind("      \"", 0) == 0 || line_.rfind("      !!binary ", 0) == 0)) {
          std::string wrapped = "{";
          wrapped.append(line_.substr(6));
          wrapped += '}';
          Tree entry = ValueParser(wrapped).whole();
          if (entry.map.size() != 1) throw Miss{"a container entry that is not one key and one value"};
          eps.map.push_back(std::move(entry.map[0]));
        }
        if (more) push_back();
        n.map.emplace_back(std::move(key), std::move(eps));
      } else if (block == Tree::Kind::Seq && rest == " []") {
        n.map.emplace_back(std::move(key), seq());
      } else if (block == Tree::Kind::Map && rest == " {}") {
        Tree eps;
        eps.kind = Tree::Kind::Map;
        n.map.emplace_back(std::move(key), std::move(eps));
      } else {
        if (rest.rfind(' ', 0) != 0) throw Miss{"no space after the colon"};
        n.map.emplace_back(std::move(key), ValueParser(rest.substr(1)).whole());
      }
    }
  }

  const std::string& text_;
  size_t pos_ = 0;
  std::string_view line_;
  size_t line_number_ = 0;
  bool pending_ = false;
};

}  // namespace

std::optional<model::State> read_state_fast(const std::string& text, const std::string& origin, std::string* why) {
  // A file cut short is never read, by this reader or by yaml-cpp.
  check_end_marker(text, origin);
  Tree root;
  Reader reader(text);
  try {
    root = reader.run();
  } catch (const Miss& m) {
    if (why) *why = fmt::format("line {}: {}", reader.line_number(), m.why);
    return std::nullopt;
  } catch (const std::exception& e) {
    if (why) *why = fmt::format("line {}: {}", reader.line_number(), e.what());
    return std::nullopt;
  }
  return decode_tree(root, origin);
}

}  // namespace docknet::store
