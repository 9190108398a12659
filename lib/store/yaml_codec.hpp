#pragma once
#include <functional>
#include <string>

#include "lib/model/network.hpp"

namespace docknet::store {

/// State ⇄ YAML text; the only place that knows yaml-cpp. Throws Error(System) on bad input.
std::string encode_state(const model::State& state);
/// Reads with the fast reader (state_format.hpp), falling back to yaml-cpp for a layout it does
/// not take (a hand-edited file). `fell_back`, when given, is set to why it fell back, or to ""
/// when it did not.
model::State decode_state(const std::string& text, const std::string& origin, std::string* fell_back = nullptr);

/// Makes decode_state's fall-back visible to whoever owns the output: while one lives, every
/// fall-back on this thread calls `note` with the file and why (the store layer prints nothing;
/// --debug's tracing in cmd/trace.cpp installs one around a load). Nests: the previous one comes
/// back when it ends.
class FallbackWatch {
 public:
  explicit FallbackWatch(std::function<void(const std::string& why)> note);
  ~FallbackWatch();
  FallbackWatch(const FallbackWatch&) = delete;
  FallbackWatch& operator=(const FallbackWatch&) = delete;

 private:
  friend model::State decode_state(const std::string&, const std::string&, std::string*);
  std::function<void(const std::string&)> note_;
  FallbackWatch* previous_;
};
/// The full YAML parser alone (what decode_state falls back to for hand-edited files).
model::State decode_state_with_yaml_cpp(const std::string& text, const std::string& origin);

}  // namespace docknet::store
