// docknet-kv-probe STORE COMMAND ARGS...: drives docknet's etcd client (lib/store/etcd) against
// a real etcd for tests/e2e/185-etcd-client.bats. Test-only, never installed. Prints plain text;
// a failure prints the docknet::Error's message on stderr and exits 1 (2: usage).
//   range KEY [END]             "revision N", then "KEY VALUE create=C mod=M version=V" per key
//   prefix PREFIX               range over every key starting with PREFIX
//   get KEY                     the value's bytes as they are (exit 1 when absent)
//   put KEY VALUE | del KEY     "revision N"
//   cas-create KEY VALUE        put only if KEY does not exist: "created revision N" or "exists" (exit 1)
//   put-if-older PREFIX REV KEY VALUE
//                               put only if every key under PREFIX has mod_revision < REV (a range
//                               compare): "succeeded revision N" or "failed" (exit 1)
//   watch PREFIX COUNT [START]  "REV put KEY VALUE" / "REV delete KEY" per event until COUNT
//                               events; SIGTERM ends it early ("stopped")
//   repeat N KEY [PAUSE]        N ranges of KEY on one client, PAUSE seconds apart: "ok
//                               connections=C" (1 while the kept-alive connection lasts)
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "lib/core/error.hpp"
#include "lib/store/etcd/etcd_client.hpp"

using docknet::store::Compare;
using docknet::store::TxnOp;
using docknet::store::etcd::EtcdClient;

namespace {

void on_term(int) { EtcdClient::request_stop(); }

void print_range(const docknet::store::RangeResult& r) {
  std::cout << "revision " << r.revision << "\n";
  for (const auto& kv : r.kvs)
    std::cout << kv.key << " " << kv.value << " create=" << kv.create_revision << " mod=" << kv.mod_revision
              << " version=" << kv.version << "\n";
}

int watch(EtcdClient& store, const std::string& prefix, int count, int64_t start) {
  struct sigaction sa {};
  sa.sa_handler = on_term;  // no SA_RESTART: the wait is interrupted
  sigaction(SIGTERM, &sa, nullptr);
  int seen = 0;
  store.watch(prefix, docknet::store::prefix_end(prefix), start, [&](int64_t rev, const auto& events) {
    for (const auto& e : events) {
      std::cout << rev << (e.deleted ? " delete " : " put ") << e.kv.key;
      if (!e.deleted) std::cout << " " << e.kv.value;
      std::cout << std::endl;
      ++seen;
    }
    return seen < count;
  });
  if (seen < count) std::cout << "stopped" << std::endl;
  return 0;
}

int run(EtcdClient& store, const std::vector<std::string>& a) {
  const std::string& cmd = a[0];
  auto put = [](const std::string& k, const std::string& v) { return TxnOp{TxnOp::Kind::Put, k, v, ""}; };
  if (cmd == "range" && (a.size() == 2 || a.size() == 3)) {
    print_range(store.range(a[1], a.size() == 3 ? a[2] : ""));
  } else if (cmd == "prefix" && a.size() == 2) {
    print_range(store.range(a[1], docknet::store::prefix_end(a[1])));
  } else if (cmd == "get" && a.size() == 2) {
    auto r = store.range(a[1], "");
    if (r.kvs.empty()) return 1;
    std::cout << r.kvs[0].value;
  } else if (cmd == "put" && a.size() == 3) {
    std::cout << "revision " << store.txn({}, {put(a[1], a[2])}).revision << "\n";
  } else if (cmd == "del" && a.size() == 2) {
    std::cout << "revision " << store.txn({}, {TxnOp{TxnOp::Kind::Delete, a[1], "", ""}}).revision << "\n";
  } else if (cmd == "cas-create" && a.size() == 3) {
    Compare absent{a[1], "", Compare::Target::Create, Compare::Result::Equal, 0};
    auto r = store.txn({absent}, {put(a[1], a[2])});
    std::cout << (r.succeeded ? "created revision " + std::to_string(r.revision) : std::string("exists")) << "\n";
    return r.succeeded ? 0 : 1;
  } else if (cmd == "put-if-older" && a.size() == 5) {
    Compare older{a[1], docknet::store::prefix_end(a[1]), Compare::Target::Mod, Compare::Result::Less, std::stoll(a[2])};
    auto r = store.txn({older}, {put(a[3], a[4])});
    std::cout << (r.succeeded ? "succeeded revision " + std::to_string(r.revision) : std::string("failed")) << "\n";
    return r.succeeded ? 0 : 1;
  } else if (cmd == "watch" && (a.size() == 3 || a.size() == 4)) {
    return watch(store, a[1], std::stoi(a[2]), a.size() == 4 ? std::stoll(a[3]) : 0);
  } else if (cmd == "repeat" && (a.size() == 3 || a.size() == 4)) {
    for (int i = std::stoi(a[1]); i > 0; --i) {
      store.range(a[2], "");
      if (a.size() == 4 && i > 1) usleep(static_cast<useconds_t>(std::stod(a[3]) * 1e6));
    }
    std::cout << "ok connections=" << store.connections_opened() << "\n";
  } else {
    return 2;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: docknet-kv-probe STORE COMMAND ARGS...\n");
    return 2;
  }
  try {
    EtcdClient store(argv[1]);
    int rc = run(store, std::vector<std::string>(argv + 2, argv + argc));
    if (rc == 2) std::fprintf(stderr, "docknet-kv-probe: bad command (see tests/tools/kv_probe.cpp)\n");
    return rc;
  } catch (const docknet::Error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
}
