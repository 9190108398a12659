#include "lib/kernel/iptables/xtables_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <csignal>
#include <ctime>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "lib/core/error.hpp"

namespace docknet::kernel {
namespace {

bool termination_pending() {
  sigset_t pending;
  if (sigpending(&pending) != 0) return false;
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT})
    if (sigismember(&pending, sig) == 1) return true;
  return false;
}

}  // namespace

XtablesLock::XtablesLock() {
  const char* env = std::getenv("XTABLES_LOCKFILE");
  std::string path = env && *env ? env : "/run/xtables.lock";
  fd_.reset(open(path.c_str(), O_CREAT | O_RDONLY | O_CLOEXEC, 0600));
  if (!fd_) throw KernelError("open", "xtables lock " + path, errno);
  // Polled rather than waited for: a mutating call holds Ctrl-C and SIGTERM back (so no step is
  // cut in half), and a blocking wait on a stuck lock holder could then only be ended by kill
  // -9. A termination signal that arrives while waiting fails the call here instead, so the
  // call undoes what it did and the signal then ends it.
  while (flock(fd_.get(), LOCK_EX | LOCK_NB) != 0) {
    int e = errno;
    if (e == EINTR) continue;
    if (e != EWOULDBLOCK || termination_pending())
      throw KernelError("lock", "xtables lock " + path, e == EWOULDBLOCK ? EINTR : e);
    timespec pause{0, 10'000'000};  // 10 ms, as iptables -w's default interval
    nanosleep(&pause, nullptr);
  }
}

}  // namespace docknet::kernel
