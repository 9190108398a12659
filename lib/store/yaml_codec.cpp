#include "lib/store/yaml_codec.hpp"

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include "lib/core/error.hpp"
#include "lib/core/base64.hpp"
#include "lib/store/state_decode.hpp"
#include "lib/store/state_format.hpp"

namespace docknet::store {
namespace {

/// yaml-cpp's node as the shared decoder's Tree: quoted (or !!binary) scalars stay strings.
Tree to_tree(const YAML::Node& y, const std::string& origin) {
  Tree t;
  switch (y.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return t;
    case YAML::NodeType::Scalar:
      t.kind = Tree::Kind::Scalar;
      t.text = y.Scalar();
      if (y.Tag() == "tag:yaml.org,2002:binary") {
        std::string packed;
        for (char c : t.text)
          if (c != ' ' && c != '\n') packed += c;
        auto bytes = base64_decode(packed);
        if (!bytes) corrupt(origin, fmt::format("line {}: invalid !!binary value", y.Mark().line + 1));
        t.text = std::move(*bytes);
        t.quoted = true;
      } else if (y.Tag() == "!" || y.Tag() == "tag:yaml.org,2002:str") {
        t.quoted = true;
      } else if (y.Tag() != "?") {
        corrupt(origin, fmt::format("line {}: unexpected tag {}", y.Mark().line + 1, y.Tag()));
      }
      return t;
    case YAML::NodeType::Sequence:
      t.kind = Tree::Kind::Seq;
      for (const auto& v : y) t.seq.push_back(to_tree(v, origin));
      return t;
    case YAML::NodeType::Map:
      t.kind = Tree::Kind::Map;
      for (const auto& kv : y) {
        Tree k = to_tree(kv.first, origin);
        if (k.kind != Tree::Kind::Scalar)
          corrupt(origin, fmt::format("line {}: a key that is not a string", kv.first.Mark().line + 1));
        t.map.emplace_back(std::move(k.text), to_tree(kv.second, origin));
      }
      return t;
  }
  return t;
}

}  // namespace

std::string encode_state(const model::State& state) { return emit_state(state); }

namespace {
thread_local FallbackWatch* watch = nullptr;
}  // namespace

FallbackWatch::FallbackWatch(std::function<void(const std::string&)> note)
    : note_(std::move(note)), previous_(watch) {
  watch = this;
}
FallbackWatch::~FallbackWatch() { watch = previous_; }

model::State decode_state(const std::string& text, const std::string& origin, std::string* fell_back) {
  std::string why;
  if (auto fast = read_state_fast(text, origin, &why)) {
    if (fell_back) fell_back->clear();
    return std::move(*fast);
  }
  if (fell_back) *fell_back = why;
  if (watch) watch->note_(fmt::format("{} {}", origin, why));
  return decode_state_with_yaml_cpp(text, origin);
}

model::State decode_state_with_yaml_cpp(const std::string& text, const std::string& origin) {
  // A file cut short is never read, by this reader or by the fast one.
  check_end_marker(text, origin);
  Tree root;
  try {
    root = to_tree(YAML::Load(text), origin);
  } catch (const YAML::Exception& e) {
    corrupt(origin, e.what());
  }
  return decode_tree(root, origin);
}

}  // namespace docknet::store
