#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "lib/model/network.hpp"

namespace docknet::model {

inline constexpr const char* kOptVxlanIdList = "com.docker.network.driver.overlay.vxlanid_list";
inline constexpr const char* kOptEncrypted = "encrypted";
/// The first VXLAN ID handed out: Docker's overlay allocator starts there (4096 and up).
inline constexpr uint32_t kFirstVni = 4096;
inline constexpr uint32_t kMaxVni = (1u << 24) - 1;
/// Where each overlay network's per-host namespace is bound (Docker: /var/run/docker/netns).
inline constexpr const char* kSandboxDir = "/run/docknet/netns";

/// The network's VXLAN ID, from its options (the first of the list); nullopt when it has none.
std::optional<uint32_t> vni_of(const Network& network);
/// "1-" and the first ten characters of the ID, in kSandboxDir, as Docker names it.
std::string sandbox_path(const Network& network);

}  // namespace docknet::model
