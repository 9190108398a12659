#pragma once
// The one decoder of the state file, shared by the fast reader and the yaml-cpp reader: each
// parses the text into a Tree, and decode_tree() alone turns a Tree into a State, type-checking
// every value against one table of keys per object (unknown keys and missing ones refused).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/model/network.hpp"

namespace docknet::store {

/// The last line of every state file docknet writes. A file without it was cut short (or
/// written by a docknet before the marker existed) and is refused, never defaulted.
inline constexpr std::string_view kEndMarker = "# end of docknet state";

/// A YAML node, as either reader saw it. Scalars keep whether they were quoted: a quoted scalar
/// is always a string; a plain one may be true/false or an integer.
struct Tree {
  enum class Kind { Null, Scalar, Map, Seq } kind = Kind::Null;
  std::string text;     // Scalar: the value (a !!binary scalar already decoded)
  bool quoted = false;  // Scalar: written in quotes (or !!binary): a string, nothing else
  std::vector<std::pair<std::string, Tree>> map;
  std::vector<Tree> seq;
};

/// Throws Error(System) "corrupt state file ORIGIN: WHY".
[[noreturn]] void corrupt(const std::string& origin, const std::string& why);
/// Throws unless the text's last line is kEndMarker (a final newline is optional).
void check_end_marker(const std::string& text, const std::string& origin);
bool has_end_marker(std::string_view text);

model::State decode_tree(const Tree& root, const std::string& origin);

bool valid_utf8(std::string_view s);

}  // namespace docknet::store
