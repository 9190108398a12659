#pragma once
#include <string>

#include "lib/store/store.hpp"

namespace docknet::store {

/// State in <root>/networks.yaml, guarded by flock(<root>/lock). Writes go to a temporary
/// file that is fsynced and renamed over the old one, then the directory is fsynced.
class FileStore : public Store {
 public:
  explicit FileStore(std::string root) : root_(std::move(root)) {}
  std::unique_ptr<StoreLock> lock(bool exclusive) override;
  std::optional<model::State> load() override;
  void save(const model::State& state) override;
  std::string state_path() const { return root_ + "/networks.yaml"; }

 private:
  void ensure_root();
  std::string root_;
};

}  // namespace docknet::store
