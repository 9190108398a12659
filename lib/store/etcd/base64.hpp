#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace docknet::store::etcd {

/// Standard base64 (RFC 4648 §4, padded): how protobuf's JSON mapping writes `bytes` fields,
/// which every etcd key and value is.
std::string base64_encode(std::string_view bytes);
/// The bytes of standard base64, padded or not (protobuf's JSON reader accepts both); nullopt
/// for any other character, a bad length or bits left over after the last byte.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace docknet::store::etcd
