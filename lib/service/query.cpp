#include "lib/service/query.hpp"

#include <algorithm>

#include "lib/model/messages.hpp"

namespace docknet::service {

const model::Network& resolve_network(const model::State& state, const std::string& ref, AmbiguityText text) {
  auto ambiguous = [&](size_t n, bool by_name) {
    return text == AmbiguityText::Inspect ? model::msg::ambiguous_network_inspect(ref, n, by_name)
                                          : model::msg::ambiguous_network(ref, n, by_name);
  };
  if (ref.empty()) throw model::msg::network_not_found(ref);
  for (const auto& n : state.networks)
    if (n.id == ref) return n;
  std::vector<const model::Network*> by_name, by_prefix;
  for (const auto& n : state.networks) {
    if (n.name == ref) by_name.push_back(&n);
    if (n.id.rfind(ref, 0) == 0) by_prefix.push_back(&n);
  }
  if (by_name.size() == 1) return *by_name.front();
  if (by_name.size() > 1) throw ambiguous(by_name.size(), true);
  if (by_prefix.size() == 1) return *by_prefix.front();
  if (by_prefix.size() > 1) throw ambiguous(by_prefix.size(), false);
  throw model::msg::network_not_found(ref);
}

model::Network* find_network(model::State& state, const std::string& ref) {
  const model::Network& n = resolve_network(state, ref);
  return const_cast<model::Network*>(&n);
}

const model::Container* container_by_id(const model::State& s, const std::string& ref) {
  if (ref.empty() || ref.size() > 64 || ref.find_first_not_of("0123456789abcdef") != std::string::npos) return nullptr;
  const model::Container* found = nullptr;
  for (const auto& c : s.containers) {
    if (c.id == ref) return &c;
    if (c.id.compare(0, ref.size(), ref) != 0) continue;
    if (found) throw model::msg::ambiguous_container(ref);
    found = &c;
  }
  return found;
}

std::vector<const model::Network*> list_networks(const model::State& state, const model::FilterArgs& filters) {
  model::validate_list_filters(filters);
  std::vector<const model::Network*> out;
  for (const auto& n : state.networks)
    if (model::matches_list_filters(n, filters)) out.push_back(&n);
  std::stable_sort(out.begin(), out.end(), [](const model::Network* a, const model::Network* b) {
    return natural_less(a->name, b->name);
  });
  return out;
}

}  // namespace docknet::service
