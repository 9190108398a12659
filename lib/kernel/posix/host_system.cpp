#include <fcntl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <utility>

#include "lib/core/error.hpp"
#include "lib/core/strings.hpp"
#include "lib/fs/unique_fd.hpp"
#include "lib/kernel/posix/linux_host_system.hpp"

namespace docknet::kernel {
namespace {

std::string sysctl_path(const std::string& key) {
  std::string p = "/proc/sys/";
  if (key.find('/') != std::string::npos) return p + key;
  for (char c : key) p += c == '.' ? '/' : c;
  return p;
}

}  // namespace

std::string LinuxHostSystem::read_sysctl(const std::string& key) {
  std::ifstream in(sysctl_path(key));
  if (!in) throw KernelError("read sysctl", key, errno ? errno : ENOENT);
  std::stringstream s;
  s << in.rdbuf();
  return trim(s.str());
}

void LinuxHostSystem::write_sysctl(const std::string& key, const std::string& value) {
  std::string path = sysctl_path(key);
  UniqueFd fd(open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd) throw KernelError("write sysctl", key, errno);
  std::string data = value + "\n";
  ssize_t n = write(fd.get(), data.data(), data.size());
  int e = errno;
  if (n != static_cast<ssize_t>(data.size())) throw KernelError("write sysctl", key, n < 0 ? e : EIO);
}

std::vector<IpPrefix> LinuxHostSystem::nameservers() {
  std::vector<IpPrefix> out;
  std::ifstream in("/etc/resolv.conf");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string key, value;
    if (!(words >> key >> value) || key != "nameserver") continue;
    auto ip = IpAddress::parse(value);
    if (ip && ip->is_v4()) out.emplace_back(*ip, 32);
  }
  return out;
}

std::string LinuxHostSystem::machine_id() {
  std::ifstream in("/etc/machine-id");
  std::string id;
  std::getline(in, id);
  return trim(id);
}

std::string LinuxHostSystem::boot_id() {
  std::ifstream in("/proc/sys/kernel/random/boot_id");
  std::string id;
  std::getline(in, id);
  return trim(id);
}

namespace {

constexpr long kNsfsMagic = 0x6e736673;  // a network namespace file lives on nsfs

bool is_netns(const std::string& path, struct stat& st) {
  struct statfs fs {};
  return stat(path.c_str(), &st) == 0 && statfs(path.c_str(), &fs) == 0 && fs.f_type == kNsfsMagic;
}

}  // namespace

std::optional<NetnsInfo> LinuxHostSystem::find_netns(const std::string& ref) {
  if (ref.empty()) return std::nullopt;
  bool pid = ref.find_first_not_of("0123456789") == std::string::npos;
  std::string path = pid ? "/proc/" + ref + "/ns/net" : ref.find('/') != std::string::npos ? ref : "/run/netns/" + ref;
  struct stat st {};
  if (!is_netns(path, st)) return std::nullopt;
  return NetnsInfo{path, ref, static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino)};
}

bool LinuxHostSystem::netns_alive(const std::string& path, uint64_t dev, uint64_t ino) {
  struct stat st {};
  return is_netns(path, st) && static_cast<uint64_t>(st.st_dev) == dev && static_cast<uint64_t>(st.st_ino) == ino;
}

}  // namespace docknet::kernel
