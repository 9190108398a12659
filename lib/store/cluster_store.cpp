#include "lib/store/cluster_store.hpp"

#include <algorithm>
#include <set>

#include "lib/store/cluster_codec.hpp"
#include "lib/store/cluster_keys.hpp"

namespace docknet::store {
namespace {

using cluster::address_key;
using cluster::endpoint_key;
using cluster::network_key;
using model::Endpoint;
using model::Network;
using C = Compare;

// The part of a key after `prefix`, split at '/' into exactly `parts` non-empty pieces.
std::optional<std::vector<std::string>> key_parts(const std::string& key, const std::string& prefix, size_t parts) {
  if (key.rfind(prefix, 0) != 0) return std::nullopt;
  std::vector<std::string> out;
  size_t at = prefix.size();
  for (;;) {
    size_t slash = key.find('/', at);
    out.push_back(key.substr(at, slash == std::string::npos ? std::string::npos : slash - at));
    if (out.back().empty()) return std::nullopt;
    if (slash == std::string::npos) break;
    at = slash + 1;
  }
  if (out.size() != parts) return std::nullopt;
  return out;
}

std::vector<std::string> addresses_of(const Endpoint& e) {
  std::vector<std::string> out;
  if (e.ipv4) out.push_back(e.ipv4->addr().to_string());
  if (e.ipv6) out.push_back(e.ipv6->addr().to_string());
  return out;
}

/// The overlay networks of a state, each with the endpoints of every host in `containers`.
/// A network still being created (pending) is not in the cluster yet: it appears with the
/// save that finishes its create. A network being removed keeps its record unmarked until the
/// save that deletes it: rm runs only when no host has an endpoint, so this host has nothing of
/// it in its kernel, and a mark in the store would have other hosts' reconciles finish the
/// removal under the rm. An rm killed in between leaves the network as it was.
std::map<std::string, Network> cluster_part(const model::State& state) {
  std::map<std::string, Network> out;
  for (const auto& n : state.networks) {
    if (!cluster::in_cluster(n) || n.pending) continue;
    Network merged = n;
    for (const auto& [cid, e] : n.remote_endpoints) merged.containers.emplace(cid, e);
    merged.remote_endpoints.clear();
    merged.peers.clear();
    merged.removing = false;
    out.emplace(n.id, std::move(merged));
  }
  return out;
}

/// The transaction that takes the cluster from what `seen` read to `now`.
class TxnPlan {
 public:
  TxnPlan(const std::map<std::string, int64_t>& mod, int64_t revision) : mod_(mod), revision_(revision) {}

  void network(const Network* before, const Network* after) {
    const std::string& id = after ? after->id : before->id;
    std::string key = network_key(id);
    if (!before) {
      // Nothing created or changed under networks/ since the read: no other host took the name,
      // a subnet or a VXLAN ID this create checked as free.
      compares.push_back({cluster::kNetworks, prefix_end(cluster::kNetworks), C::Target::Mod, C::Result::Less, revision_ + 1});
      compares.push_back({key, "", C::Target::Create, C::Result::Equal, 0});
      put(key, cluster::encode_network(*after));
    } else if (!after) {
      // No endpoint joined on any host since the read (rm found none); whatever is left goes.
      compares.push_back({cluster::endpoints_of(id), prefix_end(cluster::endpoints_of(id)), C::Target::Mod,
                          C::Result::Less, revision_ + 1});
      compare_unchanged(key);
      remove(key);
      ops.push_back({TxnOp::Kind::Delete, cluster::endpoints_of(id), "", prefix_end(cluster::endpoints_of(id))});
      ops.push_back({TxnOp::Kind::Delete, cluster::addresses_of(id), "", prefix_end(cluster::addresses_of(id))});
      return;
    } else if (cluster::encode_network(*before) != cluster::encode_network(*after)) {
      compare_unchanged(key);
      put(key, cluster::encode_network(*after));
    }
    endpoints(id, before, *after);
  }

  void forget_host(const std::string& name) { remove(cluster::host_key(name)); }

  void host(const std::string& name, const std::string& address, const std::map<std::string, std::string>& known) {
    auto it = known.find(name);
    if (!ops.empty() && (it == known.end() || it->second != address)) put(cluster::host_key(name), address);
  }

  std::vector<Compare> compares;
  std::vector<TxnOp> ops;
  std::set<std::string> written, deleted;

 private:
  void endpoints(const std::string& id, const Network* before, const Network& after) {
    static const std::map<std::string, Endpoint> none;
    const auto& old_eps = before ? before->containers : none;
    std::set<std::string> cids;
    for (const auto& [cid, _] : old_eps) cids.insert(cid);
    for (const auto& [cid, _] : after.containers) cids.insert(cid);
    for (const auto& cid : cids) {
      auto o = old_eps.find(cid);
      auto a = after.containers.find(cid);
      endpoint(id, cid, o == old_eps.end() ? nullptr : &o->second, a == after.containers.end() ? nullptr : &a->second,
               before != nullptr);
    }
  }

  void endpoint(const std::string& id, const std::string& cid, const Endpoint* before, const Endpoint* after,
                bool network_existed) {
    std::string key = endpoint_key(id, cid);
    if (before && after && *before == *after) return;
    std::vector<std::string> old_ips = before ? addresses_of(*before) : std::vector<std::string>{};
    std::vector<std::string> new_ips = after ? addresses_of(*after) : std::vector<std::string>{};
    if (before) compare_unchanged(key);
    else compares.push_back({key, "", C::Target::Create, C::Result::Equal, 0});
    // The network is still there (an rm on another host did not win the race).
    if (after && network_existed)
      compares.push_back({network_key(id), "", C::Target::Version, C::Result::Greater, 0});
    if (after) put(key, cluster::encode_endpoint(id, *after));
    else remove(key);
    for (const auto& ip : old_ips)
      if (std::find(new_ips.begin(), new_ips.end(), ip) == new_ips.end()) remove(address_key(id, ip));
    for (const auto& ip : new_ips)
      if (std::find(old_ips.begin(), old_ips.end(), ip) == old_ips.end()) {
        // The address is free on every host: the one compare that keeps IPAM global.
        compares.push_back({address_key(id, ip), "", C::Target::Create, C::Result::Equal, 0});
        put(address_key(id, ip), cid);
      }
  }

