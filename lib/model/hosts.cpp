#include "lib/model/hosts.hpp"

#include <set>

namespace docknet::model {

namespace {

const char* kBase =
    "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::\tip6-localnet\n"
    "ff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";

std::vector<IpAddress> addresses(const Endpoint& e) {
  std::vector<IpAddress> out;
  if (e.ipv4) out.push_back(e.ipv4->addr());
  if (e.ipv6) out.push_back(e.ipv6->addr());
  return out;
}

// One line per address of the endpoint, each address once per container.
void add_lines(std::string& content, std::set<std::string>& seen, const Endpoint& e) {
  for (const auto& ip : addresses(e)) {
    if (!seen.insert(ip.to_string() + e.container_id).second) continue;
    content += ip.to_string() + "\t" + e.name;
    for (const auto& a : e.aliases) content += " " + a;
    content += " " + e.container_id.substr(0, 12) + "\n";
  }
}

}  // namespace

std::string hosts_path(const Container& c) {
  const std::string prefix = "/run/netns/";
  if (c.netns_path.rfind(prefix, 0) != 0) return "";
  return "/etc/netns/" + c.netns_path.substr(prefix.size()) + "/hosts";
}

std::map<std::string, std::string> hosts_files(const State& state) {
  std::map<std::string, std::string> out;
  for (const auto& c : state.containers) {
    std::string path = hosts_path(c);
    bool attached = false;
    for (const auto& n : state.networks) attached = attached || n.containers.count(c.id);
    if (path.empty() || !attached) continue;  // only containers with an endpoint get a file
    std::string content = kBase;
    std::set<std::string> seen;
    for (const auto& n : state.networks) {
      auto self = n.containers.find(c.id);
      if (self == n.containers.end()) continue;
      add_lines(content, seen, self->second);
      // --link aliases resolve from the linking container only, on any network.
      for (const auto& link : self->second.links) {
        auto colon = link.find(':');
        std::string target = link.substr(0, colon), alias = link.substr(colon + 1);
        for (const auto& [cid, e] : n.containers)
          if (e.name == target)
            for (const auto& ip : addresses(e)) content += ip.to_string() + "\t" + alias + "\n";
      }
      if (n.name == "bridge") continue;  // the default bridge has no name resolution
      for (const auto& [cid, e] : n.containers)
        if (cid != c.id) add_lines(content, seen, e);
    }
    out[path] = content;
  }
  return out;
}

}  // namespace docknet::model
