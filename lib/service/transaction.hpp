#pragma once
#include <exception>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "lib/model/messages.hpp"

namespace docknet::service {

/// An undo stack: unless commit() is called, the destructor runs every registered undo in
/// reverse order. Undo failures never throw; they are collected for the user.
class Transaction {
 public:
  explicit Transaction(std::vector<std::string>& failures) : failures_(failures) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (!committed_) rollback();
  }

  void on_rollback(std::string what, std::function<void()> undo) {
    undo_.emplace_back(std::move(what), std::move(undo));
  }
  void commit() { committed_ = true; }

 private:
  void rollback() noexcept {
    for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) {
      try {
        it->second();
      } catch (const std::exception& e) {
        failures_.push_back(it->first + ": " + model::msg::docker_text(e));
      } catch (...) {
        failures_.push_back(it->first + ": unknown error");
      }
    }
  }

  std::vector<std::string>& failures_;
  std::vector<std::pair<std::string, std::function<void()>>> undo_;
  bool committed_ = false;
};

}  // namespace docknet::service
