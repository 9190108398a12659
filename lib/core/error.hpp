#pragma once
#include <stdexcept>
#include <string>

namespace docknet {

/// Mirrors moby's errdefs classes; Client means the docker CLI itself reports it (no daemon prefix).
enum class ErrorKind { InvalidParameter, NotFound, Conflict, Forbidden, System, Client };

/// A user-visible failure carrying the exact text Docker prints.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }
  bool from_daemon() const { return kind_ != ErrorKind::Client; }

 private:
  ErrorKind kind_;
};

/// A kernel call that failed: which operation, on what, and the errno.
/// An errno as Go's syscall.Errno prints it in Docker's messages: the C text, first letter
/// lowercased ("file exists", "permission denied").
std::string go_errno_text(int code);

class KernelError : public Error {
 public:
  KernelError(const std::string& op, const std::string& object, int code);
  KernelError(const std::string& op, const std::string& object, int code, const std::string& detail);
  int code() const { return code_; }

 private:
  int code_;
};

}  // namespace docknet
