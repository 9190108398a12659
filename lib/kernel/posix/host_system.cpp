#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

#include "lib/core/error.hpp"
#include "lib/core/strings.hpp"
#include "lib/kernel/posix/linux_host_system.hpp"

namespace docknet::kernel {
namespace {

std::string sysctl_path(const std::string& key) {
  std::string p = "/proc/sys/";
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
  int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) throw KernelError("write sysctl", key, errno);
  std::string data = value + "\n";
  ssize_t n = write(fd, data.data(), data.size());
  int e = errno;
  close(fd);
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

std::string LinuxHostSystem::boot_id() {
  std::ifstream in("/proc/sys/kernel/random/boot_id");
  std::string id;
  std::getline(in, id);
  return trim(id);
}

}  // namespace docknet::kernel
