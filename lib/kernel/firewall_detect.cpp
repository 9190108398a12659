#include "lib/kernel/firewall_detect.hpp"

#include <linux/netfilter/nf_tables.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include "lib/kernel/nftables/nfnl_socket.hpp"

namespace docknet::kernel {
namespace {

bool exists(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0;
}

/// Where `iptables` leads after every symlink (Debian's alternatives: /usr/sbin/iptables ->
/// /etc/alternatives/iptables -> /usr/sbin/iptables-nft -> xtables-nft-multi); "" if none.
std::string iptables_command() {
  std::string dirs = "/usr/local/sbin:/usr/sbin:/sbin:/usr/local/bin:/usr/bin:/bin";
  if (const char* path = std::getenv("PATH")) dirs = std::string(path) + ":" + dirs;
  std::istringstream in(dirs);
  for (std::string dir; std::getline(in, dir, ':');) {
    if (dir.empty() || dir[0] != '/') continue;
    std::string candidate = dir + "/iptables";
    if (access(candidate.c_str(), X_OK) != 0) continue;
    char real[PATH_MAX];
    if (realpath(candidate.c_str(), real)) return real;
  }
  return "";
}

/// The names in /proc/net/ip_tables_names; nullopt when the file is missing (x_tables not loaded).
std::optional<std::string> legacy_table_names(const char* proc) {
  std::ifstream f(proc);
  if (!f) return std::nullopt;
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

/// ip_tables built in or shipped as a module of the running kernel.
bool legacy_loadable() {
  utsname u{};
  if (uname(&u) != 0) return true;
  std::string dir = std::string("/lib/modules/") + u.release;
  std::ifstream builtin(dir + "/modules.builtin");
  for (std::string line; std::getline(builtin, line);)
    if (line.find("/ip_tables.ko") != std::string::npos) return true;
  std::string mod = dir + "/kernel/net/ipv4/netfilter/ip_tables.ko";
  return exists(mod) || exists(mod + ".xz") || exists(mod + ".zst") || exists(mod + ".gz");
}

bool nftables_has_tables() {
  try {
    nft::Socket s;
    bool any = false;
    s.dump(NFT_MSG_GETTABLE, 0 /* NFPROTO_UNSPEC: every family */, nullptr, [&](const unsigned char*, size_t) { any = true; });
    return any;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

DetectedFirewall detect_firewall() {
  std::string cmd = iptables_command();
  std::string base = cmd.substr(cmd.find_last_of('/') + 1);
  if (base.find("nft") != std::string::npos) return {FirewallKind::Nft, "iptables is " + cmd + " (nf_tables)"};
  auto v4 = legacy_table_names("/proc/net/ip_tables_names");
  if (!v4 && !legacy_loadable()) return {FirewallKind::Nft, "this kernel has no legacy x_tables (ip_tables)"};
  auto v6 = legacy_table_names("/proc/net/ip6_tables_names");
  bool legacy_empty = (!v4 || v4->empty()) && (!v6 || v6->empty());
  if (legacy_empty && nftables_has_tables())
    return {FirewallKind::Nft, "the legacy x_tables are empty and nf_tables holds tables", false};
  if (base.find("legacy") != std::string::npos) return {FirewallKind::Legacy, "iptables is " + cmd + " (legacy)", false};
  return {FirewallKind::Legacy,
          cmd.empty() ? "no iptables command; the legacy x_tables are in use"
                      : "iptables is " + cmd + "; the legacy x_tables are in use",
          false};
}

}  // namespace docknet::kernel
