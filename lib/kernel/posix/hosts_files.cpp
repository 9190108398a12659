// /etc/netns/NAME/hosts, written so that a kill at any instruction leaves either the old state
// or the new one, or a leftover under a name only docknet uses, which the next call removes.
#include <dirent.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <string>
#include <vector>

#include "lib/fs/atomic_file.hpp"
#include "lib/core/error.hpp"
#include "lib/fs/unique_fd.hpp"
#include "lib/kernel/posix/linux_host_system.hpp"

namespace docknet::kernel {
namespace {

constexpr const char* kHostsTmp = ".hosts.docknet-tmp";
// A namespace's directory is made under kStaging and renamed into place with its hosts file in
// it, and removed by renaming it to kRetired first: an empty NAME directory, which docknet
// could not tell from an admin's own, never exists because of docknet, even for an instant.
constexpr const char* kStaging = ".docknet-new-";
constexpr const char* kRetired = ".docknet-old-";

std::string describe(mode_t m) {
  if (S_ISLNK(m)) return "a symbolic link";
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISCHR(m) || S_ISBLK(m)) return "a device";
  if (S_ISSOCK(m)) return "a socket";
  if (S_ISDIR(m)) return "a directory";
  return "not a regular file";
}

[[noreturn]] void refuse(const std::string& path, const std::string& why) {
  throw KernelError(KernelFault::UnsafePath, "use", path, EPERM, why);
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

// Replaces `dir`/hosts with `content` (write_atomically). An admin's own file keeps its mode and
// owner; a new one is 0644 whatever the umask.
void replace_hosts(int dir, const std::string& dir_path, const std::string& content) {
  struct stat old {};
  bool existed = read_regular(dir, "hosts", dir_path + "/hosts", old).has_value();
  AtomicFile file{dir, dir_path, "hosts", kHostsTmp, 0644, std::nullopt};
  if (existed) {
    file.mode = old.st_mode & 07777;
    file.owner = std::make_pair(old.st_uid, old.st_gid);
  }
  write_atomically(file, content);
}

// Unlinks docknet's two files in `dir`; the hosts file only when it is a regular file.
void unlink_hosts(int dir, const std::string& dir_path) {
  struct stat st {};
  if (fstatat(dir, "hosts", &st, AT_SYMLINK_NOFOLLOW) == 0) {
    if (!S_ISREG(st.st_mode)) refuse(dir_path + "/hosts", "it is " + describe(st.st_mode));
    if (unlinkat(dir, "hosts", 0) != 0) throw KernelError("remove", dir_path + "/hosts", errno);
  } else if (errno != ENOENT) {
    throw KernelError("stat", dir_path + "/hosts", errno);
  }
  unlinkat(dir, kHostsTmp, 0);  // left by a write killed before its rename
}

// The names in directory `dir` but . and .. (a duplicate of the fd is read, `dir` stays open).
std::vector<std::string> entries(int dir) {
  std::vector<std::string> out;
  UniqueFd copy(openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!copy) return out;
  std::unique_ptr<DIR, int (*)(DIR*)> d(fdopendir(copy.get()), closedir);
  if (!d) return out;
  copy.release();  // the DIR owns it now
  while (dirent* e = readdir(d.get())) {
    std::string n = e->d_name;
    if (n != "." && n != "..") out.push_back(n);
  }
  return out;
}

// True when `dir` holds nothing but docknet's hosts file (and its temporary file).
bool holds_only_hosts(int dir) {
  for (const auto& n : entries(dir))
    if (n != "hosts" && n != kHostsTmp) return false;
  return true;
}

// Empties and removes docknet's directory `name` under `top`.
void remove_own_dir(int top, const std::string& name, const std::string& path) {
  UniqueFd dir = open_dir(top, name, path, false);
  if (!dir) return;
  unlink_hosts(dir.get(), path);
  if (unlinkat(top, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT)
    throw KernelError("remove directory", path, errno);
}

// A leftover: docknet's prefix, then the PID of a docknet that is gone (a live one, which may be
// another docknet with another state root, is still at work on it).
bool is_leftover(const std::string& name) {
  for (const char* prefix : {kStaging, kRetired}) {
    std::string p = prefix;
    if (name.rfind(p, 0) != 0 || name.size() == p.size() || name.size() > p.size() + 9) continue;
    std::string pid = name.substr(p.size());
    if (pid.find_first_not_of("0123456789") != std::string::npos) return false;
    return kill(static_cast<pid_t>(std::stol(pid)), 0) != 0 && errno == ESRCH;
  }
  return false;
}

// Renames not supported by the filesystem (no RENAME_NOREPLACE): docknet then works in place.
bool rename_unsupported(int e) { return e == EINVAL || e == ENOSYS || e == EOPNOTSUPP; }

std::string own_name(const char* prefix) { return prefix + std::to_string(getpid()); }

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
  std::string dir_path = etc_netns_ + "/" + netns;
  if (UniqueFd dir = open_dir(top.get(), netns, dir_path, false)) {
    replace_hosts(dir.get(), dir_path, content);
    return;
  }
  std::string staging = own_name(kStaging), staging_path = etc_netns_ + "/" + staging;
  remove_own_dir(top.get(), staging, staging_path);
  UniqueFd dir = open_dir(top.get(), staging, staging_path, true);
  int failed = 0;
  try {
    replace_hosts(dir.get(), staging_path, content);
    if (renameat2(top.get(), staging.c_str(), top.get(), netns.c_str(), RENAME_NOREPLACE) != 0) {
      failed = errno;
      if (failed != EEXIST && !rename_unsupported(failed)) throw KernelError("rename", staging_path, failed);
    }
  } catch (...) {
    remove_own_dir(top.get(), staging, staging_path);
    throw;
  }
  if (failed) {
    // The directory appeared meanwhile, or this filesystem cannot rename without replacing:
    // write in place (a kill between mkdir and rename can then leave an empty directory).
    remove_own_dir(top.get(), staging, staging_path);
    UniqueFd in_place = open_dir(top.get(), netns, dir_path, true);
    replace_hosts(in_place.get(), dir_path, content);
  }
  fsync(top.get());
}

void LinuxHostSystem::remove_hosts(const std::string& netns, bool with_dir) {
  UniqueFd top = open_dir(AT_FDCWD, etc_netns_, etc_netns_, false);
  if (!top) return;
  std::string dir_path = etc_netns_ + "/" + netns;
  UniqueFd dir = open_dir(top.get(), netns, dir_path, false);
  if (!dir) return;
  struct stat st {};
  if (fstatat(dir.get(), "hosts", &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode))
    refuse(dir_path + "/hosts", "it is " + describe(st.st_mode));
  std::string retired = own_name(kRetired), retired_path = etc_netns_ + "/" + retired;
  if (with_dir && holds_only_hosts(dir.get())) {
    remove_own_dir(top.get(), retired, retired_path);
    if (renameat2(top.get(), netns.c_str(), top.get(), retired.c_str(), RENAME_NOREPLACE) == 0) {
      fsync(top.get());
      // Something put into it between the look and the rename goes back under its name.
      if (holds_only_hosts(dir.get())) {
        remove_own_dir(top.get(), retired, retired_path);
        return;
      }
      if (renameat2(top.get(), retired.c_str(), top.get(), netns.c_str(), RENAME_NOREPLACE) != 0)
        throw KernelError("rename back", retired_path, errno);
      fsync(top.get());
    } else if (rename_unsupported(errno)) {
      unlink_hosts(dir.get(), dir_path);  // the old way: a kill before the rmdir leaves it empty
      unlinkat(top.get(), netns.c_str(), AT_REMOVEDIR);
      return;
    }
  }
  unlink_hosts(dir.get(), dir_path);
  fsync(dir.get());
}

void LinuxHostSystem::finish_hosts_changes() {
  // Best effort throughout: an /etc/netns docknet refuses to use fails the calls that need it
  // (with the reason), not every call.
  UniqueFd top;
  try {
    top = open_dir(AT_FDCWD, etc_netns_, etc_netns_, false);
  } catch (const Error&) {
    return;
  }
  if (!top) return;
  for (const auto& name : entries(top.get())) {
    if (!is_leftover(name)) continue;
    // Best effort: a leftover is no part of this call, so one that cannot go (something else
    // put into it, or planted in its place) is left for the admin rather than failing the call.
    try {
      remove_own_dir(top.get(), name, etc_netns_ + "/" + name);
    } catch (const Error&) {
    }
  }
}

}  // namespace docknet::kernel
