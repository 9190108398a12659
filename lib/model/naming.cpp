#include "lib/model/naming.hpp"

#include "lib/model/bridge_options.hpp"
#include "lib/model/messages.hpp"

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

void check_container_name(const std::string& name, bool named_netns) {
  if (named_netns ? valid_container_name(name) : valid_hosts_token(name)) return;
  if (named_netns) throw msg::invalid_container_name(name);
  throw msg::invalid_hosts_name(name);
}

// Aliases and links are stored as comma-separated lists, so a comma would split one in two.
static bool valid_list_token(const std::string& word) { return valid_hosts_token(word) && word.find(',') == std::string::npos; }

void check_alias(const std::string& alias) {
  if (valid_list_token(alias)) return;
  throw msg::invalid_alias(alias);
}

void check_link(const std::string& link) {
  auto colon = link.find(':');
  std::string name = link.substr(0, colon), alias = colon == std::string::npos ? name : link.substr(colon + 1);
  if (valid_list_token(name) && valid_list_token(alias)) return;
  throw msg::invalid_link(link);
}

}  // namespace docknet::model
