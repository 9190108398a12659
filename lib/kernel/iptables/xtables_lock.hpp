#pragma once
#include "lib/fs/unique_fd.hpp"

namespace docknet::kernel {

/// flock on $XTABLES_LOCKFILE or /run/xtables.lock, as `iptables --wait` takes it. libiptc does
/// not lock, so docknet holds this from iptc_init until the last commit.
class XtablesLock {
 public:
  XtablesLock();
  XtablesLock(const XtablesLock&) = delete;
  XtablesLock& operator=(const XtablesLock&) = delete;

 private:
  UniqueFd fd_;  // closing it releases the flock
};

}  // namespace docknet::kernel
