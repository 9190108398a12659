#include "lib/model/hosts.hpp"

#include <set>

#include "lib/model/naming.hpp"

namespace docknet::model {

namespace {

const char* kBase4 = "127.0.0.1\tlocalhost\n";
const char* kBase6 =
    "::1\tlocalhost ip6-localhost ip6-loopback\nfe00::\tip6-localnet\n"
    "ff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";

std::string base(bool ipv6) { return std::string(kBase4) + (ipv6 ? kBase6 : ""); }
const std::string kCreatedFile = " (created file)";
const std::string kCreatedDir = " (created file and directory)";

std::vector<IpAddress> addresses(const Endpoint& e) {
  std::vector<IpAddress> out;
  if (e.ipv4) out.push_back(e.ipv4->addr());
  if (e.ipv6) out.push_back(e.ipv6->addr());
  return out;
}

// The names of a line, without any that could break the file (stored before names were checked).
std::string names(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words)
    if (valid_hosts_token(w)) out += (out.empty() ? "" : " ") + w;
  return out;
}

// One line per address of the endpoint, each address once per container. Docker's resolver
// also answers NAME.NETWORK and ALIAS.NETWORK (moby@docker-v29.7.2:daemon/libnetwork/
// sandbox.go:447-500); without a resolver, those names are written here too.
void add_lines(std::string& content, std::set<std::string>& seen, const Endpoint& e, const std::string& network) {
  std::vector<std::string> words{e.name};
  words.insert(words.end(), e.aliases.begin(), e.aliases.end());
  if (!network.empty()) {
    words.push_back(e.name + "." + network);
    for (const auto& a : e.aliases) words.push_back(a + "." + network);
  }
  words.push_back(e.container_id.substr(0, 12));
  std::string line = names(words);
  for (const auto& ip : addresses(e)) {
    if (!seen.insert(ip.to_string() + e.container_id).second) continue;
    content += ip.to_string() + "\t" + line + "\n";
  }
}

struct Block {
  size_t begin = std::string::npos, end = 0;  // [begin, end) of the block's lines
  std::string marker;                          // what follows kHostsBegin on its line
};

// docknet's block: from a line that starts with kHostsBegin to the line kHostsEnd (or the end).
Block find_block(const std::string& s) {
  Block b;
  for (size_t pos = 0; pos < s.size();) {
    size_t eol = s.find('\n', pos);
    size_t next = eol == std::string::npos ? s.size() : eol + 1;
    std::string line = s.substr(pos, next - pos);
    if (!line.empty() && line.back() == '\n') line.pop_back();
    if (b.begin == std::string::npos && line.rfind(kHostsBegin, 0) == 0) {
      b.begin = pos;
      b.marker = line.substr(std::string(kHostsBegin).size());
    } else if (b.begin != std::string::npos && line == kHostsEnd) {
      b.end = next;
      return b;
    }
    pos = next;
  }
  if (b.begin != std::string::npos) b.end = s.size();
  return b;
}

}  // namespace

std::string hosts_netns_name(const Container& c) {
  const std::string prefix = "/run/netns/";
  if (c.netns_path.rfind(prefix, 0) != 0) return "";
  std::string name = c.netns_path.substr(prefix.size());
  return valid_container_name(name) ? name : "";  // never a path outside /etc/netns
}

std::map<std::string, HostsLines> hosts_files(const State& state) {
  std::map<std::string, HostsLines> out;
  for (const auto& c : state.containers) {
    std::string name = hosts_netns_name(c);
    bool attached = false;
    for (const auto& n : state.networks) attached = attached || n.containers.count(c.id);
    if (name.empty() || !attached) continue;  // only containers with an endpoint get a file
    std::string content;
    std::set<std::string> seen;
    for (const auto& n : state.networks) {
      auto self = n.containers.find(c.id);
      if (self == n.containers.end()) continue;
      // The default bridge has no name resolution: no NAME.bridge.
      add_lines(content, seen, self->second, n.name == "bridge" ? "" : n.name);
      // --link aliases resolve from the linking container only, on any network.
      for (const auto& link : self->second.links) {
        auto colon = link.find(':');
        std::string target = link.substr(0, colon), alias = link.substr(colon + 1);
        if (!valid_hosts_token(alias)) continue;
        for (const auto& [cid, e] : n.containers)
          if (e.name == target)
            for (const auto& ip : addresses(e)) content += ip.to_string() + "\t" + alias + "\n";
      }
      if (n.name == "bridge") continue;  // the default bridge has no name resolution
      for (const auto& [cid, e] : n.containers)
        if (cid != c.id) add_lines(content, seen, e, n.name);
      // Overlay networks: the containers of the other hosts resolve the same way.
      for (const auto& [cid, e] : n.remote_endpoints) add_lines(content, seen, e, n.name);
    }
    out[name] = HostsLines{content, !c.ipv6_disabled};
  }
  return out;
}

std::string merge_hosts_block(const std::optional<std::string>& existing, bool dir_existed, const std::string& lines,
                              bool ipv6) {
  if (!existing) {
    std::string marker = dir_existed ? kCreatedFile : kCreatedDir;
    return std::string(kHostsBegin) + marker + "\n" + base(ipv6) + lines + kHostsEnd + "\n";
  }
  Block b = find_block(*existing);
  if (b.begin == std::string::npos) {
    std::string out = *existing;
    if (!out.empty() && out.back() != '\n') out += '\n';
    return out + kHostsBegin + "\n" + lines + kHostsEnd + "\n";
  }
  bool created = b.marker == kCreatedFile || b.marker == kCreatedDir;
  std::string block = std::string(kHostsBegin) + b.marker + "\n" + (created ? base(ipv6) : "") + lines + kHostsEnd + "\n";
  return existing->substr(0, b.begin) + block + existing->substr(b.end);
}

StrippedHosts strip_hosts_block(const std::string& existing) {
  Block b = find_block(existing);
  if (b.begin == std::string::npos) return {existing, false, false};
  StrippedHosts out;
  out.content = existing.substr(0, b.begin) + existing.substr(b.end);
  bool created = b.marker == kCreatedFile || b.marker == kCreatedDir;
  out.remove_file = created && out.content.find_first_not_of(" \t\n") == std::string::npos;
  out.remove_dir = out.remove_file && b.marker == kCreatedDir;
  return out;
}

}  // namespace docknet::model