  void compare_unchanged(const std::string& key) {
    auto it = mod_.find(key);
    compares.push_back({key, "", C::Target::Mod, C::Result::Equal, it == mod_.end() ? 0 : it->second});
  }
  void put(const std::string& key, const std::string& value) {
    ops.push_back({TxnOp::Kind::Put, key, value, ""});
    written.insert(key);
  }
  void remove(const std::string& key) {
    ops.push_back({TxnOp::Kind::Delete, key, "", ""});
    deleted.insert(key);
  }

  const std::map<std::string, int64_t>& mod_;
  int64_t revision_;
};

}  // namespace

void ClusterStore::read_cluster(model::State& state) {
  RangeResult r = kv_.range(cluster::kRoot, prefix_end(cluster::kRoot));
  Snapshot seen;
  seen.revision = r.revision;
  std::vector<std::pair<std::vector<std::string>, const KeyValue*>> endpoints;
  for (const auto& kv : r.kvs) {
    seen.mod[kv.key] = kv.mod_revision;
    if (auto p = key_parts(kv.key, cluster::kNetworks, 1)) {
      Network n = cluster::decode_network(kv.key, kv.value);
      seen.networks.emplace(n.id, std::move(n));
    } else if (auto e = key_parts(kv.key, cluster::kEndpoints, 2)) {
      endpoints.emplace_back(std::move(*e), &kv);
    } else if (auto h = key_parts(kv.key, cluster::kHosts, 1)) {
      seen.hosts[(*h)[0]] = kv.value;
    }
  }
  // An endpoint whose network is gone (its rm raced a crash) is left for that rm's next run.
  for (const auto& [parts, kv] : endpoints) {
    auto n = seen.networks.find(parts[0]);
    if (n == seen.networks.end()) continue;
    n->second.containers[parts[1]] = cluster::decode_endpoint(kv->key, parts[0], parts[1], kv->value);
  }
  for (const auto& [name, address] : seen.hosts)
    if (auto ip = IpAddress::parse(address)) state.cluster_hosts[name] = *ip;
  for (const auto& [id, merged] : seen.networks) {
    Network n = merged;
    n.containers.clear();
    std::set<std::string> hosts;
    for (const auto& [cid, e] : merged.containers) {
      (e.host == host_ ? n.containers : n.remote_endpoints)[cid] = e;
      hosts.insert(e.host);
    }
    for (const auto& h : hosts)
      if (auto ip = state.cluster_hosts.find(h); ip != state.cluster_hosts.end()) n.peers.emplace_back(h, ip->second);
    state.networks.push_back(std::move(n));
  }
  seen_ = std::move(seen);
}

std::optional<model::State> ClusterStore::load() {
  if (!refusal_.empty()) throw Error(ErrorKind::System, refusal_);
  auto state = local_.load();
  if (state) add_shared(*state);
  return state;
}

void ClusterStore::add_shared(model::State& state) {
  if (!refusal_.empty()) throw Error(ErrorKind::System, refusal_);
  try {
    read_cluster(state);
  } catch (const Error& e) {
    // A record that does not parse is not "unreachable": it stops every command, by name.
    if (std::string(e.what()).rfind("corrupt cluster store record", 0) == 0) throw;
    state.cluster_unavailable = e.what();
  }
}

void ClusterStore::save(const model::State& state) {
  if (state.cluster_unavailable.empty()) {
    auto now = cluster_part(state);
    TxnPlan plan(seen_.mod, seen_.revision);
    std::set<std::string> ids;
    for (const auto& [id, _] : seen_.networks) ids.insert(id);
    for (const auto& [id, _] : now) ids.insert(id);
    for (const auto& id : ids) {
      auto b = seen_.networks.find(id);
      auto a = now.find(id);
      plan.network(b == seen_.networks.end() ? nullptr : &b->second, a == now.end() ? nullptr : &a->second);
    }
    // `node rm`: a host gone for good leaves the cluster's list.
    for (const auto& [name, address] : seen_.hosts)
      if (name != host_ && IpAddress::parse(address) && !state.cluster_hosts.count(name)) plan.forget_host(name);
    plan.host(host_, address_.to_string(), seen_.hosts);
    if (!plan.ops.empty()) {
      TxnResult r = kv_.txn(plan.compares, plan.ops);
      if (!r.succeeded) throw StoreConflict();
      for (const auto& key : plan.written) seen_.mod[key] = r.revision;
      for (const auto& key : plan.deleted) seen_.mod.erase(key);
      seen_.networks = std::move(now);
      for (const auto& key : plan.deleted)
        if (key.rfind(cluster::kHosts, 0) == 0) seen_.hosts.erase(key.substr(cluster::kHosts.size()));
      seen_.hosts[host_] = address_.to_string();
      seen_.revision = r.revision;
    }
  }
  model::State local = state;
  auto& nets = local.networks;
  nets.erase(std::remove_if(nets.begin(), nets.end(), [](const Network& n) { return cluster::in_cluster(n); }), nets.end());
  local.cluster_hosts.clear();
  local.cluster_unavailable.clear();
  local_.save(local);
}

}  // namespace docknet::store
