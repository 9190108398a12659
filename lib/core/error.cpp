#include "lib/core/error.hpp"

#include <cstring>

#include <fmt/format.h>

namespace docknet {

KernelError::KernelError(const std::string& op, const std::string& object, int code)
    : KernelError(op, object, code, std::strerror(code)) {}

KernelError::KernelError(const std::string& op, const std::string& object, int code,
                         const std::string& detail)
    : Error(ErrorKind::System, fmt::format("failed to {} {}: {}", op, object, detail)), code_(code) {}

}  // namespace docknet
