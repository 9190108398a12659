#include "lib/model/naming.hpp"

#include <fmt/format.h>

#include "lib/core/error.hpp"
#include "lib/model/bridge_options.hpp"

namespace docknet::model {

std::string bridge_name(const Network& network) {
  auto it = network.options.find(kOptBridgeName);
  if (it != network.options.end() && !it->second.empty()) return it->second;
  return "br-" + network.id.substr(0, 12);
}

namespace {

bool alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

}  // namespace

bool valid_container_name(const std::string& name) {
  size_t i = !name.empty() && name[0] == '/' ? 1 : 0;
  if (name.size() < i + 2 || !alnum(name[i])) return false;
  for (++i; i < name.size(); ++i)
    if (!alnum(name[i]) && name[i] != '_' && name[i] != '.' && name[i] != '-') return false;
  return true;
}

bool valid_hosts_token(const std::string& word) {
  if (word.empty()) return false;
  for (unsigned char c : word)
    if (c <= ' ' || c == 0x7f || c == '#') return false;
  return true;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < ' ' || c == 0x7f) out += fmt::format("\\x{:02x}", c);
        else out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

void check_container_name(const std::string& name, bool named_netns) {
  if (named_netns ? valid_container_name(name) : valid_hosts_token(name)) return;
  if (named_netns)
    throw Error(ErrorKind::InvalidParameter,
                fmt::format("Invalid container name ({}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", name));
  throw Error(ErrorKind::InvalidParameter,
              fmt::format("invalid container {}: it may not hold whitespace, control characters or '#'", quoted(name)));
}

void check_alias(const std::string& alias) {
  if (valid_hosts_token(alias)) return;
  throw Error(ErrorKind::InvalidParameter,
              fmt::format("invalid alias {}: an alias must be non-empty, without whitespace, control characters or '#'",
                          quoted(alias)));
}

void check_link(const std::string& link) {
  auto colon = link.find(':');
  std::string name = link.substr(0, colon), alias = colon == std::string::npos ? name : link.substr(colon + 1);
  if (valid_hosts_token(name) && valid_hosts_token(alias)) return;
  throw Error(ErrorKind::InvalidParameter,
              fmt::format("invalid link {}: NAME[:ALIAS] must be non-empty, without whitespace, control characters or '#'",
                          quoted(link)));
}

}  // namespace docknet::model
