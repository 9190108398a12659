#pragma once
#include <string>

#include "lib/fs/unique_fd.hpp"
#include "lib/store/store.hpp"

namespace docknet::store {

/// State in <root>/networks.yaml, guarded by flock(<root>/lock). Writes go to a temporary
/// file that is fsynced and renamed over the old one, which is kept as networks.yaml.prev
/// (a hard link, so the last good state survives a bad edit); then the directory is fsynced.
///
/// The state directory is opened once, without following a symlink, and must belong to root
/// (or to the user running docknet) and be writable by nobody else. Every file in it is opened
/// relative to it, never following a symlink, and must be a regular file: a planted link, FIFO
/// or device is refused instead of being written through or hanging the call.
class FileStore : public Store {
 public:
  explicit FileStore(std::string root) : root_(std::move(root)) {}
  std::unique_ptr<StoreLock> lock(bool exclusive) override;
  std::unique_ptr<StoreLock> lock_existing(bool exclusive, std::optional<std::chrono::milliseconds> wait) override;
  /// Throws, naming the file and how to recover, for a store cut short or not valid.
  std::optional<model::State> load() override;
  void save(const model::State& state) override;
  /// Kept in the file `firewall` beside the state, written like it (temporary file, rename).
  std::string recorded_firewall() override;
  void record_firewall(const std::string& name) override;
  /// The digest of the config file docknet last warned about (cmd/config_notice.cpp), in the file
  /// `config-warned` beside the state, written like it; "" when none. Not part of Store: only the
  /// command line tells the user things, and only about this state root's config.
  std::string warned_config_digest();
  void record_warned_config_digest(const std::string& digest);
  std::string state_path() const { return root_ + "/networks.yaml"; }

 private:
  void ensure_root();
  std::string read_line(const char* name);
  void write_line(const char* name, const char* temp_name, const std::string& line);
  /// The state directory, checked; created first when `create` and it does not exist.
  int root_fd(bool create);
  std::string root_;
  UniqueFd dir_;
  bool refused_ = false;  // load() refused the store: save() must not replace it
};

}  // namespace docknet::store
