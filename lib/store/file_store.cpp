#include "lib/store/file_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include <fmt/format.h>

#include "lib/core/error.hpp"
#include "lib/fs/atomic_file.hpp"
#include "lib/store/yaml_codec.hpp"

namespace docknet::store {
namespace {

constexpr const char* kState = "networks.yaml";
constexpr const char* kTmp = "networks.yaml.tmp";
constexpr const char* kPrev = "networks.yaml.prev";
constexpr const char* kPrevTmp = "networks.yaml.prev.tmp";
constexpr const char* kFirewall = "firewall";
constexpr const char* kFirewallTmp = "firewall.tmp";
constexpr const char* kWarned = "config-warned";
constexpr const char* kWarnedTmp = "config-warned.tmp";

class FlockLock : public StoreLock {
 public:
  explicit FlockLock(UniqueFd fd) : fd_(std::move(fd)) {}  // closing releases the flock

 private:
  UniqueFd fd_;
};

[[noreturn]] void refuse(const std::string& why) { throw Error(ErrorKind::System, why); }

[[noreturn]] void open_failed(const std::string& op, const std::string& path, int err) {
  if (err == ELOOP)
    refuse(fmt::format("{} is a symbolic link: docknet never follows one in its state directory; remove it", path));
  // A fact, as the kernel layer gives one: the services put a denial in Docker's words.
  auto fault = err == EACCES || err == EPERM ? KernelFault::Denied : KernelFault::Failed;
  throw KernelError(fault, op, path, err, std::strerror(err));
}

const char* file_type(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISDIR(mode)) return "a directory";
  return "not a regular file";
}

/// openat(dir, name) never following a symlink and never blocking, then: a regular file only.
UniqueFd open_in(int dir, const std::string& name, const std::string& path, int flags, const std::string& op) {
  UniqueFd fd(openat(dir, name.c_str(), flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600));
  if (!fd) open_failed(op, path, errno);
  struct stat st {};
  if (fstat(fd.get(), &st) != 0) throw KernelError("stat", path, errno);
  if (!S_ISREG(st.st_mode)) refuse(fmt::format("{} is {}, not a regular file: refusing to use it; remove it", path,
                                               file_type(st.st_mode)));
  return fd;
}

}  // namespace

void FileStore::ensure_root() {
  // mkdir -p, parents 0755, the state directory itself 0700.
  for (size_t pos = 1; pos <= root_.size(); ++pos) {
    if (pos != root_.size() && root_[pos] != '/') continue;
    std::string part = root_.substr(0, pos);
    if (mkdir(part.c_str(), pos == root_.size() ? 0700 : 0755) != 0 && errno != EEXIST) {
      int err = errno;
      if (err == EACCES || err == EPERM) throw KernelError(KernelFault::Denied, "create", part, err, std::strerror(err));
      throw KernelError("create directory", part, err);
    }
  }
}

int FileStore::root_fd(bool create) {
  if (dir_) return dir_.get();
  // O_PATH: needs no permission on the directory itself, so a caller without root is told
  // which file it may not open (the lock), as before.
  constexpr int kFlags = O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
  UniqueFd fd(open(root_.c_str(), kFlags));
  if (!fd && errno == ENOENT && create) {
    ensure_root();
    fd.reset(open(root_.c_str(), kFlags));
  }
  if (!fd) {
    if (errno == ENOENT) return -1;
    if (errno == ENOTDIR)
      refuse(fmt::format("state directory {} is not a directory (or is a symbolic link): refusing to use it", root_));
    open_failed("open", root_, errno);
  }
  struct stat st {};
  if (fstat(fd.get(), &st) != 0) throw KernelError("stat", root_, errno);
  if (st.st_uid != 0 && st.st_uid != geteuid())
    refuse(fmt::format("state directory {} belongs to uid {}, not to root: refusing to use it (chown root {})", root_,
                       st.st_uid, root_));
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    refuse(fmt::format("state directory {} is writable by group or others (mode {:04o}): refusing to use it "
                       "(chmod go-w {})",
                       root_, st.st_mode & 07777, root_));
  dir_ = std::move(fd);
  return dir_.get();
}

namespace {
// Waits as long as the holder keeps it: writers queue behind each other.
std::unique_ptr<StoreLock> hold_flock(UniqueFd fd, int op, const std::string& path) {
  while (flock(fd.get(), op) != 0)
    if (errno != EINTR) throw KernelError("lock", path, errno);
  return std::make_unique<FlockLock>(std::move(fd));
}
}  // namespace

std::unique_ptr<StoreLock> FileStore::lock(bool exclusive) {
  std::string path = root_ + "/lock";
  UniqueFd fd = open_in(root_fd(true), "lock", path, O_RDONLY | O_CREAT, "open");
  return hold_flock(std::move(fd), exclusive ? LOCK_EX : LOCK_SH, path);
}

