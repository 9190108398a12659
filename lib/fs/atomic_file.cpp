#include "lib/fs/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "lib/core/error.hpp"
#include "lib/fs/unique_fd.hpp"

namespace docknet {
namespace {

[[noreturn]] void report_open_failure(const OpenFailure& open_failed, const std::string& path, int err) {
  if (open_failed) open_failed("create", path, err);
  throw KernelError("create", path, err);
}

// The temporary's name must be free for O_EXCL. A regular file there is ours, left by a call
// killed before its rename; anything else was put there by someone else: not removed, refused
// (a symlink as ELOOP, as an O_NOFOLLOW open would have said).
void clear_stale_temp(const AtomicFile& f, const std::string& temp_path, const OpenFailure& open_failed) {
  struct stat st {};
  if (fstatat(f.dir, f.temp_name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return;
  if (!S_ISREG(st.st_mode)) report_open_failure(open_failed, temp_path, S_ISLNK(st.st_mode) ? ELOOP : EEXIST);
  if (unlinkat(f.dir, f.temp_name.c_str(), 0) != 0 && errno != ENOENT) throw KernelError("remove", temp_path, errno);
}

void write_all(int fd, std::string_view data, const std::string& path) {
  for (size_t done = 0; done < data.size();) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw KernelError("write", path, n < 0 ? errno : EIO);
    done += static_cast<size_t>(n);
  }
}

// Makes the rename itself durable; a failure here loses no data already renamed, so it is not
// an error (as in both copies this replaced).
void sync_dir(int dir) {
  UniqueFd d(openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (d) fsync(d.get());
}

}  // namespace

void write_atomically(const AtomicFile& f, std::string_view content, const std::function<void()>& before_rename,
                      const OpenFailure& open_failed) {
  std::string temp_path = f.dir_path + "/" + f.temp_name;
  clear_stale_temp(f, temp_path, open_failed);
  UniqueFd fd(openat(f.dir, f.temp_name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, f.mode));
  if (!fd) report_open_failure(open_failed, temp_path, errno);
  try {
    if (fchmod(fd.get(), f.mode) != 0) throw KernelError("chmod", temp_path, errno);
    if (f.owner && fchown(fd.get(), f.owner->first, f.owner->second) != 0) throw KernelError("chown", temp_path, errno);
    write_all(fd.get(), content, temp_path);
    if (fsync(fd.get()) != 0) throw KernelError("fsync", temp_path, errno);
    fd.reset();
    if (before_rename) before_rename();
    if (renameat(f.dir, f.temp_name.c_str(), f.dir, f.name.c_str()) != 0) throw KernelError("rename", temp_path, errno);
  } catch (...) {
    unlinkat(f.dir, f.temp_name.c_str(), 0);  // ours (made with O_EXCL): never a stranger's file
    throw;
  }
  sync_dir(f.dir);
}

}  // namespace docknet
