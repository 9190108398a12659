#include "lib/store/file_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "lib/core/error.hpp"
#include "lib/model/messages.hpp"
#include "lib/store/yaml_codec.hpp"

namespace docknet::store {
namespace {

class FlockLock : public StoreLock {
 public:
  explicit FlockLock(int fd) : fd_(fd) {}
  ~FlockLock() override { close(fd_); }  // closing releases the flock

 private:
  int fd_;
};

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() {
    int f = fd_;
    fd_ = -1;
    return f;
  }

 private:
  int fd_;
};

void write_all(int fd, const std::string& data, const std::string& path) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw KernelError("write", path, errno);
    }
    off += static_cast<size_t>(n);
  }
}

}  // namespace

void FileStore::ensure_root() {
  // mkdir -p, parents 0755, the state directory itself 0700.
  for (size_t pos = 1; pos <= root_.size(); ++pos) {
    if (pos != root_.size() && root_[pos] != '/') continue;
    std::string part = root_.substr(0, pos);
    if (mkdir(part.c_str(), pos == root_.size() ? 0700 : 0755) != 0 && errno != EEXIST) {
      if (errno == EACCES || errno == EPERM) throw model::msg::permission_denied("create " + part);
      throw KernelError("create directory", part, errno);
    }
  }
}

std::unique_ptr<StoreLock> FileStore::lock(bool exclusive) {
  std::string path = root_ + "/lock";
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    ensure_root();
    fd = open(path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0600);
  }
  if (fd < 0) {
    if (errno == EACCES || errno == EPERM)
      throw model::msg::permission_denied("open " + path);
    throw KernelError("open", path, errno);
  }
  Fd guard(fd);
  while (flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0) {
    if (errno != EINTR) throw KernelError("lock", path, errno);
  }
  return std::make_unique<FlockLock>(guard.release());
}

std::optional<model::State> FileStore::load() {
  std::string path = state_path();
  int raw = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (raw < 0) {
    if (errno == ENOENT) return std::nullopt;
    throw KernelError("open", path, errno);
  }
  Fd fd(raw);
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
  return decode_state(text, path);
}

void FileStore::save(const model::State& state) {
  ensure_root();
  std::string path = state_path();
  std::string tmp = path + ".tmp";
  {
    Fd fd(open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (fd.get() < 0) throw KernelError("create", tmp, errno);
    write_all(fd.get(), encode_state(state), tmp);
    if (fsync(fd.get()) != 0) throw KernelError("fsync", tmp, errno);
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) throw KernelError("rename", tmp, errno);
  Fd dir(open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() >= 0) fsync(dir.get());
}

}  // namespace docknet::store
