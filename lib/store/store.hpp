#pragma once
#include <chrono>
#include <memory>
#include <optional>

#include "lib/model/network.hpp"

namespace docknet::store {

/// Held while it lives; released by its destructor.
class StoreLock {
 public:
  virtual ~StoreLock() = default;
};

/// Where docknet's state lives. Every read-modify-write holds the exclusive lock.
class Store {
 public:
  virtual ~Store() = default;
  virtual std::unique_ptr<StoreLock> lock(bool exclusive) = 0;
  /// The lock for a call that changes nothing: it never creates the state directory nor the
  /// lock file (a read must not make a store). nullptr when there is no store yet (no state
  /// directory: nothing to lock), or when `wait` is given and a writer holds the lock longer: the
  /// caller then reads without it, which the store allows (save() replaces the state by an
  /// atomic rename).
  virtual std::unique_ptr<StoreLock> lock_existing(bool exclusive, std::optional<std::chrono::milliseconds> wait) = 0;
  /// nullopt when nothing was ever saved.
  virtual std::optional<model::State> load() = 0;
  /// Adds what other hosts share to a state that was not loaded (the built-in networks of a
  /// first call): the overlay networks of a cluster store. Nothing without one.
  virtual void add_shared(model::State&) {}
  /// Atomic: readers see the old or the new state, never a mix.
  virtual void save(const model::State& state) = 0;
  /// The firewall backend the stored networks' rules were last written to ("" if never
  /// recorded), so a switch can take them out of the old one.
  virtual std::string recorded_firewall() = 0;
  virtual void record_firewall(const std::string& name) = 0;
};

}  // namespace docknet::store
