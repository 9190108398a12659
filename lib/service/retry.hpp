#pragma once
#include <time.h>

#include <random>
#include <utility>

#include "lib/service/context.hpp"
#include "lib/store/cluster_store.hpp"

namespace docknet::service {

/// Runs a whole command again when another host changed what it read from the cluster store
/// before it could write (the etcd transaction's compares failed): an optimistic transaction.
/// The failed attempt has undone its own kernel changes (its Transaction) before the retry reads
/// afresh. Jittered backoff, so that hosts racing for one address do not race again in step.
template <class F>
auto with_cluster_retries(ServiceContext& ctx, F&& attempt) {
  constexpr int kAttempts = 30;
  std::minstd_rand jitter(std::random_device{}());
  for (int i = 1;; ++i) {
    try {
      return attempt();
    } catch (const store::StoreConflict&) {
      if (i == kAttempts) throw;
      ctx.debug("cluster store changed during the call: attempt " + std::to_string(i + 1));
      long max_us = 1000L << std::min(i, 5);  // 2 ms .. 32 ms
      timespec pause{0, (static_cast<long>(jitter() % static_cast<unsigned long>(max_us)) + 200) * 1000};
      nanosleep(&pause, nullptr);
    }
  }
}

}  // namespace docknet::service
