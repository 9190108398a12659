#include "lib/store/kv_store.hpp"

namespace docknet::store {

// etcd's clientv3.GetPrefixRangeEnd: the smallest key greater than every key starting with
// prefix. Trailing 0xff bytes cannot be incremented, so they are dropped; a prefix of only 0xff
// bytes (or none) has no such key, and "\0" is etcd's "to the end of the keyspace".
std::string prefix_end(const std::string& prefix) {
  std::string end = prefix;
  while (!end.empty()) {
    auto last = static_cast<unsigned char>(end.back());
    if (last < 0xff) {
      end.back() = static_cast<char>(last + 1);
      return end;
    }
    end.pop_back();
  }
  return std::string(1, '\0');
}

}  // namespace docknet::store
