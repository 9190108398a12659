#include "lib/service/remove_network.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "lib/model/messages.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/kernel_plan.hpp"
#include "lib/service/query.hpp"
#include "lib/service/retry.hpp"
#include "lib/service/steps.hpp"

namespace docknet::service {
namespace {

void check_removable(const model::State& state, const model::Network& n) {
  if (n.is_predefined()) throw model::msg::predefined_network_removal(n.name);
  // An overlay network is in use while any host has an endpoint on it.
  if (!n.containers.empty() || !n.remote_endpoints.empty()) {
    std::vector<std::pair<std::string, std::string>> endpoints;
    for (const auto& [cid, ep] : n.containers) endpoints.emplace_back(ep.name, ep.endpoint_id);
    for (const auto& [cid, ep] : n.remote_endpoints) endpoints.emplace_back(ep.name, ep.endpoint_id);
    throw model::msg::active_endpoints(n.name, endpoints);
  }
  if (n.config_only)
    for (const auto& other : state.networks)
      if (other.config_from == n.name)
        throw model::msg::configuration_network_in_use(n.name);
}

model::Network* find_by_id(model::State& s, const std::string& id) {
  for (auto& n : s.networks)
    if (n.id == id) return &n;
  return nullptr;
}

// A teardown that failed halfway: the network gets back what was removed and loses its mark,
// so it is whole again (an internal network never stays stored without its isolation rules).
// If even that fails, it keeps its mark in the store and the next call finishes the removal.
void put_back(ServiceContext& ctx, model::State& s, model::Network& n) {
  try {
    reinstate_network_kernel(ctx, n);
    n.removing = false;
    ctx.store.save(s);
  } catch (const std::exception& e) {
    ctx.cleanup_failures.push_back("restore network " + n.name + ": " + model::msg::docker_text(e) +
                                   " (the next changing command finishes its removal)");
  }
}

bool contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

void mark_for_removal(ServiceContext& ctx, model::State& state, const std::vector<std::string>& ids) {
  for (const auto& id : ids) find_by_id(state, id)->removing = true;
  try {
    step(ctx, "intent");
    ctx.store.save(state);
  } catch (...) {
    // Not recorded: the marks must not ride along with a later save of this state.
    for (const auto& id : ids) find_by_id(state, id)->removing = false;
    throw;
  }
}

RemovalResult remove_marked(ServiceContext& ctx, model::State& state, const std::vector<std::string>& ids) {
  RemovalResult result;
  std::vector<std::string> torn_down;
  // Rules and links of all the networks go in one batch at the end (one table commit, one RCU
  // wait for every link, instead of one each): prune of 1000 networks in about a second.
  TeardownBatch batch;
  for (const auto& id : ids) {
    model::Network& n = *find_by_id(state, id);
    try {
      teardown_network_kernel(ctx, state, n, &batch);
      torn_down.push_back(id);
    } catch (const Error& e) {
      put_back(ctx, state, n);
      result.failed.emplace_back(n.name, model::msg::in_docker_words(e));
    }
  }
  try {
    flush_teardowns(ctx, batch);
  } catch (const Error& e) {
    // The batch failed as a whole: each of its networks is made whole again and reported.
    for (const auto& id : torn_down) {
      model::Network& n = *find_by_id(state, id);
      put_back(ctx, state, n);
      result.failed.emplace_back(n.name, model::msg::in_docker_words(e));
    }
    torn_down.clear();
  }
  for (const auto& id : ids)
    if (contains(torn_down, id)) result.removed.push_back(find_by_id(state, id)->name);
  if (torn_down.empty()) return result;
  // Only what was really torn down leaves the store; a network that could not be put back
  // keeps its mark, so the next call retries rather than forgetting a live bridge.
  auto& nets = state.networks;
  model::State before = state;
  nets.erase(std::remove_if(nets.begin(), nets.end(), [&](const model::Network& x) { return contains(torn_down, x.id); }),
             nets.end());
  try {
    step(ctx, "store");
    ctx.store.save(state);
  } catch (const std::exception&) {
    // Not saved: the networks come back whole (or, if even that cannot be saved, their marks
    // stay on disk and the next call finishes the removal).
    state = std::move(before);
    for (auto& n : state.networks)
      if (contains(torn_down, n.id)) put_back(ctx, state, n);
    throw;
  }
  return result;
}

namespace {

std::vector<RemoveOutcome> remove_once(ServiceContext& ctx, const std::vector<std::string>& refs, bool force) try {
  Operation op(ctx, "rm");
  std::vector<RemoveOutcome> out;
  Session session = open_for_write(ctx);
  // Each name is judged, and its intent saved, one by one as the docker CLI's removals go: the
  // names before it are gone from the view it is resolved in (`rm a a`: the second is not
  // found). The kernel work of all of them then runs as one batch (see remove_marked).
  model::State view = session.state;
  std::vector<std::string> ids, chosen(refs.size());  // chosen[i]: the network refs[i] names
  for (size_t i = 0; i < refs.size(); ++i) {
    RemoveOutcome o{refs[i], std::nullopt, false};
    try {
      const model::Network& n = resolve_network(view, refs[i]);
      check_removable(view, n);
      std::string id = n.id;
      mark_for_removal(ctx, session.state, {id});
      chosen[i] = n.name;
      ids.push_back(id);
      auto& nets = view.networks;
      nets.erase(std::remove_if(nets.begin(), nets.end(), [&](const model::Network& x) { return x.id == id; }), nets.end());
    } catch (const Error& e) {
      if (force && e.kind() == ErrorKind::NotFound) o.skipped = true;
      else o.error = model::msg::in_docker_words(e);
    }
    out.push_back(std::move(o));
  }
  if (ids.empty()) return out;
  RemovalResult result;
  try {
    result = remove_marked(ctx, session.state, ids);
  } catch (const store::StoreConflict&) {
    throw;  // another host changed an overlay network meanwhile: all whole again, judged afresh
  } catch (const Error& e) {  // not saved: each of them is whole again (or finished next time)
    for (size_t i = 0; i < refs.size(); ++i)
      if (!chosen[i].empty()) out[i].error = model::msg::in_docker_words(e);
    return out;
  }
  std::map<std::string, Error> failed(result.failed.begin(), result.failed.end());
  for (size_t i = 0; i < refs.size(); ++i)
    if (auto it = failed.find(chosen[i]); it != failed.end()) out[i].error = it->second;
  return out;
} catch (const KernelError& e) {  // a kernel or store fact leaves the service in Docker's words
  throw model::msg::in_docker_words(e);
}

}  // namespace

std::vector<RemoveOutcome> remove_networks(ServiceContext& ctx, const std::vector<std::string>& refs, bool force) {
  return with_cluster_retries(ctx, [&] { return remove_once(ctx, refs, force); });
}

}  // namespace docknet::service
