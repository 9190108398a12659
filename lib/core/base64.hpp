#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace docknet {

/// Standard base64 (RFC 4648 §4), padded: the state file's !!binary values and the etcd
/// gateway's keys and values (protobuf's JSON mapping of `bytes`).
std::string base64_encode(std::string_view bytes);

/// The state file takes padded base64 only; protobuf's JSON reader (etcd) also takes it unpadded.
enum class Base64Padding { Required, Optional };

/// The bytes of `text`; nullopt for a character outside the alphabet, a bad length, padding
/// anywhere but the end, or bits left over after the last byte.
std::optional<std::string> base64_decode(std::string_view text, Base64Padding padding = Base64Padding::Required);

}  // namespace docknet
