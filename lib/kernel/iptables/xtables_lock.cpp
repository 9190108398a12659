#include "lib/kernel/iptables/xtables_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "lib/core/error.hpp"

namespace docknet::kernel {

XtablesLock::XtablesLock() {
  const char* env = std::getenv("XTABLES_LOCKFILE");
  std::string path = env && *env ? env : "/run/xtables.lock";
  fd_ = open(path.c_str(), O_CREAT | O_RDONLY | O_CLOEXEC, 0600);
  if (fd_ < 0) throw KernelError("open", "xtables lock " + path, errno);
  while (flock(fd_, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    int e = errno;
    close(fd_);
    throw KernelError("lock", "xtables lock " + path, e);
  }
}

XtablesLock::~XtablesLock() {
  if (fd_ >= 0) close(fd_);
}

}  // namespace docknet::kernel
