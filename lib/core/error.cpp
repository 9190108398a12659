#include "lib/core/error.hpp"

#include <cstring>

#include <fmt/format.h>

namespace docknet {

KernelError::KernelError(const std::string& op, const std::string& object, int code)
    : KernelError(op, object, code, std::strerror(code)) {}

KernelError::KernelError(const std::string& op, const std::string& object, int code,
                         const std::string& detail)
    : KernelError(KernelFault::Failed, op, object, code, detail) {}

KernelError::KernelError(KernelFault fault, const std::string& op, const std::string& object, int code,
                         const std::string& detail)
    : Error(ErrorKind::System, fmt::format("failed to {} {}: {}", op, object, detail)),
      code_(code),
      fault_(fault),
      op_(op),
      object_(object),
      detail_(detail) {}

std::string go_errno_text(int code) {
  std::string why = std::strerror(code);
  if (!why.empty()) why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
  return why;
}

}  // namespace docknet
