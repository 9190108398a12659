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

/// An errno as Go's syscall.Errno prints it in Docker's messages: the C text, first letter
/// lowercased ("file exists", "permission denied").
std::string go_errno_text(int code);

/// What kind of fact a KernelError reports. The kernel and store layers say what happened;
/// the services put it in Docker's (or docknet's) words through model::msg::in_docker_words.
enum class KernelFault {
  Failed,        // the call failed: "failed to OP OBJECT: DETAIL" says it all
  Denied,        // refused for want of privileges (EPERM/EACCES where root would pass)
  Unsupported,   // this kernel lacks a feature; detail names it ("bridge support (CONFIG_BRIDGE)")
  NoNfTables,    // no nf_tables in this kernel; detail: the failed call's own text
  BareErrno,     // Docker passes the errno on as is (a dummy link the kernel cannot make)
  NoParent,      // object: the parent link a macvlan/ipvlan endpoint needs is not there
  LinkLocal,     // object: the interface; detail: the link-local addresses it refused
  NotSysctl,     // object: the /proc/sys file that could not be opened
  UnsafePath,    // object: a path docknet will not use; detail: why (a symlink, a FIFO ...)
};

/// A kernel call that failed: which operation, on what, the errno, and what kind of fact it
/// is. what() is the plain "failed to OP OBJECT: DETAIL", for logs and undo warnings alike.
class KernelError : public Error {
 public:
  KernelError(const std::string& op, const std::string& object, int code);
  KernelError(const std::string& op, const std::string& object, int code, const std::string& detail);
  KernelError(KernelFault fault, const std::string& op, const std::string& object, int code, const std::string& detail);
  int code() const { return code_; }
  KernelFault fault() const { return fault_; }
  const std::string& op() const { return op_; }
  const std::string& object() const { return object_; }
  const std::string& detail() const { return detail_; }

 private:
  int code_;
  KernelFault fault_ = KernelFault::Failed;
  std::string op_, object_, detail_;
};

}  // namespace docknet
