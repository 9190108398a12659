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
#include "lib/core/unique_fd.hpp"
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

namespace {

constexpr const char* kHostsTmp = ".hosts.docknet-tmp";

std::string describe(mode_t m) {
  if (S_ISLNK(m)) return "a symbolic link";
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISCHR(m) || S_ISBLK(m)) return "a device";
  if (S_ISSOCK(m)) return "a socket";
  if (S_ISDIR(m)) return "a directory";
  return "not a regular file";
}

[[noreturn]] void refuse(const std::string& path, const std::string& why) {
  throw Error(ErrorKind::Forbidden, "refusing to use " + path + ": " + why);
}

// The directory `name` under `parent` (AT_FDCWD for an absolute name), never through a symlink,
// owned by root (or whoever runs docknet) and writable by no one else. Created (0755) with
// `create`; an empty UniqueFd without it when missing.
UniqueFd open_dir(int parent, const std::string& name, const std::string& path, bool create) {
  if (create && mkdirat(parent, name.c_str(), 0755) == 0) {
    UniqueFd fd(openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (fd) fchmod(fd.get(), 0755);  // whatever the umask; the directory was just made
  } else if (create && errno != EEXIST) {
    throw KernelError("create directory", path, errno);
  }
  UniqueFd fd(openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT && !create) return fd;
    int e = errno;
    struct stat st {};
    if ((e == ELOOP || e == ENOTDIR) && fstatat(parent, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0)
      refuse(path, "it is " + describe(st.st_mode) + ", not a directory");
    throw KernelError("open directory", path, e);
  }
  struct stat st {};
  if (fstat(fd.get(), &st) != 0) throw KernelError("stat", path, errno);
  if (st.st_uid != 0 && st.st_uid != geteuid()) refuse(path, "it is not owned by root");
  if (st.st_mode & (S_IWGRP | S_IWOTH)) refuse(path, "it is writable by group or others");
  return fd;
}

// The regular file `name` in `dir`, read: never a symlink, FIFO or device (checked before it
// is opened, so a FIFO cannot block and a device is never opened, and again after).
std::optional<std::string> read_regular(int dir, const std::string& name, const std::string& path, struct stat& st) {
  if (fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return std::nullopt;
    throw KernelError("stat", path, errno);
  }
  if (!S_ISREG(st.st_mode)) refuse(path, "it is " + describe(st.st_mode));
  UniqueFd fd(openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (!fd) throw KernelError("open", path, errno);
  if (fstat(fd.get(), &st) != 0) throw KernelError("stat", path, errno);
  if (!S_ISREG(st.st_mode)) refuse(path, "it is " + describe(st.st_mode));
  std::string out;
  char buf[8192];
  for (;;) {
    ssize_t n = read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw KernelError("read", path, errno);
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace

HostsFile LinuxHostSystem::read_hosts(const std::string& netns) {
  HostsFile out;
  UniqueFd top = open_dir(AT_FDCWD, etc_netns_, etc_netns_, false);
  if (!top) return out;
  std::string dir_path = etc_netns_ + "/" + netns;
  UniqueFd dir = open_dir(top.get(), netns, dir_path, false);
  if (!dir) return out;
  out.dir_exists = true;
  struct stat st {};
  out.content = read_regular(dir.get(), "hosts", dir_path + "/hosts", st);
  return out;
}

void LinuxHostSystem::write_hosts(const std::string& netns, const std::string& content) {
  UniqueFd top = open_dir(AT_FDCWD, etc_netns_, etc_netns_, true);
  std::string dir_path = etc_netns_ + "/" + netns, path = dir_path + "/hosts";
  UniqueFd dir = open_dir(top.get(), netns, dir_path, true);
  struct stat old {};
  bool existed = read_regular(dir.get(), "hosts", path, old).has_value();
  std::string tmp = kHostsTmp;
  unlinkat(dir.get(), tmp.c_str(), 0);  // left by a killed call; it is ours
  UniqueFd fd(openat(dir.get(), tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (!fd) throw KernelError("create", dir_path + "/" + tmp, errno);
  auto fail = [&](const char* what, int e) {
    unlinkat(dir.get(), tmp.c_str(), 0);
    throw KernelError(what, dir_path + "/" + tmp, e);
  };
  // 0644 whatever the umask; an admin's own file keeps its mode and owner.
  if (fchmod(fd.get(), existed ? (old.st_mode & 07777) : 0644) != 0) fail("chmod", errno);
  if (existed && fchown(fd.get(), old.st_uid, old.st_gid) != 0) fail("chown", errno);
  for (size_t done = 0; done < content.size();) {
    ssize_t n = write(fd.get(), content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("write", n < 0 ? errno : EIO);
    done += static_cast<size_t>(n);
  }
  if (fsync(fd.get()) != 0) fail("fsync", errno);
  if (renameat(dir.get(), tmp.c_str(), dir.get(), "hosts") != 0) fail("rename", errno);
  fsync(dir.get());
}

void LinuxHostSystem::remove_hosts(const std::string& netns, bool with_dir) {
  UniqueFd top = open_dir(AT_FDCWD, etc_netns_, etc_netns_, false);
  if (!top) return;
  std::string dir_path = etc_netns_ + "/" + netns, path = dir_path + "/hosts";
  UniqueFd dir = open_dir(top.get(), netns, dir_path, false);
  if (!dir) return;
  struct stat st {};
  if (fstatat(dir.get(), "hosts", &st, AT_SYMLINK_NOFOLLOW) == 0) {
    if (!S_ISREG(st.st_mode)) refuse(path, "it is " + describe(st.st_mode));
    if (unlinkat(dir.get(), "hosts", 0) != 0) throw KernelError("remove", path, errno);
  } else if (errno != ENOENT) {
    throw KernelError("stat", path, errno);
  }
  unlinkat(dir.get(), kHostsTmp, 0);  // left by a write killed before its rename
  fsync(dir.get());
  if (with_dir) unlinkat(top.get(), netns.c_str(), AT_REMOVEDIR);  // only when empty
}

}  // namespace docknet::kernel