std::unique_ptr<StoreLock> FileStore::lock_existing(bool exclusive, std::optional<std::chrono::milliseconds> wait) {
  std::string path = root_ + "/lock";
  int dir = root_fd(false);
  if (dir < 0) {
    // Nothing to lock, and nothing made; but a caller who could not make the store either (not
    // root) is told so now, as a changing command would tell it, not shown a store it cannot use.
    std::string existing = root_;
    for (;;) {
      auto slash = existing.find_last_of('/');
      existing = slash == std::string::npos ? "." : slash == 0 ? "/" : existing.substr(0, slash);
      if (existing == "." || existing == "/" || access(existing.c_str(), F_OK) == 0) break;
    }
    if (faccessat(AT_FDCWD, existing.c_str(), W_OK | X_OK, AT_EACCESS) != 0 && (errno == EACCES || errno == EPERM)) {
      int err = errno;
      throw KernelError(KernelFault::Denied, "create", root_, err, std::strerror(err));
    }
    return nullptr;
  }
  // No lock file: no writer ever ran here (every writer makes it first), nothing to wait for;
  // the store exists (its directory does), so the caller holds an empty lock, not none.
  struct stat probe {};
  if (fstatat(dir, "lock", &probe, AT_SYMLINK_NOFOLLOW) != 0 && errno == ENOENT) return std::make_unique<StoreLock>();
  UniqueFd fd = open_in(dir, "lock", path, O_RDONLY, "open");
  int op = exclusive ? LOCK_EX : LOCK_SH;
  if (!wait) return hold_flock(std::move(fd), op, path);
  // Polled, not a blocking flock cut by an alarm: no signal handler to share with the caller.
  auto deadline = std::chrono::steady_clock::now() + *wait;
  while (flock(fd.get(), op | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) throw KernelError("lock", path, errno);
    if (std::chrono::steady_clock::now() >= deadline) return nullptr;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::make_unique<FlockLock>(std::move(fd));
}

std::optional<model::State> FileStore::load() {
  std::string path = state_path();
  int dir = root_fd(false);
  if (dir < 0) return std::nullopt;
  // Only a file that does not exist means "no networks yet"; an empty one is refused below.
  struct stat probe {};
  if (fstatat(dir, kState, &probe, AT_SYMLINK_NOFOLLOW) != 0 && errno == ENOENT) return std::nullopt;
  UniqueFd fd = open_in(dir, kState, path, O_RDONLY, "open");
  struct stat st {};
  if (fstat(fd.get(), &st) != 0) throw KernelError("stat", path, errno);
  // Read straight into the string (sized from fstat, growing if the file grew meanwhile).
  std::string text(static_cast<size_t>(st.st_size) + 1, '\0');
  size_t used = 0;
  for (;;) {
    if (used == text.size()) text.resize(text.size() * 2);
    ssize_t n = read(fd.get(), text.data() + used, text.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw KernelError("read", path, errno);
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  text.resize(used);
  try {
    return decode_state(text, path);
  } catch (const Error& e) {
    refused_ = true;
    std::string prev = root_ + "/" + kPrev;
    bool have_prev = faccessat(dir, kPrev, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
    throw Error(e.kind(),
                fmt::format("{}\ndocknet changes nothing while the store is unreadable. {}", e.what(),
                            have_prev ? fmt::format("To go back to the state before the last change: cp {} {} "
                                                    "(see RECOVERY in docknet(1))",
                                                    prev, path)
                                      : std::string("Fix the file by hand (see RECOVERY in docknet(1))")));
  }
}

void FileStore::save(const model::State& state) {
  if (refused_) refuse(fmt::format("refusing to replace {}: it could not be read", state_path()));
  int dir = root_fd(true);
  // Keep the state being replaced (it was read and checked under this lock) as .prev: a hard
  // link made aside and renamed into place, so .prev is always one whole good file.
  auto keep_previous = [&] {
    struct stat st {};
    if (fstatat(dir, kState, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) return;
    if (unlinkat(dir, kPrevTmp, 0) != 0 && errno != ENOENT) throw KernelError("remove", root_ + "/" + kPrevTmp, errno);
    if (linkat(dir, kState, dir, kPrevTmp, 0) != 0) throw KernelError("link", root_ + "/" + kPrevTmp, errno);
    if (renameat(dir, kPrevTmp, dir, kPrev) != 0) throw KernelError("rename", root_ + "/" + kPrevTmp, errno);
  };
  write_atomically(AtomicFile{dir, root_, kState, kTmp, 0600, std::nullopt}, encode_state(state), keep_previous,
                   open_failed);
}

// One short line in a file beside the state ("" when the file is not there).
std::string FileStore::read_line(const char* name) {
  int dir = root_fd(false);
  if (dir < 0) return "";
  struct stat probe {};
  if (fstatat(dir, name, &probe, AT_SYMLINK_NOFOLLOW) != 0 && errno == ENOENT) return "";
  UniqueFd fd = open_in(dir, name, root_ + "/" + name, O_RDONLY, "open");
  char buf[128];
  ssize_t n = read(fd.get(), buf, sizeof buf);
  if (n < 0) throw KernelError("read", root_ + "/" + name, errno);
  std::string line(buf, static_cast<size_t>(n));
  while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
  return line;
}

void FileStore::write_line(const char* name, const char* temp_name, const std::string& line) {
  write_atomically(AtomicFile{root_fd(true), root_, name, temp_name, 0600, std::nullopt}, line + "\n", {},
                   open_failed);
}

std::string FileStore::recorded_firewall() { return read_line(kFirewall); }
void FileStore::record_firewall(const std::string& name) { write_line(kFirewall, kFirewallTmp, name); }
std::string FileStore::warned_config_digest() { return read_line(kWarned); }
void FileStore::record_warned_config_digest(const std::string& digest) { write_line(kWarned, kWarnedTmp, digest); }

}  // namespace docknet::store
