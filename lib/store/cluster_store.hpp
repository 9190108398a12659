#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>

#include "lib/core/error.hpp"
#include "lib/store/kv_store.hpp"
#include "lib/store/store.hpp"

namespace docknet::store {

/// Another host changed what this call read before it could write (the etcd transaction's
/// compares failed): the whole command is run again on a fresh read. Nothing of this call's
/// kernel changes outlives the throw (the use cases' transactions undo them).
class StoreConflict : public Error {
 public:
  StoreConflict() : Error(ErrorKind::Conflict, "the cluster store changed during the call") {}
};

/// The state of a host in a cluster: its own networks in the local store (networks.yaml), the
/// overlay networks, their endpoints on every host and the hosts in the cluster store (etcd).
/// load() merges both; save() writes this host's part locally and the overlay part as one etcd
/// transaction whose compares say that nothing it read and now changes was changed meanwhile
/// (StoreConflict otherwise). A network, an endpoint and an address each have their own key
/// (cluster_keys.hpp), so concurrent calls conflict only when they touch the same thing.
class ClusterStore final : public Store {
 public:
  /// `machine`: this machine's ID (/etc/machine-id), kept with the host's record so that a second
  /// machine with the same hostname is refused rather than taken for this one ("" : unchecked).
  ClusterStore(Store& local, KvStore& kv, std::string host, IpAddress address, std::string machine = "")
      : local_(local), kv_(kv), host_(std::move(host)), address_(address), machine_(std::move(machine)) {}
  std::unique_ptr<StoreLock> lock(bool exclusive) override { return local_.lock(exclusive); }
  std::unique_ptr<StoreLock> lock_existing(bool exclusive, std::optional<std::chrono::milliseconds> wait) override {
    return local_.lock_existing(exclusive, wait);
  }
  /// The local state with the overlay networks added; when the cluster store cannot be read,
  /// the local state alone with State::cluster_unavailable saying why.
  std::optional<model::State> load() override;
  void save(const model::State& state) override;
  void add_shared(model::State& state) override;
  std::string recorded_firewall() override { return local_.recorded_firewall(); }
  void record_firewall(const std::string& name) override { local_.record_firewall(name); }
  /// The cluster store's revision at the last read or write.
  int64_t revision() const { return seen_.revision; }
  /// This host cannot take part (no address for its tunnel, a name another machine holds): every
  /// load then sees the cluster as unavailable, for `why`.
  void refuse(std::string why) { refusal_ = std::move(why); }

 private:
  struct Snapshot {
    int64_t revision = 0;
    std::map<std::string, int64_t> mod;             // key -> mod_revision, as read or written
    std::map<std::string, model::Network> networks;  // by ID, endpoints of every host in `containers`
    std::map<std::string, std::string> hosts;        // name -> address text
    /// Address keys no endpoint holds (their endpoint's key was deleted by hand): free again.
    std::set<std::string> orphan_addresses;
  };
  void read_cluster(model::State& state);
  std::string record() const;
  Store& local_;
  KvStore& kv_;
  std::string host_;
  IpAddress address_;
  std::string machine_;
  Snapshot seen_;
  std::string refusal_;
};

}  // namespace docknet::store
