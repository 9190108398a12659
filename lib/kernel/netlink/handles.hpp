#pragma once
#include <memory>

#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>

namespace docknet::kernel {

/// A deleter with no state: the free function is part of the type.
template <auto Free>
struct CFree {
  template <class T>
  void operator()(T* p) const noexcept {
    if (p) Free(p);
  }
};
template <class T, auto Free>
using CPtr = std::unique_ptr<T, CFree<Free>>;

using NlSock = CPtr<nl_sock, nl_socket_free>;
using NlCache = CPtr<nl_cache, nl_cache_free>;
using RtnlLink = CPtr<rtnl_link, rtnl_link_put>;
using RtnlAddr = CPtr<rtnl_addr, rtnl_addr_put>;
using NlAddr = CPtr<nl_addr, nl_addr_put>;

}  // namespace docknet::kernel
