#include "lib/model/hosts.hpp"

#include <set>

namespace docknet::model {

namespace {

const char* kBase =
    "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::\tip6-localnet\n"
    "ff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";

std::string line(const Endpoint& e) {
  std::string s = e.ipv4->addr().to_string() + "\t" + e.name;
  for (const auto& a : e.aliases) s += " " + a;
  return s + " " + e.container_id.substr(0, 12) + "\n";
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
      if (self->second.ipv4 && seen.insert(self->second.ipv4->addr().to_string() + c.id).second) content += line(self->second);
      // --link aliases resolve from the linking container only, on any network.
      for (const auto& link : self->second.links) {
        auto colon = link.find(':');
        std::string target = link.substr(0, colon), alias = link.substr(colon + 1);
        for (const auto& [cid, e] : n.containers)
          if (e.name == target && e.ipv4) content += e.ipv4->addr().to_string() + "\t" + alias + "\n";
      }
      if (n.name == "bridge") continue;  // the default bridge has no name resolution
      for (const auto& [cid, e] : n.containers)
        if (cid != c.id && e.ipv4 && seen.insert(e.ipv4->addr().to_string() + cid).second) content += line(e);
    }
    out[path] = content;
  }
  return out;
}

}  // namespace docknet::model
