// FakeKernel's overlay sandboxes: what NetlinkOverlayBackend makes, as links in a namespace.
#include <cerrno>

#include "fakes/fake_kernel.hpp"
#include "lib/core/error.hpp"

namespace docknet::fakes {

std::vector<std::string> FakeKernel::sandboxes() {
  std::vector<std::string> out;
  for (const auto& [path, _] : overlay_sandboxes) out.push_back(path);
  return out;
}

void FakeKernel::ensure_sandbox(const kernel::OverlaySandbox& s) {
  if (overlay_sandboxes.count(s.netns_path)) return;
  mutate("create overlay sandbox " + s.netns_path);
  for (const auto& [path, other] : overlay_sandboxes)
    if (other.vni == s.vni) throw KernelError("create vxlan", "vxlan0", EEXIST);
  int mtu = s.mtu > 0 ? s.mtu : 1450;
  overlay_sandboxes[s.netns_path] = s;
  auto& links = state.netns_links[s.netns_path];
  links["br0"] = FakeLink{.kind = "bridge", .mtu = mtu, .up = true, .addresses = s.bridge_addresses};
  links["vxlan0"] = FakeLink{.kind = "vxlan", .master = "br0", .mtu = mtu, .up = true};
}

void FakeKernel::delete_sandbox(const std::string& path) {
  if (!overlay_sandboxes.count(path)) return;
  mutate("delete overlay sandbox " + path);
  // As the kernel: every veth whose host end was in the sandbox goes, with its container end.
  for (const auto& [name, link] : state.netns_links[path])
    if (link.kind == "veth") {
      auto peer_ns = state.netns_links.find(link.peer_netns);
      if (peer_ns != state.netns_links.end()) {
        peer_ns->second.erase(link.peer);
        if (peer_ns->second.empty()) state.netns_links.erase(peer_ns);
      }
    }
  state.netns_links.erase(path);
  overlay_sandboxes.erase(path);
  overlay_peers.erase(path);
}

void FakeKernel::set_peers(const std::string& path, const std::vector<kernel::OverlayPeer>& peers) {
  if (!overlay_sandboxes.count(path)) throw KernelError("open network namespace", path, ENOENT);
  if (overlay_peers[path] == peers) return;
  mutate("program peers of " + path);
  overlay_peers[path] = peers;
}

}  // namespace docknet::fakes
