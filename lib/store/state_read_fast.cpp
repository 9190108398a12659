// The fast path for reading the state: a strict parser of emit_state's own layout into a Tree,
// which the shared decoder (state_decode.cpp) type-checks. A layout it does not expect (comments
// aside) makes it give up, and yaml-cpp parses the file instead; a value of the wrong type is an
// error either way, with the same message.
#include <cctype>
#include <string_view>

#include "lib/core/strings.hpp"
#include "lib/store/state_decode.hpp"
#include "lib/store/state_format.hpp"
#include "lib/store/yaml_codec.hpp"

namespace docknet::store {
namespace {

struct Miss {};


class ValueParser {
 public:
  explicit ValueParser(std::string_view s) : s_(s) {}
  Tree whole() {
    Tree v = value();
    if (i_ != s_.size()) throw Miss{};
    return v;
  }

 private:
  void expect(char c) {
    if (i_ >= s_.size() || s_[i_] != c) throw Miss{};
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
      if (plain == std::string_view::npos) throw Miss{};
      out.append(s_.substr(i_, plain - i_));
      i_ = plain;
      if (s_[i_] == '"') break;
      ++i_;
      if (i_ >= s_.size()) throw Miss{};
      char e = s_[i_++];
      if (e == '"' || e == '\\') {
        out += e;
      } else if (e == 'x' && i_ + 2 <= s_.size() && std::isxdigit(static_cast<unsigned char>(s_[i_])) &&
                 std::isxdigit(static_cast<unsigned char>(s_[i_ + 1]))) {
        out += static_cast<char>(std::stoi(std::string(s_.substr(i_, 2)), nullptr, 16));
        i_ += 2;
      } else {
        throw Miss{};
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
    if (!bytes) throw Miss{};
    return std::move(*bytes);
  }
  std::string key() {
    if (binary_tag()) return binary();
    if (i_ < s_.size() && s_[i_] == '"') return quoted();
    size_t b = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) ++i_;
    if (b == i_) throw Miss{};
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
      else if (v.text == "true" || v.text == "false" || parse_int(v.text)) v.kind = Tree::Kind::Scalar;
      else throw Miss{};
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
      if (line_.rfind("  - name: ", 0) != 0) throw Miss{};
      Tree n;
      n.kind = Tree::Kind::Map;
      n.map.emplace_back("name", ValueParser(line_.substr(10)).whole());
      network_body(n);
      networks.seq.push_back(std::move(n));
    }
    return root;
  }

 private:
  bool next() {
    if (pending_) return !(pending_ = false);
    while (pos_ < text_.size()) {
      size_t end = text_.find('\n', pos_);
      if (end == std::string::npos) end = text_.size();
      line_ = std::string_view(text_).substr(pos_, end - pos_);
      pos_ = end + 1;
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
    if (!next() || line_ != "schema: " + std::to_string(kSchemaVersion)) throw Miss{};
    root.map.emplace_back("schema", plain(std::to_string(kSchemaVersion)));
    if (!next() || line_.rfind("boot_id: ", 0) != 0) throw Miss{};
    root.map.emplace_back("boot_id", ValueParser(line_.substr(9)).whole());
    if (!next() || (line_ != "containers:" && line_ != "containers: []")) throw Miss{};
    Tree containers = seq();
    while (next() && line_.rfind("  - {", 0) == 0) containers.seq.push_back(ValueParser(line_.substr(4)).whole());
    root.map.emplace_back("containers", std::move(containers));
    if (line_ != "networks:" && line_ != "networks: []") throw Miss{};
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
      if (colon == std::string_view::npos) throw Miss{};
      std::string key(line_.substr(4, colon - 4));
      std::string_view rest = line_.substr(colon + 1);
      // A block list ends at the first line that is not one of its items; that line is given back,
      // unless the file ended (then there is nothing to give back).
      bool more = false;
      if (key == "ipam_config" && rest.empty()) {
        Tree pools = seq();
        while ((more = next()) && line_.rfind("      - ", 0) == 0) pools.seq.push_back(ValueParser(line_.substr(8)).whole());
        if (more) push_back();
        n.map.emplace_back(std::move(key), std::move(pools));
      } else if (key == "containers" && rest.empty()) {
        Tree eps;
        eps.kind = Tree::Kind::Map;
        while ((more = next()) && (line_.rfind("      \"", 0) == 0 || line_.rfind("      !!binary ", 0) == 0)) {
          std::string wrapped = "{";
          wrapped.append(line_.substr(6));
          wrapped += '}';
          Tree entry = ValueParser(wrapped).whole();
          if (entry.map.size() != 1) throw Miss{};
          eps.map.push_back(std::move(entry.map[0]));
        }
        if (more) push_back();
        n.map.emplace_back(std::move(key), std::move(eps));
      } else if (key == "ipam_config" && rest == " []") {
        n.map.emplace_back(std::move(key), seq());
      } else if (key == "containers" && rest == " {}") {
        Tree eps;
        eps.kind = Tree::Kind::Map;
        n.map.emplace_back(std::move(key), std::move(eps));
      } else {
        if (rest.rfind(' ', 0) != 0) throw Miss{};
        n.map.emplace_back(std::move(key), ValueParser(rest.substr(1)).whole());
      }
    }
  }

  const std::string& text_;
  size_t pos_ = 0;
  std::string_view line_;
  bool pending_ = false;
};

}  // namespace

std::optional<model::State> read_state_fast(const std::string& text, const std::string& origin) {
  // A file cut short is never read, by this reader or by yaml-cpp.
  check_end_marker(text, origin);
  Tree root;
  try {
    root = Reader(text).run();
  } catch (const Miss&) {
    return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return decode_tree(root, origin);
}

}  // namespace docknet::store
