#pragma once
#include <chrono>
#include <memory>

#include "lib/model/network.hpp"
#include "lib/service/context.hpp"

namespace docknet::service {

/// A locked view of the state for one command. Mutating commands hold the exclusive lock for
/// their whole read-modify-write, so concurrent calls never lose an update.
struct Session {
  std::unique_ptr<store::StoreLock> lock;
  std::shared_ptr<void> signals_held;  // a writer's change is never cut in half by Ctrl-C
  model::State state;
};

/// Exclusive session. The first call ever records the built-in networks (bridge on docker0,
/// host, none); the first mutating call (and the first after a reboot) makes their kernel state,
/// and so does every call with `restore_always` (`docknet network restore`).
Session open_for_write(ServiceContext& ctx, bool restore_always = false);

/// Shared session for ls/inspect/__complete; never changes the kernel. Without a state directory
/// it creates none and shows the built-in networks unrecorded; in an existing one without state
/// it records them (first use). Waits at most kReadLockWait for a writer, then reads without the
/// lock (the lock is then null).
Session open_for_read(ServiceContext& ctx);
extern const std::chrono::milliseconds kReadLockWait;

/// Saves the session's state (the last step of every mutation).
void save(ServiceContext& ctx, Session& session);

/// Subnets that default pools must skip: other networks, on-link routes, nameservers.
std::vector<IpPrefix> taken_subnets(ServiceContext& ctx, const model::State& state);

}  // namespace docknet::service
